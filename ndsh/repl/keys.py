"""The shell's keys on top of prompt_toolkit's emacs / vi bindings.

Enter runs a complete input and opens an auto-indented line otherwise; `else:`, `elif ...:`,
`except ...:` and `finally:` move back to the indent of the statement they continue (as the
`:` is typed, and on Enter); Esc Enter always opens a line; Tab indents at the start of a line
and completes elsewhere; Backspace in leading spaces goes back a whole level; a bracketed
paste goes in exactly as pasted (no auto-indent), with transcript prompts (`>>> `, `In [3]: `)
stripped. Ctrl-C, Ctrl-D and Ctrl-R are prompt_toolkit's: clear the input, leave on an empty
line, search the history.
"""
from __future__ import annotations

from prompt_toolkit.buffer import Buffer
from prompt_toolkit.document import Document
from prompt_toolkit.enums import DEFAULT_BUFFER
from prompt_toolkit.filters import emacs_insert_mode, has_focus, has_selection, vi_insert_mode
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.key_binding.bindings.completion import generate_completions
from prompt_toolkit.keys import Keys

from ndsh.repl.editing import INDENT, clause_indent, dedent_width, next_indent, wants_newline
from ndsh.transform import strip_prompts


def shell_key_bindings() -> KeyBindings:
    bindings = KeyBindings()
    editing = has_focus(DEFAULT_BUFFER) & ~has_selection
    inserting = editing & (emacs_insert_mode | vi_insert_mode)

    @bindings.add("enter", filter=editing)
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if _take_completion(buffer):
            return
        _dedent_clause(buffer)
        document = buffer.document
        if not document.text.strip():
            buffer.validate_and_handle()
        elif wants_newline(document.text, document.text_after_cursor):
            _newline(buffer)
        else:
            _drop_trailing_blank_lines(buffer)
            buffer.validate_and_handle()

    @bindings.add("escape", "enter", filter=editing)
    def _newline_anyway(event: KeyPressEvent) -> None:
        _newline(event.current_buffer)

    @bindings.add(":", filter=inserting)
    def _colon(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text(":" * event.arg)
        _dedent_clause(event.current_buffer)

    @bindings.add("tab", filter=inserting)
    def _tab(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        line = buffer.document.current_line_before_cursor
        if not buffer.complete_state and not line.strip():
            buffer.insert_text(INDENT[:len(INDENT) - len(line) % len(INDENT)])
            return
        generate_completions(event)

    @bindings.add("backspace", filter=inserting)
    def _backspace(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        width = dedent_width(buffer.document.text_before_cursor) if event.arg == 1 else 1
        buffer.delete_before_cursor(count=width * event.arg)

    @bindings.add(Keys.BracketedPaste)
    def _paste(event: KeyPressEvent) -> None:
        data = strip_prompts(event.data.replace("\r\n", "\n").replace("\r", "\n"))
        buffer = event.current_buffer
        line = buffer.document.current_line_before_cursor
        if line and not line.strip() and data[:1] in (" ", "\t"):
            # the paste brings its own indent: the one Enter put there would add to it
            buffer.delete_before_cursor(len(line))
        buffer.insert_text(data)

    return bindings


def _take_completion(buffer: Buffer) -> bool:
    """Enter on an open completion menu takes the highlighted entry (or closes the menu)."""
    state = buffer.complete_state
    if state is None:
        return False
    if state.current_completion is not None:
        buffer.apply_completion(state.current_completion)
        return True
    buffer.cancel_completion()
    return False


def _dedent_clause(buffer: Buffer) -> None:
    """`else:`, `elif ...:`, `except ...:`, `finally:` typed on an auto-indented line move
    back to the indent of the `if` / `for` / `try` they continue."""
    document = buffer.document
    indent = clause_indent(document.text_before_cursor)
    if indent is None:
        return
    line = document.current_line_before_cursor
    start = document.cursor_position - len(line)
    old = len(line) - len(line.lstrip())
    text = document.text[:start] + indent + document.text[start + old:]
    buffer.document = Document(text, document.cursor_position - old + len(indent))


def _newline(buffer: Buffer) -> None:
    buffer.insert_text("\n" + next_indent(buffer.document.text_before_cursor))


def _drop_trailing_blank_lines(buffer: Buffer) -> None:
    """The empty line that ended a block is not part of the input (nor of its history)."""
    text = buffer.text
    kept = text.rstrip()
    if kept != text and "\n" in text[len(kept):]:
        buffer.document = Document(kept, len(kept))
