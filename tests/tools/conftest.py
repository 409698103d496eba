"""Fixtures for the tools tests: a Session that runs a script under a fixed file name and
captures both streams, golden files, and a clean watcher for each test."""
from __future__ import annotations

import io
import os
import pathlib
import textwrap

import pytest

from ndsh.display.console import Output
from ndsh.session import Session
from ndsh.tools.provenance import PROVENANCE

GOLDEN = pathlib.Path(__file__).parent / "golden"
REGENERATE = os.environ.get("NDSH_REGEN_GOLDEN") == "1"


@pytest.fixture(autouse=True)
def _fresh_watcher():
    PROVENANCE.reset()
    yield
    PROVENANCE.reset()


class Runner:
    """Runs code in one Session as `name.nds`; `.out` / `.err` hold what it wrote."""

    def __init__(self, color: str = "never"):
        self.stdout, self.stderr = io.StringIO(), io.StringIO()
        self.session = Session(Output(stdout=self.stdout, stderr=self.stderr, color=color,
                                      environ={"COLORTERM": "truecolor"}))

    def __call__(self, code: str, name: str = "script.nds"):
        outcome = self.session.run(textwrap.dedent(code), filename=name)
        assert outcome.ok, outcome.report.plain()
        return outcome.value

    @property
    def out(self) -> str:
        return self.stdout.getvalue()

    @property
    def err(self) -> str:
        return self.stderr.getvalue()

    @property
    def ns(self) -> dict:
        return self.session.namespace


@pytest.fixture
def run():
    return Runner()


def check_golden(name: str, text: str) -> None:
    """Compare with tests/tools/golden/NAME (NDSH_REGEN_GOLDEN=1 rewrites it)."""
    path = GOLDEN / name
    if REGENERATE or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
