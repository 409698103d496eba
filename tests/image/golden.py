"""The golden data of tests/image: recorded from MXNet 1.9.1 (numpy 1.23.5) by
scripts/record_image_text.py into tests/image/data/golden.npz and golden.json."""
from __future__ import annotations

import functools
import json
import os

import numpy as np

DATA = os.path.join(os.path.dirname(__file__), "data")


@functools.lru_cache(maxsize=1)
def arrays():
    return dict(np.load(os.path.join(DATA, "golden.npz")))


@functools.lru_cache(maxsize=1)
def facts() -> dict:
    with open(os.path.join(DATA, "golden.json")) as f:
        return json.load(f)


def read(name: str) -> bytes:
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read()


def differences(expected: np.ndarray, got) -> tuple[float, int]:
    """(largest absolute difference, how many values differ by more than 1e-4)."""
    got = np.asarray(got)
    assert expected.shape == got.shape, (expected.shape, got.shape)
    diff = np.abs(expected.astype(np.float64) - got.astype(np.float64))
    return float(diff.max(initial=0)), int((diff > 1e-4).sum())
