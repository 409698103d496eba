"""The test run explains itself: the skips are counted by reason in one line each at the end
(tests/conftest.py), and numpy's RuntimeWarnings from ndsh's own code fail a test that does not
say it expects them (pyproject.toml), so that the run ends with no warning summary."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from ndsh.engine import nd
from ndsh.session import quiet_own_warnings
from tests.conftest import GPU_COPIES, skip_reasons


class _Report:
    def __init__(self, reason: str):
        self.longrepr = ("tests/engine/test_x.py", 3, f"Skipped: {reason}")


def test_skips_are_grouped_by_reason_with_the_gpu_copies_under_one():
    reports = [_Report("gpu(0): GPU contexts need CuPy")] * 3 + [_Report("needs a POSIX pty")]
    assert skip_reasons(reports) == [(3, f"{GPU_COPIES}: GPU contexts need CuPy"),
                                     (1, "needs a POSIX pty")]
    assert skip_reasons([]) == []


def test_a_warning_from_an_op_fails_a_test_that_does_not_expect_it():
    with pytest.raises(RuntimeWarning, match="divide by zero"):
        nd.ones(2) / 0


def test_a_test_that_expects_it_says_so():
    with np.errstate(divide="ignore"):
        assert np.isinf((nd.ones(2) / 0).asnumpy()).all()
    with quiet_own_warnings():
        assert np.isinf((nd.ones(2) / 0).asnumpy()).all()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        np.ones(2) / 0                      # numpy called by the user's own code: as numpy does
    assert [str(w.message) for w in seen] == ["divide by zero encountered in divide"]
