"""Benchmarks run by ``make bench`` (``python -m bench``); each module adds a section."""
