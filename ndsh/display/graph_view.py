"""The drawing of a recorded graph (`ndsh.graph(y)`): a tree with aligned columns.

    c = multiply x 9  (1,)  float32  f.nds:4
    └── multiply      (1,)  float32  f.nds:2
        └── a         (1,)  float32  grad_req=write

A node used twice is drawn once and tagged `[3]`; its later uses say `[3] ... (above)`. An op
recorded inside a Gluon Block's forward is prefixed with its layer (`dense0: dot`).
"""
from __future__ import annotations

from ndsh.display.segments import Line, plain, show_segments  # noqa: F401  (re-exported)

MAX_LINES = 400

_STYLE = {"op": "bold cyan", "leaf": "bold yellow", "constant": "yellow", "freed": "red",
          "name": "bold", "tree": "dim", "count": "magenta", "shape": "", "dtype": "dim",
          "where": "green", "grad_req": "yellow", "note": "dim italic", "tag": "dim",
          "layer": "blue"}


def graph_lines(graph, max_lines: int = MAX_LINES) -> list[Line]:
    """The graph as styled lines (see `ndsh.display.segments`). An array with no recorded
    graph (a constant, a leaf) is one sentence, the note saying why."""
    if graph.note and graph.nodes[graph.root].kind in ("leaf", "constant"):
        return [[("", f"{graph.note}.")]]
    rows = _rows(graph, max_lines)
    head_width = max(len(r["prefix"]) + len(_head(r)) for r in rows)
    shape_width = max(len(r["shape"]) for r in rows)
    dtype_width = max(len(r["dtype"]) for r in rows)
    lines = []
    for r in rows:
        line: Line = [(_STYLE["tree"], r["prefix"])]
        if r["tag"]:
            line.append((_STYLE["tag"], r["tag"] + " "))
        if r["name"]:
            line += [(_STYLE["name"], r["name"]), ("", " = ")]
        if r["layer"]:
            line.append((_STYLE["layer"], r["layer"]))
        line.append((_STYLE.get(r["kind"], ""), r["label"]))
        if r["count"]:
            line.append((_STYLE["count"], r["count"]))
        used = len(r["prefix"]) + len(_head(r))
        if r["shape"] or r["dtype"] or r["extra"]:
            line.append(("", " " * (head_width - used + 2)))
            line += [(_STYLE["shape"], r["shape"].ljust(shape_width)), ("", "  "),
                     (_STYLE["dtype"], r["dtype"].ljust(dtype_width))]
            if r["extra"]:
                line += [("", "  "), (_STYLE[r["extra_style"]], r["extra"])]
        lines.append(_rstrip(line))
    if graph.note:
        lines.append([(_STYLE["note"], f"({graph.note})")])
    return lines


def _head(r: dict) -> str:
    return (r["tag"] + " " if r["tag"] else "") + (r["name"] + " = " if r["name"] else "") \
        + r["layer"] + r["label"] + r["count"]


def _rstrip(line: Line) -> Line:
    while line and not line[-1][1].strip():
        line = line[:-1]
    if line:
        style, text = line[-1]
        line[-1] = (style, text.rstrip())
    return line


def _rows(graph, max_lines: int) -> list[dict]:
    shared = {i for i, n in graph.consumers().items()
              if n > 1 and graph.nodes[i].kind == "op"}
    rows: list[dict] = []
    shown: set[int] = set()
    stack = [(graph.root, "", "")]      # (node id, connector prefix, prefix for its children)
    while stack:
        node_id, prefix, child_prefix = stack.pop()
        if len(rows) >= max_lines:
            rows.append(_note_row(f"... {len(graph.nodes) - len(shown)} more nodes not drawn "
                                  f"(g.to_json() has them all)"))
            break
        node = graph.nodes[node_id]
        again = node_id in shown and node_id in shared
        rows.append(_row(node, prefix, f"[{node_id}]" if node_id in shared else "", again))
        shown.add(node_id)
        if again:
            continue
        children = node.inputs
        for index in reversed(range(len(children))):
            last = index == len(children) - 1
            stack.append((children[index], child_prefix + ("└── " if last else "├── "),
                          child_prefix + ("    " if last else "│   ")))
    return rows


def _row(node, prefix: str, tag: str, again: bool) -> dict:
    shape = "" if node.shape is None else str(tuple(node.shape))
    if node.kind == "op":
        extra, extra_style = node.where, "where"
    elif node.kind == "freed":
        extra, extra_style = "(freed by backward)", "note"
    else:
        extra, extra_style = (f"grad_req={node.grad_req}", "grad_req") if node.grad_req \
            else ("constant", "dtype")
    if node.place:                 # off the CPU: the context, a dask array's chunks
        extra = f"{extra}  {node.place}" if extra else node.place
    label = node.label
    name = node.name if node.kind in ("op", "freed") else ""
    layer = f"{node.layers[-1]}: " if node.layers and node.kind in ("op", "freed") else ""
    if again:                      # drawn in full above: name it and point there
        shape, extra, extra_style = "", "(above)", "note"
        label, name, layer = name or label, "", "" if name else layer
    return {"prefix": prefix, "tag": tag, "name": name, "layer": layer, "label": label,
            "kind": node.kind,
            "count": f" x {node.count}" if node.count > 1 else "", "shape": shape,
            "dtype": "" if again else node.dtype, "extra": extra, "extra_style": extra_style}


def _note_row(text: str) -> dict:
    return {"prefix": "", "tag": "", "name": "", "layer": "", "label": text, "kind": "note",
            "count": "",
            "shape": "", "dtype": "", "extra": "", "extra_style": "note"}
