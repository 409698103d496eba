"""Where `ndsh`'s arguments go. `route` rewrites a script where a command name would go (and
`-c`, a piped bare `ndsh`) as a `run` command for typer. `plain_run` reads the common
`ndsh [run] [OPTIONS] FILE [ARGS]...` itself, so that running a script never imports typer
and click (about a tenth of ndsh's start-up); anything else it leaves to typer. Nothing here
imports typer."""
from __future__ import annotations

import sys

_FLAGS = {"--echo": "echo", "--traceback": "traceback", "--no-mxnet-alias": "no_mxnet_alias",
          "--trace": "trace"}                      # `run`'s, also before FILE
_VALUED = {"--color": "color", "--trace-file": "trace_file", "--ctx": "context"}  # with a value
COMMANDS = ("run", "doc", "kernel")
COLORS = ("auto", "always", "never")


def route(args: list[str], commands: set[str], stdin_is_tty: bool) -> list[str]:
    """Rewrite `ndsh [OPTIONS] FILE ARGS`, `ndsh -c CODE` and a piped bare `ndsh` as `run`
    commands; the options given before FILE move after `run`. Anything else is left alone.

    Example:
        >>> route(["--echo", "s.nds", "--lr", "1"], {"run", "doc"}, True)
        ['run', '--echo', 's.nds', '--lr', '1']
        >>> route(["--color", "never", "doc", "nd.dot"], {"run", "doc"}, True)
        ['doc', '--color', 'never', 'nd.dot']
    """
    leading: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in ("-h", "--help", "--version"):
            return args
        if arg in _VALUED and index + 1 < len(args):
            leading += args[index:index + 2]
            index += 2
        elif arg.startswith(tuple(f"{name}=" for name in _VALUED)) or arg in _FLAGS:
            leading.append(arg)
            index += 1
        elif arg in ("-c", "--command") or arg.startswith("-c"):
            return ["run", *leading, *args[index:]]
        else:
            break
    rest = args[index:]
    if not rest:
        return leading if stdin_is_tty else ["run", *leading]
    if rest[0] in commands:
        return [rest[0], *leading, *rest[1:]]
    if rest[0].startswith("-") and rest[0] != "-":
        return args                      # an unknown option: click reports it (exit 2)
    return ["run", *leading, *rest]


def plain_run(args: list[str]) -> dict | None:
    """`ndsh [run] [OPTIONS] FILE [ARGS]...` with `run`'s flags and valued options (a known
    --color) before a script FILE (not `-`, not a notebook): the keyword arguments of
    `ndsh.cli_run.run_command`, as typer would have parsed them. Anything else (help, -c,
    stdin, a notebook, an unknown or incomplete option, another command) gives None: typer
    parses it and reports its errors.

    Example:
        >>> plain_run(["run", "--echo", "--ctx=cpu(0)", "s.nds", "--lr", "1"])["args"]
        ['--lr', '1']
        >>> plain_run(["s.nds"])["file"], plain_run(["doc", "nd.dot"]), plain_run(["-c", "1"])
        ('s.nds', None, None)
    """
    options = {"echo": False, "color": "auto", "traceback": False, "no_mxnet_alias": False,
               "trace": False, "trace_file": None, "context": None}
    index = 1 if args[:1] == ["run"] else 0
    while index < len(args):
        arg = args[index]
        name, equals, value = arg.partition("=")
        if arg in _FLAGS:
            options[_FLAGS[arg]] = True
            index += 1
        elif name in _VALUED and (equals or index + 1 < len(args)):
            if not equals:
                value = args[index + 1]
                index += 1
            options[_VALUED[name]] = value
            index += 1
        else:
            break
    file, rest = (args[index], args[index + 1:]) if index < len(args) else (None, [])
    if file is None or file.startswith("-") or file.endswith(".ipynb") \
            or options["color"] not in COLORS or (args[:1] != ["run"] and file in COMMANDS):
        return None
    return {"file": file, "args": rest, **options}


def stdin_is_tty() -> bool:
    """Whether stdin is a terminal (no stdin, or a closed one, is not).

    Example:
        >>> stdin_is_tty() in (True, False)
        True
    """
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:
        return False
