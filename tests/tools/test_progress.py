"""ndsh.progress: a bar with the rate, the time left and reported values at a terminal;
nothing at all when stderr is not one, but a stable line per epoch with `epochs=`."""
from __future__ import annotations

import io

import pytest

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


def test_epochs_over_a_dataloader_write_one_stable_line_per_epoch_when_piped():
    from ndsh.gluon.data import ArrayDataset, DataLoader
    data = DataLoader(ArrayDataset(nd.arange(10), nd.arange(10)), batch_size=4)
    stream = io.StringIO()
    bar = progress(data, epochs=3, desc="train", stream=stream)
    seen = []
    for X, y in bar:
        seen.append((bar.epoch, bar.batch, X.shape[0], y.shape[0]))
        bar.update(loss=nd.array([float(X.sum().asscalar())]) / bar.epoch, lr="0.1")
    assert len(bar) == 9 and bar.batches == 3
    assert seen[:4] == [(1, 1, 4, 4), (1, 2, 4, 4), (1, 3, 2, 2), (2, 1, 4, 4)] and len(seen) == 9
    # batch sums 6, 22, 17: their mean is 15, divided by the epoch number
    assert stream.getvalue() == ("train epoch 1/3: 3 batches, loss=15  lr=0.1\n"
                                 "train epoch 2/3: 3 batches, loss=7.5  lr=0.1\n"
                                 "train epoch 3/3: 3 batches, loss=5  lr=0.1\n")


def test_report_reaches_the_innermost_loop_and_means_restart_each_epoch():
    stream = io.StringIO()
    bar = progress([1, 2, 3], epochs=2, stream=stream)
    for x in bar:
        progress.report(loss=x * bar.epoch)
    assert stream.getvalue() == ("epoch 1/2: 3 batches, loss=2\n"
                                 "epoch 2/2: 3 batches, loss=4\n")
    assert bar.values == {"loss": 4.0} and progress._bars == []


def test_epochs_at_a_terminal_draw_two_bars_and_keep_a_line_per_epoch():
    stream = Terminal()
    bar = progress(list(range(5)), epochs=2, desc="fit", stream=stream)
    for x in bar:
        bar.update(loss=float(x))
    text = stream.getvalue()
    assert "fit epochs" in text and "fit epoch 2/2" in text and "5/5" in text
    assert "fit epoch 1/2: 5 batches, loss=2" in text
    assert "fit epoch 2/2: 5 batches, loss=2" in text
    assert progress._bars == []


def test_epochs_need_something_that_can_be_iterated_again():
    with pytest.raises(TypeError, match="can be iterated only once"):
        progress((i for i in range(3)), epochs=2)
    with pytest.raises(ValueError, match="epochs must be a positive int"):
        progress(range(3), epochs=0)


def test_without_epochs_values_are_shown_as_last_given():
    bar = progress(range(3), stream=io.StringIO())
    for i in bar:
        bar.update(loss=i)
    assert bar.values == {"loss": 2.0}
