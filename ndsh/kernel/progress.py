"""`ndsh.progress` in a notebook: its bars (and the line of each finished epoch) as one
display below the cell, updated in place (display data with a display_id, then
update_display_data); no widget library needed.

`ndsh.tools.progress` asks the Output it draws on for `progress_bars()`; the notebook front
ends' Output (`ndsh.kernel.cells.CellOutput`) answers with a `NotebookBars`, which takes the
calls ndsh.progress makes of rich's Progress (`with`, add_task, reset, advance, update,
console.print).
"""
from __future__ import annotations

import html
import time
import uuid
from dataclasses import dataclass
from typing import Any

from ndsh.display.html import progress_html

MIN_INTERVAL = 0.1          # seconds between two redraws (the last state is always drawn)


def _seconds(value: float) -> str:
    value = int(round(value))
    return f"{value // 60}:{value % 60:02d}"


@dataclass
class _Task:
    description: str
    total: int | None
    values: str
    started: float
    completed: int = 0

    def info(self, now: float) -> str:
        """The rate, the time so far and the time left, and the values reported."""
        elapsed = max(0.0, now - self.started)
        parts = []
        if self.completed and elapsed > 0:
            rate = self.completed / elapsed
            parts.append(f"{rate:.3g} it/s" if rate >= 1 else f"{1 / rate:.3g} s/it")
        parts.append(_seconds(elapsed))
        if self.total and self.completed and self.completed < self.total:
            left = elapsed / self.completed * (self.total - self.completed)
            parts.append(f"left {_seconds(left)}")
        if self.values:
            parts.append(self.values)
        return "  ".join(parts)

    def text(self, info: str) -> str:
        count = f"{self.completed}/{self.total}" if self.total else f"{self.completed}"
        bar = ""
        if self.total:
            filled = int(20 * min(self.completed, self.total) / self.total)
            bar = "[" + "#" * filled + "." * (20 - filled) + "]"
        return "  ".join(part for part in (self.description, count, bar, info) if part)


class _Lines:
    """`bars.console`: what is printed stays above the bars (a finished epoch's line)."""

    def __init__(self, bars: "NotebookBars"):
        self.bars = bars

    def print(self, text: Any = "", **ignored: Any) -> None:
        self.bars.lines.append(str(text))
        self.bars.draw(force=True)


class NotebookBars:
    """ndsh.progress's bars as one display, drawn through a publisher
    (`ndsh.kernel.cells.Publisher`).

    Example:
        >>> class Shown:
        ...     def display(self, data, metadata=None, display_id=None, update=False):
        ...         print("update" if update else "display", data["text/plain"].split("\\n"))
        >>> bars = NotebookBars(Shown(), clock=iter(range(99)).__next__)
        >>> with bars:
        ...     task = bars.add_task("train", total=2, values="")
        ...     bars.advance(task); bars.update(task, values="loss=0.5"); bars.advance(task)
        ...     bars.console.print("train epoch 1/1: 2 batches, loss=0.5")
        display ['']
        update ['train  0/2  [....................]  0:01']
        update ['train  1/2  [##########..........]  2 s/it  0:02  left 0:02']
        update ['train  1/2  [##########..........]  3 s/it  0:03  left 0:03  loss=0.5']
        update ['train  2/2  [####################]  2 s/it  0:04  loss=0.5']
        update ['train epoch 1/1: 2 batches, loss=0.5', 'train  2/2  [####################]  \
2.5 s/it  0:05  loss=0.5']
        update ['train epoch 1/1: 2 batches, loss=0.5', 'train  2/2  [####################]  \
3 s/it  0:06  loss=0.5']
    """

    def __init__(self, publisher: Any, clock=time.monotonic):
        self.publisher, self.clock = publisher, clock
        self.tasks: list[_Task] = []
        self.lines: list[str] = []
        self.console = _Lines(self)
        self.display_id = uuid.uuid4().hex
        self.shown = False
        self.drawn_at: float | None = None

    def __enter__(self) -> "NotebookBars":
        self.draw(force=True)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.draw(force=True, final=True)

    def add_task(self, description: str, total: int | None = None, **fields: Any) -> int:
        self.tasks.append(_Task(description, total, fields.get("values", ""), self.clock()))
        self.draw(force=True)
        return len(self.tasks) - 1

    def reset(self, task: int, total: int | None = None, description: str | None = None,
              **fields: Any) -> None:
        entry = self.tasks[task]
        entry.completed, entry.started = 0, self.clock()
        entry.total = total if total is not None else entry.total
        entry.description = description if description is not None else entry.description
        entry.values = fields.get("values", entry.values)
        self.draw()

    def advance(self, task: int, advance: int = 1) -> None:
        entry = self.tasks[task]
        entry.completed += advance
        self.draw(force=entry.total is not None and entry.completed >= entry.total)

    def update(self, task: int, **fields: Any) -> None:
        if "values" in fields:
            self.tasks[task].values = fields["values"]
        self.draw()

    def draw(self, force: bool = False, final: bool = False) -> None:
        """Publish the current state: at most every MIN_INTERVAL seconds unless `force`."""
        now = self.clock()
        if not force and self.drawn_at is not None and now - self.drawn_at < MIN_INTERVAL:
            return
        infos = [task.info(now) for task in self.tasks]
        text = "\n".join(self.lines + [task.text(info) for task, info in
                                       zip(self.tasks, infos)])
        rows = [f'<div style="font-family:monospace">{html.escape(line)}</div>'
                for line in self.lines]
        rows += [progress_html(task.description, task.completed, task.total, info)
                 for task, info in zip(self.tasks, infos)]
        data = {"text/plain": text, "text/html": "".join(rows)}
        self.publisher.display(data, {}, display_id=self.display_id, update=self.shown)
        self.shown, self.drawn_at = True, now
