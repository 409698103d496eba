"""`ndsh run book.ipynb`: a notebook's code cells run in order in one Session, through the
same `CellState` as the kernel's (so magics, `x?` and `%matplotlib inline` work as they do
in JupyterLab); markdown is skipped. Printed output, results (their text/plain) and help pages
go to stdout as a script's. An error stops the run: its traceback names the cell (`Cell
In[3], line 2`), and a last line says which cell of the file it was (exit status 1).

`--inplace` also writes the outputs back into the notebook, as `jupyter nbconvert --execute
--inplace` does: each code cell's outputs and execution count, in a new file that replaces the
old one in one step (and, as nbconvert, not at all when a cell fails).
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from typing import Any, Iterator, TextIO

from ndsh.kernel.cells import CellOutput, CellState, use_inline_figures
from ndsh.session import Session

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class NotebookError(Exception):
    """A file that is not a notebook ndsh can run (cut short, not JSON, no cells)."""


def read_notebook(path: str) -> Any:
    """The notebook at `path` (nbformat's NotebookNode, version 4, when nbformat is there;
    else the JSON as dicts). Raises OSError, or NotebookError saying what is wrong."""
    with open(path, encoding="utf-8") as file:
        text = file.read()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as problem:
        where = "it ends too early" if problem.pos >= len(text.rstrip()) else \
            f"line {problem.lineno}, column {problem.colno}: {problem.msg}"
        raise NotebookError(f"{path} is not a notebook: its JSON is broken ({where}); was it "
                            "cut short, or saved by something else?") from None
    if not isinstance(data, dict) or not ("cells" in data or "worksheets" in data):
        raise NotebookError(f"{path} is not a Jupyter notebook: it is JSON without a list of "
                            "cells")
    try:
        import nbformat
    except ImportError:
        if data.get("nbformat") != 4 or not isinstance(data.get("cells"), list):
            raise NotebookError(f"{path}: only notebooks of format 4 can be read without "
                                "nbformat (pip install 'ndsh[notebook]')") from None
        return data
    try:
        return nbformat.reads(text, as_version=4)
    except Exception as problem:
        raise NotebookError(f"{path} is not a notebook nbformat can read: {problem}") from None


def cell_source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


class RunPublisher:
    """Outputs of `ndsh run book.ipynb`: text on stdout; with `record`, also kept as the
    cell's nbformat outputs (display ids updated in place, as nbclient does)."""

    def __init__(self, record: bool):
        self.record = record
        self.outputs: list[dict[str, Any]] = []
        self.displays: dict[str, list[int]] = {}

    def start_cell(self) -> None:
        self.outputs, self.displays = [], {}

    def stream(self, name: str, text: str) -> None:
        if not self.record or not text:
            return
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last["output_type"] == "stream" and last["name"] == name:
            last["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})

    def display(self, data: dict, metadata: dict | None = None, display_id: str | None = None,
                update: bool = False) -> None:
        if display_id is None and "text/plain" in data:     # progress bars: not on stdout
            _write(sys.stdout, data["text/plain"])
        if not self.record:
            return
        output = {"output_type": "display_data", "data": data, "metadata": metadata or {}}
        if update:
            for index in self.displays.get(display_id or "", []):
                self.outputs[index] = output
            return
        if display_id:
            self.displays.setdefault(display_id, []).append(len(self.outputs))
        self.outputs.append(output)

    def result(self, data: dict, metadata: dict, number: int) -> None:
        _write(sys.stdout, data.get("text/plain", ""))
        if self.record:
            self.outputs.append({"output_type": "execute_result", "execution_count": number,
                                 "data": data, "metadata": metadata})

    def page(self, data: dict) -> None:
        _write(sys.stdout, data.get("text/plain", ""))
        if self.record:
            self.outputs.append({"output_type": "display_data", "data": data, "metadata": {}})


def _write(stream: TextIO, text: str) -> None:
    """Write on the real stream: a result is recorded as a result, not as printed text."""
    stream = stream.stream if isinstance(stream, _Tee) else stream
    stream.write(text + "\n")
    stream.flush()


class _Tee:
    """sys.stdout / sys.stderr while a cell runs: written through, and recorded."""

    def __init__(self, stream: TextIO, name: str, publisher: RunPublisher):
        self.stream, self.name, self.publisher = stream, name, publisher

    def write(self, text: str) -> int:
        self.publisher.stream(self.name, text)
        return self.stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextlib.contextmanager
def _recording(publisher: RunPublisher) -> Iterator[None]:
    if not publisher.record:
        yield
        return
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Tee(saved[0], "stdout", publisher), \
        _Tee(saved[1], "stderr", publisher)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def run_notebook(session: Session, path: str, inplace: bool = False) -> int:
    """Run the notebook at `path` in `session`; the exit status. Raises OSError and
    NotebookError (the caller says so and exits 2)."""
    notebook = read_notebook(path)
    if inplace:
        try:
            import nbformat  # noqa: F401
        except ImportError:
            raise NotebookError("--inplace writes notebooks with nbformat, which is not "
                                "installed: pip install 'ndsh[notebook]'") from None
    use_inline_figures()
    publisher = RunPublisher(record=inplace)
    # what goes into the notebook is plain, as the kernel's output is
    session.output = CellOutput(publisher,
                                color="never" if inplace else session.output.color_mode)
    state = CellState(session, publisher)
    number = 0
    for index, cell in enumerate(notebook.get("cells", []), start=1):
        source = cell_source(cell)
        if cell.get("cell_type") != "code" or not source.strip():
            continue
        number += 1
        publisher.start_cell()
        with _recording(publisher), _notebook_folder(path):
            outcome = state.run(source, number)
        cell["outputs"], cell["execution_count"] = publisher.outputs, number
        error = state.error
        if error is None:
            continue
        if error.ename == "SystemExit":
            return outcome.exit_code
        session.output.show_lines(error.lines, "err")
        line = f", line {error.lineno}" if error.lineno else ""
        kept = f"; {path} was not changed" if inplace else ""
        session.output.warn(f"ndsh: the error is in cell {index} of {path} (In [{number}])"
                            f"{line}; the cells after it did not run{kept}")
        return EXIT_ERROR
    if inplace:
        write_notebook(notebook, path)
    return EXIT_OK


@contextlib.contextmanager
def _notebook_folder(path: str) -> Iterator[None]:
    """While a cell runs, the notebook's folder is the current one and first on sys.path, as
    when Jupyter starts a kernel for it (d2l's `../data` paths are relative to it)."""
    folder = os.path.dirname(os.path.abspath(path))
    saved = os.getcwd()
    os.chdir(folder)
    sys.path.insert(0, folder)
    try:
        yield
    finally:
        os.chdir(saved)
        with contextlib.suppress(ValueError):
            sys.path.remove(folder)


def write_notebook(notebook: Any, path: str) -> None:
    """Write `notebook` over `path` in one step: a new file beside it, then a rename."""
    import nbformat
    node = nbformat.from_dict(notebook)
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".ndsh-", suffix=".ipynb", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            nbformat.write(node, file)
        with contextlib.suppress(OSError):
            os.chmod(temporary, os.stat(path).st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
