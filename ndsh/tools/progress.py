"""`ndsh.progress(range(n), desc="train")`: a progress bar on stderr for long loops, with the
rate, the time left and the values the loop reports (`ndsh.progress.report(loss=l)`).

Silent when stderr is not a terminal (a script's output piped or logged stays clean); rich is
imported only when a bar is drawn.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator, TextIO

from ndsh.engine.ndarray import NDArray


def _shown(value: Any) -> str:
    if isinstance(value, NDArray) and value.size == 1:
        value = value.asscalar()
    try:
        return f"{float(value):.4g}"
    except (TypeError, ValueError):
        return str(value)


class Progress:
    """The `ndsh.progress` object: call it to wrap an iterable; `report(...)` sets the values
    shown beside the innermost running bar."""

    def __init__(self):
        self._bars: list[tuple[Any, Any]] = []     # (rich Progress, task id), innermost last

    def __call__(self, iterable: Iterable, desc: str = "", total: int | None = None,
                 stream: TextIO | None = None) -> Iterator:
        """Iterate over `iterable`, drawing a bar on stderr when it is a terminal.

        desc: the label. total: the number of items, when `len(iterable)` cannot tell.
        stream: where to draw (default: the session's stderr).

        Example:
            >>> for epoch in progress(range(3), desc="train"):
            ...     progress.report(loss=1.0 / (epoch + 1))
        """
        if total is None:
            try:
                total = len(iterable)        # type: ignore[arg-type]
            except TypeError:
                total = None
        target = stream if stream is not None else _stderr()
        if not _is_terminal(target):
            return iter(iterable)
        return self._drawn(iterable, desc, total, target)

    def _drawn(self, iterable: Iterable, desc: str, total: int | None, stream: TextIO
               ) -> Iterator:
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
        bars = Bars(TextColumn("[bold]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), _rate_column(), TimeElapsedColumn(),
                    TextColumn("left"), TimeRemainingColumn(),
                    TextColumn("{task.fields[values]}"), console=console)
        with bars:
            task = bars.add_task(desc, total=total, values="")
            self._bars.append((bars, task))
            try:
                for item in iterable:
                    yield item
                    bars.advance(task)
            finally:
                self._bars.remove((bars, task))

    def report(self, **values: Any) -> None:
        """Show `name=value` pairs beside the innermost running bar (NDArrays of one
        element as numbers); nothing happens when no bar is drawn.

        Example:
            >>> progress.report(loss=0.25, acc=0.9)
        """
        if not self._bars:
            return
        bars, task = self._bars[-1]
        text = "  ".join(f"{name}={_shown(value)}" for name, value in values.items())
        bars.update(task, values=text)


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
