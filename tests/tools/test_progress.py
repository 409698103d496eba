"""ndsh.progress: a bar with the rate, the time left and reported values at a terminal;
nothing at all when stderr is not one."""
from __future__ import annotations

import io

from ndsh.engine import nd
from ndsh.tools.progress import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal():
    stream = io.StringIO()
    seen = []
    for i in progress(range(5), desc="train", stream=stream):
        progress.report(loss=i)
        seen.append(i)
    assert seen == [0, 1, 2, 3, 4] and stream.getvalue() == ""


def test_bar_with_rate_and_reported_values_at_a_terminal():
    stream = Terminal()
    for epoch in progress(range(3), desc="train", stream=stream):
        progress.report(loss=nd.array([1.0 / (epoch + 1)]), acc=0.5)
    text = stream.getvalue()
    assert "train" in text and "3/3" in text and "it/s" in text
    assert "loss=0.3333" in text and "acc=0.5" in text


def test_generators_without_len_and_early_exit():
    stream = Terminal()
    items = (i for i in range(100))
    for i in progress(items, desc="scan", stream=stream):
        if i == 4:
            break
    assert "scan" in stream.getvalue()
    progress.report(loss=1.0)          # no bar left running: nothing happens
    assert progress._bars == []
