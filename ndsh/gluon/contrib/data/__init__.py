"""`gluon.contrib.data` (MXNet 1.9.1's): IntervalSampler."""
from __future__ import annotations

from ndsh.gluon.data.sampler import Sampler

__all__ = ["IntervalSampler"]


class IntervalSampler(Sampler):
    """The indices of [0, length) at fixed intervals: 0, interval, 2 * interval..., then
    (with rollover) again from 1, from 2... until every index has come.

    Parameters:
        length: the number of indices.
        interval: the step between two indices (at most length).
        rollover: start again from the skipped indices (else stop at the end).

    Example:
        >>> from mxnet.gluon.contrib.data import IntervalSampler
        >>> list(IntervalSampler(13, interval=3))
        [0, 3, 6, 9, 12, 1, 4, 7, 10, 2, 5, 8, 11]
        >>> list(IntervalSampler(13, interval=3, rollover=False))
        [0, 3, 6, 9, 12]
    """

    def __init__(self, length: int, interval: int, rollover: bool = True):
        assert interval <= length, \
            f"Interval {interval} must be smaller than or equal to length {length}"
        self._length = length
        self._interval = interval
        self._rollover = rollover

    def __iter__(self):
        for i in range(self._interval if self._rollover else 1):
            yield from range(i, self._length, self._interval)

    def __len__(self) -> int:
        return self._length       # MXNet's, with rollover=False too
