"""translate: a %xtra tier per utterance from Debian's apertium rule-based translator."""
