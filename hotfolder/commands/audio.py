"""Decode a recording to mono float32 samples at one rate, without a system ffmpeg.

wav, flac, ogg and mp3 go through soundfile (its wheel bundles libsndfile);
m4a, mp4 and anything soundfile refuses go through PyAV, whose wheel bundles
the ffmpeg libraries. Resampling uses soxr when it is installed, else PyAV's
libswresample (both band-limited; no scipy needed).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import numpy.typing as npt
import soundfile

from hotfolder.errors import FailureCategory, FileFailure

Samples = npt.NDArray[np.float32]

SOUNDFILE_EXTENSIONS = frozenset({"wav", "flac", "ogg", "mp3"})
DEFAULT_RATE = 16000

_HAS_SOXR = importlib.util.find_spec("soxr") is not None


def load_audio(path: Path, sample_rate: int = DEFAULT_RATE) -> Samples:
    """Mono float32 samples in [-1, 1] at `sample_rate`; FileFailure(validation) when undecodable."""
    if path.suffix[1:].lower() in SOUNDFILE_EXTENSIONS:
        try:
            samples, rate = _read_soundfile(path)
        except (soundfile.LibsndfileError, RuntimeError, ValueError):
            samples, rate = _read_av(path)  # e.g. a .wav holding a codec libsndfile lacks
    else:
        samples, rate = _read_av(path)
    return resample(samples, rate, sample_rate)


def audio_duration_s(path: Path) -> float:
    """Duration in seconds from the container's header when it has one, else by decoding."""
    try:
        info = soundfile.info(str(path))
        if info.frames > 0 and info.samplerate > 0:
            return float(info.frames / info.samplerate)
    except (soundfile.LibsndfileError, RuntimeError, ValueError):
        pass
    samples = load_audio(path, DEFAULT_RATE)
    return len(samples) / DEFAULT_RATE


def resample(samples: Samples, rate: int, target: int) -> Samples:
    """Band-limited resampling of mono float32 samples."""
    if rate == target or samples.size == 0:
        return np.ascontiguousarray(samples, dtype=np.float32)
    if _HAS_SOXR:
        import soxr

        return np.asarray(soxr.resample(samples, rate, target), dtype=np.float32)
    return _resample_av(samples, rate, target)


def _read_soundfile(path: Path) -> tuple[Samples, int]:
    data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    return np.ascontiguousarray(data.mean(axis=1), dtype=np.float32), int(rate)


def _read_av(path: Path) -> tuple[Samples, int]:
    """Decode the first audio stream with PyAV, downmixed to mono at its own rate."""
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise _undecodable(path, "it has no audio stream")
            stream = container.streams.audio[0]
            rate = stream.rate or stream.codec_context.sample_rate
            resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
            chunks = [
                out.to_ndarray().reshape(-1)
                for frame in container.decode(stream)
                for out in resampler.resample(frame)
            ]
            chunks += [out.to_ndarray().reshape(-1) for out in resampler.resample(None)]
    except FileNotFoundError:
        raise FileFailure(f"the recording {path.name} is missing", FailureCategory.INPUT_MISSING) from None
    except av.FFmpegError as error:
        raise _undecodable(path, str(error)) from None
    if not chunks:
        raise _undecodable(path, "it holds no audio samples")
    return np.concatenate(chunks).astype(np.float32, copy=False), int(rate)


def _resample_av(samples: Samples, rate: int, target: int) -> Samples:
    import av

    frame = av.AudioFrame.from_ndarray(
        np.ascontiguousarray(samples, dtype=np.float32).reshape(1, -1), format="flt", layout="mono"
    )
    frame.sample_rate = rate
    resampler = av.AudioResampler(format="flt", layout="mono", rate=target)
    chunks = [out.to_ndarray().reshape(-1) for out in resampler.resample(frame)]
    chunks += [out.to_ndarray().reshape(-1) for out in resampler.resample(None)]
    return np.concatenate(chunks).astype(np.float32, copy=False) if chunks else np.zeros(0, np.float32)


def _undecodable(path: Path, reason: str) -> FileFailure:
    return FileFailure(f"cannot decode the recording {path.name}: {reason}", FailureCategory.VALIDATION)
