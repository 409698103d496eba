"""Fixtures for the doc tests: `ndsh doc ...` through typer's CliRunner, plain (no colour)."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ndsh.cli import app

PLAIN_ENV = {"NO_COLOR": None, "FORCE_COLOR": None, "TERM": None}


@pytest.fixture
def invoke():
    """Run the `ndsh` command with these arguments; gives typer's Result."""
    def run(*args: str):
        return CliRunner().invoke(app, list(args), env=PLAIN_ENV)
    return run
