"""The ndsh Jupyter kernel: ipykernel's `Kernel` base (its messaging, heartbeat, interrupts
and comms), with the cells run by `ndsh.kernel.cells.CellState` over a Session.

    execute       the cell through the Session; result, display data, streams, errors
    complete      the shell's completer (`ndsh.repl.completer.candidates`)
    inspect       the doc page of the name at the cursor (`ndsh doc NAME`)
    is_complete   as the shell decides when Enter runs the input

Started by Jupyter as `python -m ndsh.kernel -f CONNECTION_FILE` (`ndsh kernel install`).
"""
from __future__ import annotations

import builtins
import contextlib
import os
import platform
import re
import sys
from typing import Any, Iterator

from ipykernel.kernelbase import Kernel

from ndsh import __version__
from ndsh.kernel.cells import CellOutput, CellState, use_inline_figures
from ndsh.session import ContextError, Session

_DOTTED_AT = re.compile(r"[A-Za-z_][\w.]*")


class MessagePublisher:
    """A cell's outputs as Jupyter messages on IOPub; pages as execute_reply payloads."""

    def __init__(self, kernel: Kernel):
        self.kernel = kernel
        self.payloads: list[dict[str, Any]] = []

    def send(self, msg_type: str, content: dict[str, Any]) -> None:
        """One IOPub message, as the reply to the request being answered."""
        for stream in (sys.stdout, sys.stderr):   # what was printed before comes first
            with contextlib.suppress(Exception):
                stream.flush()
        self.kernel.send_response(self.kernel.iopub_socket, msg_type, content)

    def display(self, data: dict, metadata: dict | None = None, display_id: str | None = None,
                update: bool = False) -> None:
        transient = {"display_id": display_id} if display_id else {}
        self.send("update_display_data" if update else "display_data",
                   {"data": data, "metadata": metadata or {}, "transient": transient})

    def result(self, data: dict, metadata: dict, number: int) -> None:
        self.send("execute_result", {"execution_count": number, "data": data,
                                      "metadata": metadata})

    def page(self, data: dict) -> None:
        self.payloads.append({"source": "page", "data": data, "start": 0})


class NdshKernel(Kernel):
    """ndsh as a Jupyter kernel: MXNet's API on numpy, with ndsh's errors and tools."""

    implementation = "ndsh"
    implementation_version = __version__
    language = "python"
    language_version = platform.python_version()
    language_info = {"name": "python", "version": platform.python_version(),
                     "mimetype": "text/x-python", "file_extension": ".py",
                     "pygments_lexer": "ipython3",
                     "codemirror_mode": {"name": "ipython", "version": 3},
                     "nbconvert_exporter": "python"}
    banner = (f"ndsh {__version__}: MXNet 1.9.1's nd, autograd and gluon on numpy "
              f"(Python {platform.python_version()}); x? for help, %quickref for the magics")
    help_links = [{"text": "MXNet 1.9.1 API", "url": "https://mxnet.apache.org/versions/1.9.1/"}]

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        use_inline_figures()
        self.publisher = MessagePublisher(self)
        session = Session(CellOutput(self.publisher))
        context = os.environ.get("NDSH_CTX")
        if context:
            try:
                session.set_context(context)
            except ContextError as error:
                session.output.warn(f"ndsh: NDSH_CTX={context}: {error.problem}")
        self.state = CellState(session, self.publisher)

    def set_parent(self, ident: Any, parent: dict, channel: str = "shell") -> None:
        """The request being answered; printed output is sent as its output too (as
        IPython's kernel tells its streams: the base class does not)."""
        super().set_parent(ident, parent, channel)
        if channel == "shell":
            for stream in (sys.stdout, sys.stderr):
                if hasattr(stream, "set_parent"):
                    stream.set_parent(parent)

    # ----- execute ------------------------------------------------------------------------
    async def do_execute(self, code: str, silent: bool, store_history: bool = True,
                         user_expressions: dict | None = None, allow_stdin: bool = False,
                         **ignored: Any) -> dict[str, Any]:
        number = self.execution_count
        self.publisher.payloads = []
        state = self.state
        try:
            with self._input(allow_stdin):
                state.run(code, number, silent=silent)
        except KeyboardInterrupt:          # between the user's statements
            state.interrupted()
        error = state.error
        if error is not None:
            content = {"ename": error.ename, "evalue": error.evalue,
                       "traceback": error.traceback}
            if not silent:
                self.publisher.send("error", content)
            return {"status": "error", "execution_count": number, **content}
        return {"status": "ok", "execution_count": number, "payload": self.publisher.payloads,
                "user_expressions": self._user_expressions(user_expressions or {})}

    def _user_expressions(self, expressions: dict[str, str]) -> dict[str, Any]:
        from ndsh.kernel.bundles import value_bundle
        found = {}
        for key, expression in expressions.items():
            outcome = self.state.session.run(expression, filename="<user expression>")
            if outcome.ok:
                data, metadata = value_bundle(outcome.value)
                found[key] = {"status": "ok", "data": data, "metadata": metadata}
            else:
                found[key] = {"status": "error", "ename": type(outcome.error).__name__,
                              "evalue": str(outcome.error), "traceback": []}
        return found

    @contextlib.contextmanager
    def _input(self, allow_stdin: bool) -> Iterator[None]:
        """`input()` asks the front end (the stdin channel), when it allows it."""
        saved = builtins.input
        self._allow_stdin = allow_stdin
        builtins.input = self.raw_input if allow_stdin else _no_input
        try:
            yield
        finally:
            builtins.input = saved
            self._allow_stdin = False

    # ----- complete, inspect, is_complete --------------------------------------------------
    async def do_complete(self, code: str, cursor_pos: int | None) -> dict[str, Any]:
        from ndsh.repl.completer import candidates
        cursor = len(code) if cursor_pos is None else cursor_pos
        text = code[:cursor]
        try:
            found = candidates(text, self.state.namespace) if text.strip() else []
        except Exception:            # completion never breaks the notebook
            found = []
        length = max((candidate.length for candidate in found), default=0)
        start = cursor - length
        matches = [text[start:cursor - c.length] + c.text for c in found]
        types = [{"start": start, "end": cursor, "text": match, "type": "",
                  "signature": candidate.meta} for match, candidate in zip(matches, found)]
        return {"status": "ok", "matches": matches, "cursor_start": start, "cursor_end": cursor,
                "metadata": {"_jupyter_types_experimental": types}}

    async def do_inspect(self, code: str, cursor_pos: int | None, detail_level: int = 0,
                         omit_sections: Any = ()) -> dict[str, Any]:
        from ndsh.display.doc_view import page_lines
        from ndsh.doc import NoPage, with_source
        from ndsh.repl.introspection import describe_name
        name = name_at(code, len(code) if cursor_pos is None else cursor_pos)
        if not name:
            return {"status": "ok", "found": False, "data": {}, "metadata": {}}
        try:
            page = describe_name(self.state.session, name)     # an mx.np array: its array page
        except NoPage:
            return {"status": "ok", "found": False, "data": {}, "metadata": {}}
        source = detail_level > 0
        lines = page_lines(with_source(page) if source else page, source=source,
                           width=self.state.output.width)
        return {"status": "ok", "found": True, "metadata": {},
                "data": {"text/plain": "\n".join(text for _, text in lines)}}

    async def do_is_complete(self, code: str) -> dict[str, Any]:
        return is_complete_reply(code)


def name_at(code: str, cursor: int) -> str:
    """The dotted name at the cursor, or else the call the cursor is in.

    Example:
        >>> name_at("y = nd.dot(a, b)", 8), name_at("y = nd.dot(a, b)", 13)
        ('nd.dot', 'nd.dot')
    """
    from ndsh.repl.scanning import enclosing_call
    for match in _DOTTED_AT.finditer(code):
        if match.start() <= cursor <= match.end() and not match.group(0)[0].isdigit():
            name = match.group(0).rstrip(".")
            text_before = code[:match.start()]
            if not text_before.endswith(("'", '"')):
                return name
    return enclosing_call(code[:cursor]) or ""


def is_complete_reply(code: str) -> dict[str, Any]:
    """What is_complete_request answers: the shell's rule for when Enter runs the input
    (`%magic` lines and `x?` included), "invalid" for code that cannot compile.

    Example:
        >>> is_complete_reply("x = [1,"), is_complete_reply("%time f(1)")
        ({'status': 'incomplete', 'indent': '    '}, {'status': 'complete'})
        >>> is_complete_reply("def f(x):"), is_complete_reply("1 +* 2")
        ({'status': 'incomplete', 'indent': '    '}, {'status': 'invalid'})
    """
    from ndsh.repl.editing import input_is_complete, next_indent
    from ndsh.transform import transform_cell
    if not input_is_complete(code):
        return {"status": "incomplete", "indent": next_indent(code)}
    try:
        compile(transform_cell(code), "<cell>", "exec")
    except (SyntaxError, ValueError, OverflowError):
        return {"status": "invalid"}
    return {"status": "complete"}


def _no_input(prompt: str = "") -> str:
    raise RuntimeError("input() needs a front end that allows it (this one sends "
                       "allow_stdin=False)")


def main() -> None:
    """Start the kernel (what the kernelspec's argv runs)."""
    from ipykernel.kernelapp import IPKernelApp
    IPKernelApp.launch_instance(kernel_class=NdshKernel)
