"""Synthesized voices for the acoustic commands' tests, and checks that they are what they claim.

`vowel` is additive synthesis of a sustained /a/: harmonics of a vibrato f0
shaped by a -12 dB/octave glottal source and four formant resonances. It is
fast (no per-sample loop) and has a known pitch. `with_noise` adds white
noise at a signal-to-noise ratio measured over the voiced samples.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import parselmouth
import soundfile

Samples = npt.NDArray[np.float32]
FORMANTS_A = ((700.0, 80.0), (1220.0, 90.0), (2600.0, 120.0), (3500.0, 150.0))  # Hz, bandwidth


def formant_gain(freqs: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Magnitude response of a cascade of two-pole resonators, times a -12 dB/octave source above 100 Hz."""
    gain = np.ones_like(freqs)
    for centre, bandwidth in FORMANTS_A:
        half = bandwidth / 2
        gain *= (centre**2 + half**2) / np.sqrt((freqs**2 - centre**2 - half**2) ** 2 + (freqs * bandwidth) ** 2)
    return np.asarray(gain / np.maximum(freqs / 100.0, 1.0) ** 2, dtype=np.float64)


def vowel(seconds: float, rate: int = 44100, f0: float = 120.0, vibrato_hz: float = 5.0, depth: float = 0.02) -> Samples:
    """A sustained /a/ at `f0` with a gentle vibrato, peak 0.5."""
    t = np.arange(int(seconds * rate)) / rate
    pitch = f0 * (1 + depth * np.sin(2 * np.pi * vibrato_hz * t))
    phase = 2 * np.pi * np.cumsum(pitch) / rate
    top = min(10000.0, rate / 2 - 500)
    signal = np.zeros_like(t)
    k = 1
    while k * f0 * (1 + depth) < top:
        signal += formant_gain(k * pitch) * np.sin(k * phase)
        k += 1
    return np.asarray(0.5 * signal / np.max(np.abs(signal)), dtype=np.float32)


def with_noise(samples: Samples, snr_db: float, seed: int = 0) -> Samples:
    """`samples` plus white noise `snr_db` below the power of its non-silent part."""
    loud = samples[np.abs(samples) > 0.01]
    rms = float(np.sqrt(np.mean(np.square(loud, dtype=np.float64))))
    noise = np.random.default_rng(seed).normal(0.0, rms / 10 ** (snr_db / 20), samples.size)
    return np.clip(samples + noise, -1.0, 1.0).astype(np.float32)


def write_wav(path: Path, samples: Samples, rate: int) -> Path:
    soundfile.write(str(path), samples, rate, subtype="PCM_16")
    return path


def test_vowel_has_the_pitch_it_was_made_with() -> None:
    pitch = parselmouth.Sound(vowel(1.0, f0=150.0).astype(np.float64), 44100).to_pitch()
    assert abs(parselmouth.praat.call(pitch, "Get mean", 0, 0, "Hertz") - 150.0) < 2.0


def test_noise_is_added_at_the_asked_ratio() -> None:
    clean = vowel(1.0)
    noisy = with_noise(clean, 20.0)
    noise = noisy.astype(np.float64) - clean
    ratio = 10 * np.log10(np.mean(np.square(clean[np.abs(clean) > 0.01], dtype=np.float64)) / np.mean(noise**2))
    assert abs(ratio - 20.0) < 0.5
