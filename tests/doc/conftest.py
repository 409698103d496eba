"""Fixtures for the doc tests: `ndsh doc ...` through typer's CliRunner, plain (no colour)."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ndsh.cli import app

# piped, and no COLUMNS: pages are laid out for 80 columns
PLAIN_ENV = {"NO_COLOR": None, "FORCE_COLOR": None, "TERM": None, "COLUMNS": None}


@pytest.fixture
def invoke():
    """Run the `ndsh` command with these arguments (and environment variables); gives typer's
    Result."""
    def run(*args: str, **env: str):
        return CliRunner().invoke(app, list(args), env={**PLAIN_ENV, **env})
    return run
