"""Pieces shared by the text commands (utseg, translate, compare): reading inputs, time."""
