"""Fixtures for the shell tests: a ShellState over a Session whose streams are captured."""
from __future__ import annotations

import io

import numpy as np
import pytest

from ndsh.display.console import Output
from ndsh.engine.context import Context, set_default_context
from ndsh.repl import magics
from ndsh.repl.state import ShellState
from ndsh.session import Session


class CapturedShell(ShellState):
    """A ShellState whose stdout / stderr are StringIO, read with `.out()` / `.err()`, which
    also empty them."""

    def __init__(self, answers: list[str] | None = None):
        self._out, self._err = io.StringIO(), io.StringIO()
        self.questions: list[str] = []
        self._answers = list(answers or [])
        super().__init__(Session(Output(stdout=self._out, stderr=self._err, color="never")),
                         confirm=self._confirm)

    def _confirm(self, question: str) -> bool:
        self.questions.append(question)
        return bool(self._answers) and self._answers.pop(0) == "y"

    def out(self) -> str:
        return _drain(self._out)

    def err(self) -> str:
        return _drain(self._err)


def _drain(stream: io.StringIO) -> str:
    text = stream.getvalue()
    stream.seek(0)
    stream.truncate()
    return text


@pytest.fixture
def shell():
    magics.load_magic_modules()
    state = CapturedShell()
    yield state
    np.set_printoptions(precision=8)
    set_default_context(Context("cpu", 0))
