"""utseg: cutting over-long utterances at the sentence and clause boundaries a spaCy parse finds."""
