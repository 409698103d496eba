"""The command outputs shown in docs/*.md are real: each `$ ndsh ...` in a text block is run
and its output compared byte for byte; each `$ cat FILE` gives a file the later commands use;
a shell transcript (`In [1]: ...`) is replayed through a ShellState; a block under a heading
naming a file of examples/ is that file.

After a change that alters an output, regenerate the docs and read the diff:

    python -m tests.test_doc_transcripts --write
"""
from __future__ import annotations

import io
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = ("cli.md", "tools.md", "shell.md")
_BLOCK = re.compile(r"^```(?P<lang>\w*)\n(?P<body>.*?)^```$", re.S | re.M)
_EXAMPLE_HEADING = re.compile(r"`(examples/[\w.]+)`\s*\Z")
_PROMPT = re.compile(r"^In \[(\d+)\]: ")
_SKIP_ENV = ("NO_COLOR", "FORCE_COLOR", "NDSH_TRACEBACK", "NDSH_CTX", "TERM", "COLUMNS")


# ----- `$ command` blocks ------------------------------------------------------------------
def parse_commands(body: str) -> list[tuple[str, str]]:
    """(command, output) pairs of a block whose lines start `$ ` before each output. Between
    a command's output and the next command there is one blank line (none after `cat`)."""
    pairs: list[tuple[str, list[str]]] = []
    for line in body.splitlines(keepends=True):
        if line.startswith("$ "):
            pairs.append((line[2:].rstrip("\n"), []))
        else:
            pairs[-1][1].append(line)
    out = []
    for number, (command, lines) in enumerate(pairs):
        text = "".join(lines)
        if number + 1 < len(pairs) and not _is_cat(command) and text.endswith("\n\n"):
            text = text[:-1]
        out.append((command, text))
    return out


def render_commands(pairs: list[tuple[str, str]]) -> str:
    body = ""
    for number, (command, output) in enumerate(pairs):
        body += f"$ {command}\n{output}"
        if number + 1 < len(pairs) and not _is_cat(command):
            body += "\n"
    return body


def _is_cat(command: str) -> bool:
    return command.startswith("cat ")


def run_commands(pairs: list[tuple[str, str]], folder: pathlib.Path) -> list[tuple[str, str]]:
    """The same commands with the outputs they give now (stdout and stderr together)."""
    env = {key: value for key, value in os.environ.items() if key not in _SKIP_ENV}
    env.update(XDG_STATE_HOME=str(folder / ".state"), PYTHONPATH=str(ROOT))
    fresh = []
    for command, shown in pairs:
        argv = shlex.split(command)
        if argv[0] == "cat":
            (folder / argv[1]).write_text(shown)
            fresh.append((command, shown))
            continue
        assert argv[0] == "ndsh", f"only ndsh and cat commands run here: {command}"
        result = subprocess.run([sys.executable, "-m", "ndsh", *argv[1:]], cwd=folder,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, timeout=120)
        fresh.append((command, result.stdout))
    return fresh


# ----- shell transcripts --------------------------------------------------------------------
def parse_transcript(body: str) -> list[tuple[str, str]]:
    """(input, output) pairs of a transcript; a blank line precedes each prompt but the
    first, as in the shell."""
    cells: list[tuple[list[str], list[str]]] = []
    for line in body.splitlines(keepends=True):
        prompt = _PROMPT.match(line)
        continued = cells and not cells[-1][1] and line.lstrip().startswith("...: ")
        if prompt:
            cells.append(([line[prompt.end():]], []))
        elif continued:
            cells[-1][0].append(line.split("...: ", 1)[1])
        else:
            cells[-1][1].append(line)
    out = []
    for number, (typed, shown) in enumerate(cells):
        text = "".join(shown)
        if number + 1 < len(cells) and (text == "\n" or text.endswith("\n\n")):
            text = text[:-1]
        out.append(("".join(typed).rstrip("\n"), text))
    return out


def render_transcript(cells: list[tuple[str, str]]) -> str:
    body = ""
    for number, (typed, shown) in enumerate(cells, start=1):
        prompt = f"In [{number}]: "
        first, *rest = typed.split("\n")
        body += prompt + first + "\n"
        body += "".join("...: ".rjust(len(prompt)) + line + "\n" for line in rest)
        body += shown
        if number < len(cells):
            body += "\n"
    return body


def run_transcript(cells: list[tuple[str, str]]) -> list[tuple[str, str]]:
    import numpy as np

    from ndsh.display.console import Output
    from ndsh.engine.context import Context, set_default_context
    from ndsh.gluon.name import NameManager
    from ndsh.repl import magics
    from ndsh.repl.state import ShellState
    from ndsh.session import Session

    magics.load_magic_modules()
    stream = io.StringIO()
    environ = {key: value for key, value in os.environ.items() if key not in _SKIP_ENV}
    state = ShellState(Session(Output(stdout=stream, stderr=stream, color="never",
                                      environ=environ)))
    fresh = []
    try:
        with NameManager():          # Gluon's block names count from 0, as in a new shell
            for typed, _ in cells:
                state.run_cell(typed)
                fresh.append((typed, stream.getvalue()))
                stream.seek(0)
                stream.truncate()
    finally:
        np.set_printoptions(precision=8)
        set_default_context(Context("cpu", 0))
    return fresh


# ----- a whole page -------------------------------------------------------------------------
def regenerate(text: str, folder: pathlib.Path) -> str:
    """The page with every output block produced anew."""
    pieces, last = [], 0
    for block in _BLOCK.finditer(text):
        body = block.group("body")
        before = text[:block.start()].rstrip("\n").rsplit("\n", 1)[-1]
        example = _EXAMPLE_HEADING.search(before)
        if example and block.group("lang") == "python":
            fresh = (ROOT / example.group(1)).read_text()
        elif body.startswith("$ "):
            fresh = render_commands(run_commands(parse_commands(body), folder))
        elif _PROMPT.match(body):
            fresh = render_transcript(run_transcript(parse_transcript(body)))
        else:
            continue
        pieces += [text[last:block.start("body")], fresh]
        last = block.end("body")
    return "".join(pieces) + text[last:]


def _workdir(folder: pathlib.Path) -> pathlib.Path:
    shutil.copytree(ROOT / "examples", folder / "examples")
    return folder


@pytest.mark.parametrize("name", DOCS)
def test_doc_outputs_are_what_the_commands_print(name, tmp_path):
    text = (ROOT / "docs" / name).read_text()
    assert regenerate(text, _workdir(tmp_path)) == text, (
        f"docs/{name} is out of date: `python -m tests.test_doc_transcripts --write` and read "
        f"the diff")


def test_the_block_formats_round_trip():
    pairs = [("cat a.nds", "print(1)\n"), ("ndsh run a.nds", "1\n"), ("ndsh -c 'x'", "\nx\n")]
    assert parse_commands(render_commands(pairs)) == pairs
    cells = [("x = 1", ""), ("def f():\n    return 1", ""), ("f()", "Out[3]: 1\n")]
    assert parse_transcript(render_transcript(cells)) == cells


if __name__ == "__main__":
    import tempfile
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.test_doc_transcripts --write")
    for doc in DOCS:
        path = ROOT / "docs" / doc
        with tempfile.TemporaryDirectory() as scratch:
            path.write_text(regenerate(path.read_text(), _workdir(pathlib.Path(scratch))))
