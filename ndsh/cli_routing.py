"""How `ndsh`'s arguments reach typer: a script where a command name would go, and
parameters coerced without pydantic (start-up time). The commands themselves are in cli.py."""
from __future__ import annotations

import enum
import sys

import typer
from typer.core import TyperCommand, TyperGroup

_FLAGS = ("--echo", "--traceback", "--no-mxnet-alias", "--trace")   # `run`'s, also before FILE
_VALUED = ("--color", "--trace-file", "--ctx")              # the same, with a value


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


class _NoPydantic:
    """typer 0.29 coerces every parameter through a pydantic TypeAdapter, and importing
    pydantic alone costs about what importing numpy does: more than ndsh's start-up budget.
    ndsh's parameters are strings, lists of strings, flags and one Enum, which click's parsing
    already gives, so they skip pydantic. Typers without that hook are left alone."""

    def get_params(self, ctx):
        params = super().get_params(ctx)      # includes the help option, made on demand
        for param in params:
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is not None and hasattr(param, "get_runtime_param"):
                coercion = _PlainCoercion(descriptor.annotation)
                param.get_runtime_param = lambda coercion=coercion: coercion
            if getattr(param, "param_type_name", "") == "argument":
                _plain_argument_help(param)
        return params


def _plain_argument_help(param) -> None:
    """An argument with a metavar is listed in help as its metavar (`FILE`, `ARGS...`), not
    with typer's Python type after it (`FILE <str>`, `ARGS <list[str]>`)."""
    if getattr(param, "metavar", None) is None:
        return
    if hasattr(param, "display_type_rich"):
        param.display_type_rich = lambda ctx: ""
    if hasattr(param, "_rich_display_name") and param.nargs != 1:
        name = f"{param.metavar}..."
        param._rich_display_name = lambda: name


class PlainCommand(_NoPydantic, TyperCommand):
    """A typer command whose parameters skip pydantic (see `_NoPydantic`)."""


class ScriptRoutingGroup(_NoPydantic, TyperGroup):
    """A typer group that accepts a script where a command name would go."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, route(args, set(self.commands), stdin_is_tty()))


class _PlainCoercion:
    """Values as click parsed them, with the Color choice checked."""

    def __init__(self, annotation):
        self.annotation = annotation

    def coerce(self, value, param, ctx):
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        if isinstance(self.annotation, type) and issubclass(self.annotation, enum.Enum):
            try:
                return self.annotation(value)
            except ValueError:
                choices = ", ".join(member.value for member in self.annotation)
                raise typer.BadParameter(f"{value!r} is not one of {choices}.", ctx=ctx,
                                         param=param) from None
        return list(value) if isinstance(value, (list, tuple)) else value


def stdin_is_tty() -> bool:
    """Whether stdin is a terminal (no stdin, or a closed one, is not)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:
        return False
