"""`ndsh.progress(train_iter, epochs=10, desc="train")`: progress bars on stderr for training
loops, with the rate, the time left and the running values the loop reports.

    bar = ndsh.progress(train_iter, epochs=num_epochs, desc="train")
    for X, y in bar:                     # every batch of every epoch
        ...
        bar.update(loss=l.mean())        # shown as the epoch's running mean

At a terminal: a bar for the epochs and one for the batches of the current epoch, and a line
per finished epoch that stays. When stderr is not a terminal (piped, logged) only those epoch
lines are written, plain and without timings, so that a log reads the same on every run; a
loop without `epochs=` writes nothing there. rich is imported only when a bar is drawn.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator, TextIO

from ndsh.engine.ndarray import NDArray
from ndsh.tools.np_arrays import engine_array


def _number(value: Any) -> Any:
    """A number for what can be one (an NDArray of one element included), else the value."""
    value = engine_array(value)          # an mx.np array: the engine array it wraps
    if isinstance(value, NDArray) and value.size == 1:
        value = value.asscalar()
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _shown(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


class Bar:
    """One loop under `ndsh.progress`: iterate over it; `update(name=value)` reports values.

    `epoch` (from 1) and `epochs`, `batch` (from 1, within the epoch) and `batches` (its
    length, when known) say where the loop is; `values` holds what is shown: with `epochs=`,
    numbers as the running mean over the epoch's updates so far; otherwise as last given.

    Example:
        >>> bar = progress(range(4), stream=io.StringIO())
        >>> [(bar.batch, i) for i in bar][-1], bar.epoch
        ((4, 3), 1)
    """

    def __init__(self, owner: "Progress", iterable: Iterable, desc: str, total: int | None,
                 epochs: int | None, stream: TextIO | None):
        if epochs is not None and (not isinstance(epochs, int) or epochs < 1):
            raise ValueError(f"ndsh.progress: epochs must be a positive int, not {epochs!r}")
        if epochs is not None and hasattr(iterable, "__next__"):
            raise TypeError(f"ndsh.progress(..., epochs={epochs}): a {type(iterable).__name__} "
                            f"can be iterated only once; give something that can be iterated "
                            f"again for each epoch (a DataLoader, a list, a range)")
        if total is None:
            try:
                total = len(iterable)        # type: ignore[arg-type]
            except TypeError:
                total = None
        self._owner, self.iterable, self.desc = owner, iterable, desc
        self.batches, self.epochs, self._stream = total, epochs, stream
        self.epoch = self.batch = 0
        self._sums: dict[str, tuple[float, int]] = {}
        self._last: dict[str, Any] = {}
        self._draw = None                    # (rich Progress, epoch task, batch task)

    # ----- what the loop calls ---------------------------------------------------------
    def update(self, **values: Any) -> None:
        """Report values for the current batch (`loss=l.mean()`). With `epochs=`, numbers are
        shown as their running mean over the epoch so far (what the epoch's line gives);
        otherwise, and for anything else, as last given.

        Example:
            >>> bar = progress([1, 2], epochs=1, stream=io.StringIO())
            >>> for x in bar:
            ...     bar.update(loss=x)
            >>> bar.values
            {'loss': 1.5}
        """
        for name, value in values.items():
            value = _number(value)
            if isinstance(value, float) and self.epochs is not None:
                total, count = self._sums.get(name, (0.0, 0))
                self._sums[name] = (total + value, count + 1)
                self._last.pop(name, None)
            else:
                self._last[name] = value
        if self._draw is not None:
            bars, _, task = self._draw
            bars.update(task, values=self._values_text())

    @property
    def values(self) -> dict[str, Any]:
        """The values shown now: running means of the numbers, the rest as last given."""
        found: dict[str, Any] = {name: total / count for name, (total, count)
                                 in self._sums.items()}
        found.update(self._last)
        return found

    def summary(self) -> str:
        """The line for the current epoch: `train epoch 2/5: 235 batches, loss=0.4123`."""
        what = f"epoch {self.epoch}/{self.epochs}" if self.epochs else "done"
        head = f"{self.desc} {what}" if self.desc else what
        values = self._values_text()
        return f"{head}: {self.batch} batches" + (f", {values}" if values else "")

    def _values_text(self) -> str:
        return "  ".join(f"{name}={_shown(value)}" for name, value in self.values.items())

    # ----- iterating --------------------------------------------------------------------
    def __iter__(self) -> Iterator:
        target = self._stream if self._stream is not None else _stderr()
        bars = _front_end_bars() if self._stream is None else None
        if bars is None and _is_terminal(target):
            bars = _rich_bars(target)
        if bars is not None:
            return self._drawn(bars)
        if self.epochs is None:
            return self._plain_once()
        return self._plain(target)

    def __len__(self) -> int:
        if self.batches is None:
            raise TypeError("ndsh.progress: the length of this loop is not known")
        return self.batches * (self.epochs or 1)

    def _epochs(self) -> Iterator[int]:
        for epoch in range(1, (self.epochs or 1) + 1):
            self.epoch, self.batch = epoch, 0
            self._sums, self._last = {}, {}
            yield epoch

    def _plain_once(self) -> Iterator:
        self._owner._bars.append(self)
        try:
            self.epoch, self.batch = 1, 0
            for item in self.iterable:
                self.batch += 1
                yield item
        finally:
            self._owner._bars.remove(self)

    def _plain(self, stream: TextIO) -> Iterator:
        self._owner._bars.append(self)
        try:
            for _ in self._epochs():
                for item in self.iterable:
                    self.batch += 1
                    yield item
                stream.write(self.summary() + "\n")
                stream.flush()
        finally:
            self._owner._bars.remove(self)

    def _drawn(self, bars: Any) -> Iterator:
        with bars:
            outer = bars.add_task(f"{self.desc} epochs".strip(), total=self.epochs,
                                  values="") if self.epochs else None
            task = bars.add_task(self.desc, total=self.batches, values="")
            self._draw = (bars, outer, task)
            self._owner._bars.append(self)
            try:
                for epoch in self._epochs():
                    if outer is not None:
                        label = f"{self.desc} epoch {epoch}/{self.epochs}".strip()
                        bars.reset(task, total=self.batches, description=label, values="")
                    for item in self.iterable:
                        self.batch += 1
                        yield item
                        bars.advance(task)
                    if outer is not None:
                        bars.console.print(self.summary(), markup=False, highlight=False)
                        bars.advance(outer)
            finally:
                self._owner._bars.remove(self)
                self._draw = None


class Progress:
    """Progress bars on stderr for a loop: `ndsh.progress(iterable, desc=, epochs=)` returns a
    Bar to iterate over and to `update(loss=...)`; `ndsh.progress.report(...)` sends values to
    the innermost running loop.

    With `epochs=N` the iterable (a DataLoader) is gone over N times, with a bar for the
    epochs, one for the batches, and a line for each finished epoch giving the running means
    of the values reported: at a terminal the lines stay above the bars; piped or logged they
    are all that is written (no timings, so a log is the same on every run). Without
    `epochs`, values are shown as last reported, and nothing is written when stderr is not a
    terminal.

    Example:
        >>> bar = progress([[1, 2], [3, 4]], epochs=2, desc="train", stream=sys.stdout)
        >>> for batch in bar:
        ...     bar.update(loss=sum(batch) / bar.epoch)
        train epoch 1/2: 2 batches, loss=5
        train epoch 2/2: 2 batches, loss=2.5
    """

    def __init__(self):
        self._bars: list[Bar] = []     # the loops running now, innermost last

    def __call__(self, iterable: Iterable, desc: str = "", total: int | None = None,
                 stream: TextIO | None = None, epochs: int | None = None) -> Bar:
        """Iterate over `iterable` (`epochs` times, when given) with progress bars on stderr
        when it is a terminal; the Bar returned takes `update(loss=...)`.

        desc: the label. total: the number of items, when `len(iterable)` cannot tell.
        stream: where to draw (default: the session's stderr). epochs: go over `iterable`
        that many times (a DataLoader, a list...), with a bar for the epochs and a line for
        each finished one (the only output when stderr is not a terminal).

        Example:
            >>> data = [(nd.ones((2,)), nd.zeros((2,)))] * 3    # three batches
            >>> bar = progress(data, epochs=2, desc="train", stream=sys.stdout)
            >>> for X, y in bar:
            ...     bar.update(loss=1.0 / bar.epoch)
            train epoch 1/2: 3 batches, loss=1
            train epoch 2/2: 3 batches, loss=0.5
        """
        return Bar(self, iterable, desc, total, epochs, stream)

    def report(self, **values: Any) -> None:
        """Report `name=value` pairs to the innermost running loop (see Bar.update);
        nothing happens when no loop runs.

        Example:
            >>> progress.report(loss=0.25, acc=0.9)
        """
        if self._bars:
            self._bars[-1].update(**values)


def _rich_bars(stream: TextIO) -> Any:
    """rich's bars on a terminal."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bars
    console = Console(file=stream, force_terminal=True, highlight=False)
    return Bars(TextColumn("[bold]{task.description}"), BarColumn(),
                MofNCompleteColumn(), _rate_column(), TimeElapsedColumn(),
                TextColumn("left"), TimeRemainingColumn(),
                TextColumn("{task.fields[values]}"), console=console)


def _front_end_bars() -> Any:
    """Bars the front end draws itself, or None: a notebook's Output has `progress_bars()`,
    one display updated in place, taking the calls made here of rich's Progress (`with`,
    add_task, reset, advance, update, console.print)."""
    from ndsh.tools.output import current_output
    make = getattr(current_output(), "progress_bars", None)
    return make() if make is not None else None


def _rate_column():
    """A rich column for the rate (defined here so that rich loads only with a bar)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Items a second (or seconds an item, for slow loops)."""

        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            if not speed:
                return Text("? it/s", style="dim")
            text = f"{speed:.3g} it/s" if speed >= 1 else f"{1 / speed:.3g} s/it"
            return Text(text, style="cyan")
    return RateColumn()


def _stderr() -> TextIO:
    from ndsh.tools.output import current_output
    return current_output().stderr


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


progress = Progress()
