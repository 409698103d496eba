"""`dir x` in the shell: public names in groups, laid out in columns with one-line summaries."""
from __future__ import annotations

from ndsh.display.theme import StyledLine

Group = tuple[str, list[tuple[str, str]]]     # (title, [(name, summary)])
CELL_WIDTH = 56          # a name and the start of its summary; wider terminals get columns
_GAP = 2


def dir_lines(title: str, groups: list[Group], width: int = 100) -> list[StyledLine]:
    """Styled lines for grouped names: a heading per group, then its names in columns,
    column by column, each followed by as much of its summary as fits.

    Example:
        >>> rows = [("add", "Add arrays."), ("dot", "Dot product.")]
        >>> for _, text in dir_lines("nd", [("Ops", rows)], width=40): print(text)
        nd: 2 public names
        <BLANKLINE>
        Ops (2)
          add  Add arrays.
          dot  Dot product.
    """
    total = sum(len(rows) for _, rows in groups)
    out: list[StyledLine] = [("title", f"{title}: {total} public name{'s' * (total != 1)}")]
    for heading, rows in groups:
        if not rows:
            continue
        out += [("text", ""), ("heading", f"{heading} ({len(rows)})")]
        out += [("text", line) for line in _columns(rows, width)]
    return out


def _columns(rows: list[tuple[str, str]], width: int) -> list[str]:
    usable = max(20, width - 2)
    count = max(1, (usable + _GAP) // (CELL_WIDTH + _GAP))
    cell = (usable - _GAP * (count - 1)) // count if count > 1 else usable
    height = -(-len(rows) // count)
    columns = [rows[start:start + height] for start in range(0, len(rows), height)]
    # each column's summaries start where its longest name ends, so that they line up
    cells = [[_cell(name, summary, _name_width(column, cell), cell) for name, summary in column]
             for column in columns]
    lines = []
    for row in range(height):
        parts = [column[row] for column in cells if row < len(column)]
        padded = [part.ljust(cell) for part in parts[:-1]] + parts[-1:]
        lines.append(("  " + (" " * _GAP).join(padded)).rstrip())
    return lines


def _name_width(column: list[tuple[str, str]], cell: int) -> int:
    """The width of a column's names: its longest name, unless that leaves its summaries
    less than a third of the cell (a longer name then pushes its own summary along)."""
    return min(max(len(name) for name, _ in column), max(12, cell * 2 // 3))


def _cell(name: str, summary: str, name_width: int, width: int) -> str:
    text = name.ljust(name_width) + ("  " + summary if summary else "")
    return text if len(text) <= width else text[:max(len(name), width - 1)] + "…"
