"""avqi: the Acoustic Voice Quality Index of a sustained vowel and continuous speech (parselmouth)."""
