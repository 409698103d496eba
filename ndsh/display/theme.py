"""The vocabulary of styled text: a line is `(style, text)`, and THEME maps each style name
to a rich style. The plain writer (`console`) and the rich one (`styled`) both read it, so it
sits below them both."""
from __future__ import annotations

StyledLine = tuple[str, str]

# style name -> rich style; the names are what errors.py and the doc page emit
THEME = {
    "title": "bold cyan",
    "signature": "bold",
    "heading": "bold yellow",
    "name": "cyan",
    "dim": "dim",
    "location": "bold",
    "source": "",
    "carets": "bold red",
    "error": "bold red",
    "message": "",
    "hint": "dim italic",
    "text": "",
}
