"""Everything ndsh draws: the colour decision, values, doc pages and error reports.

Nothing here is imported by the engine. rich is imported only when colour is on, so a piped
`ndsh run` never pays for it.
"""
from __future__ import annotations

from ndsh.display.console import ColorMode, Output, wants_color

__all__ = ["ColorMode", "Output", "wants_color"]
