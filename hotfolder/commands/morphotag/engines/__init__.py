"""Language engines that are not spaCy pipelines: each module exposes `load(lang) -> Analyzer` (see ../analyzer.py)."""
