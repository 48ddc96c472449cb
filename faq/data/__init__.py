"""Data files of the FAQ engine (gazetteer, lexicon, abbreviations, language lists)."""
