"""Where `ndsh`'s arguments go (ndsh.cli_routing): the route table, and scripts, -c and stdin
through typer's CliRunner."""
from __future__ import annotations

from typer.testing import CliRunner

from ndsh.cli import app
from ndsh.cli_routing import route

PLAIN_ENV = {"NO_COLOR": None, "FORCE_COLOR": None, "TERM": None}


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env=PLAIN_ENV)


def test_route_table():
    commands = {"run", "doc"}
    assert route(["s.nds", "-v"], commands, True) == ["run", "s.nds", "-v"]
    assert route(["--echo", "-c", "1", "a"], commands, True) == ["run", "--echo", "-c", "1", "a"]
    assert route(["-cprint(1)"], commands, True) == ["run", "-cprint(1)"]
    assert route(["--color=never", "doc", "x"], commands, True) == ["doc", "--color=never", "x"]
    assert route([], commands, False) == ["run"]
    assert route([], commands, True) == []
    assert route(["--help"], commands, True) == ["--help"]
    assert route(["--bogus", "s.nds"], commands, True) == ["--bogus", "s.nds"]
    assert route(["-"], commands, True) == ["run", "-"]


def test_cli_runner_runs_code():
    assert invoke("-c", "print(nd.ones(1).asscalar())").stdout == "1.0\n"
    result = CliRunner().invoke(app, [], input="print(6 * 7)\n", env=PLAIN_ENV)
    assert (result.exit_code, result.stdout) == (0, "42\n")
    result = invoke("run", "-c", "1/0")
    assert result.exit_code == 1 and "ZeroDivisionError" in result.stderr


def test_help_names_arguments_by_their_metavar():
    """`ndsh run --help` lists FILE and ARGS..., not typer's `FILE <str>` / `ARGS <list[str]>`."""
    result = CliRunner().invoke(app, ["run", "--help"], env={**PLAIN_ENV, "COLUMNS": "100"})
    assert result.exit_code == 0
    assert "Usage: ndsh run [OPTIONS] [FILE] [ARGS]..." in result.stdout
    arguments = result.stdout.split("Arguments:\n")[1].split("\n\n")[0].split("\n")
    assert [line.split()[0] for line in arguments] == ["FILE", "ARGS..."]
    assert "<str>" not in result.stdout and "<list[str]>" not in result.stdout
    result = CliRunner().invoke(app, ["doc", "--help"], env={**PLAIN_ENV, "COLUMNS": "100"})
    assert "[NAME]" in result.stdout and "  NAME  nd.dot" in result.stdout
