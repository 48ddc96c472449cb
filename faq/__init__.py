"""The FAQ engine: knowledge base, normalisation, matching, classification.

Pure and synchronous: nothing here imports another fairbot package, and the
only I/O is reading knowledge-base files.
"""
