"""Pieces of the `morphotag` command: spaCy pipelines, UD mapping, %mor/%gra assembly."""
