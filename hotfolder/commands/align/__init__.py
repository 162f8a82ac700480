"""Forced alignment for `align`: pronunciations, windows, pocketsphinx, boundary refinement."""
