"""How a gradient trace looks: a table per backward (stderr), or JSON records (--trace-file).

    backward #1 at nan.nds:7 of y (1,)
     step  op    line       grad shape  norm   min   max
        1  sum   nan.nds:6  (1,)        1      1     1
        2  sqrt  nan.nds:6  (3,)        1.732  1     1    <- Inf appears here
     leaf  x                (3,)        inf    0.25  inf
    Inf first appears in the backward of sqrt at nan.nds:6, from its input x = [0. 1. 4.]
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from ndsh.display.segments import Line

_HEADER = ("step", "op", "line", "grad shape", "norm", "min", "max")
_STYLE = {"head": "bold", "title": "dim", "op": "cyan", "leaf": "bold yellow", "where": "green",
          "num": "", "bad": "bold red", "mark": "bold red", "dim": "dim"}


def number(value: float) -> str:
    """A gradient statistic in four significant digits: `1.732`, `0.0001`, `inf`, `nan`.

    Example:
        >>> number(1.7320508), number(float("inf")), number(2.0), number(1e-12)
        ('1.732', 'inf', '2', '1e-12')
    """
    if math.isnan(value) or math.isinf(value):
        return str(value)
    return f"{value:.4g}"


def _cells(row) -> list[str]:
    stats = row.stats
    values = ["", "", "", "(no gradient)"] if stats is None else \
        [str(tuple(stats.shape)), number(stats.norm), number(stats.min), number(stats.max)]
    label = f"{row.layer}: {row.label}" if row.layer else row.label
    return [str(row.step) if row.step else "leaf", label, row.where] + values


def trace_lines(trace) -> list[Line]:
    """The trace as styled lines (see `ndsh.display.segments`)."""
    heads = ", ".join(f"{name + ' ' if name else ''}{tuple(s.shape)}" for name, s in trace.heads)
    title = f"backward #{trace.number}" + (f" at {trace.called_at}" if trace.called_at else "") \
        + f" of {heads}"
    lines: list[Line] = [[(_STYLE["head"], title)]]
    for name, stats in trace.heads:
        if not stats.finite:
            lines.append([(_STYLE["bad"], f"  the head {name or ''} is already non-finite "
                                          f"(norm {number(stats.norm)}): the forward pass made "
                                          f"it")])
    table = [list(_HEADER)] + [_cells(row) for row in trace.rows]
    widths = [max(len(cells[i]) for cells in table) for i in range(len(_HEADER))]
    for index, cells in enumerate(table):
        row = trace.rows[index - 1] if index else None
        lines.append(_table_line(cells, widths, row))
    if trace.culprit is not None:
        lines += _culprit_lines(trace.culprit)
    return lines


def _table_line(cells: list[str], widths: list[int], row) -> Line:
    if row is None:
        style = [_STYLE["title"]] * len(cells)
    else:
        bad = row.stats is not None and not row.stats.finite
        style = ["dim", _STYLE["leaf"] if row.step == 0 else _STYLE["op"], _STYLE["where"]] \
            + [_STYLE["bad"] if bad else _STYLE["num"]] * 4
    line: Line = [("", " ")]
    for i, cell in enumerate(cells):
        text = cell.rjust(widths[i]) if i == 0 else cell.ljust(widths[i])
        line += [(style[i], text), ("", "  ")]
    if row is not None and row.mark:
        line.append((_STYLE["mark"], f"<- {row.mark}"))
    while line and not line[-1][1].strip():
        line.pop()
    line[-1] = (line[-1][0], line[-1][1].rstrip())
    return line


def _culprit_lines(culprit) -> list[Line]:
    row = culprit.row
    where = f" at {row.where}" if row.where else ""
    layer = f" in layer {row.layer}" if row.layer else ""
    lines: list[Line] = [[(_STYLE["mark"], f"{culprit.kind} first appears in the backward of "
                                           f"{row.label}{layer}{where}, given finite "
                                           f"gradients:")]]
    bad = np.asarray(culprit.bad_grad)
    for name, value in culprit.inputs:
        lines.append([("", "    "), (_STYLE["dim"], "input "), ("", f"{name or '(unnamed)'} = "),
                      ("", _values(value, bad))])
    lines.append([("", "    "), (_STYLE["dim"], "passed on "), ("", _values(bad, bad))])
    return lines


def _values(value: Any, bad: np.ndarray) -> str:
    """Small arrays in full; larger ones by their range and the entries where the gradient
    went bad (when the shapes line up)."""
    if value is None:
        return "(not kept: the graph held only its shape)"
    value = np.asarray(value)
    if value.size <= 8:
        return np.array2string(value, precision=4, separator=" ", max_line_width=200)
    text = f"shape {value.shape}, min {number(float(np.nanmin(value)))}, max " \
           f"{number(float(np.nanmax(value)))}"
    if value.shape == bad.shape:
        where = np.argwhere(~np.isfinite(bad))[:3]
        picks = ", ".join(f"[{', '.join(map(str, i))}] = {number(float(value[tuple(i)]))}"
                          for i in where)
        text += f"; at the bad entries: {picks}"
    return text


def _float(value: float) -> Any:
    return value if math.isfinite(value) else str(value)


def trace_records(trace) -> list[dict]:
    """The trace as JSON-ready dicts; non-finite numbers as the strings "nan", "inf"."""
    records: list[dict] = [{"event": "backward", "number": trace.number,
                            "called_at": trace.called_at,
                            "heads": [{"name": n, "shape": list(s.shape), "finite": s.finite}
                                      for n, s in trace.heads]}]
    for row in trace.rows:
        record: dict[str, Any] = {"event": "node" if row.step else "leaf",
                                  "backward": trace.number}
        if row.step:
            record.update(step=row.step, op=row.label, where=row.where)
            if row.layer:
                record["layer"] = row.layer
        else:
            record["name"] = row.label
        if row.stats is not None:
            s = row.stats
            record.update(shape=list(s.shape), norm=_float(s.norm), min=_float(s.min),
                          max=_float(s.max), finite=s.finite)
        if row.mark:
            record["mark"] = row.mark
        records.append(record)
    if trace.culprit is not None:
        c = trace.culprit
        records.append({"event": "nonfinite", "backward": trace.number, "kind": c.kind,
                        "op": c.row.label, "where": c.row.where, "step": c.row.step,
                        "inputs": [{"name": n, "values": _listed(v)} for n, v in c.inputs]})
        if c.row.layer:
            records[-1]["layer"] = c.row.layer
    return records


def _listed(value) -> Any:
    if value is None:
        return None
    value = np.asarray(value, dtype=np.float64)
    flat = [_float(float(v)) for v in value.reshape(-1)[:64]]
    return {"shape": list(value.shape), "first": flat}
