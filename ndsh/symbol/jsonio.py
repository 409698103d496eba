"""MXNet's JSON for graphs (`-symbol.json`): written in the text MXNet 1.9.1 writes (its C++
JSON writer's layout: an object of one entry or an array of up to ten numbers on one line,
", " before each line break) and read back from any JSON with MXNet's fields.
"""
from __future__ import annotations

import json
import os
import secrets
import sys

from ndsh.engine.mxnet_errors import MXNetError
from ndsh.symbol.node import Node, topological

MXNET_VERSION = 10901


def _write(value, indent: int, out: list) -> None:
    """dmlc::JSONWriter's layout: containers of more than one entry (objects) or more than ten
    (arrays of numbers) or of containers (arrays) go one entry a line."""
    pad = "  " * (indent + 1)
    if isinstance(value, dict):
        if len(value) <= 1:
            out.append("{" + ", ".join(f"{json.dumps(k)}: " + _inline(v)
                                       for k, v in value.items()) + "}")
            return
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            out.append(("\n" if i == 0 else ", \n") + pad + json.dumps(key) + ": ")
            _write(item, indent + 1, out)
        out.append("\n" + "  " * indent + "}")
    elif isinstance(value, list) and (len(value) > 10 or any(
            isinstance(item, dict) for item in value)):
        out.append("[")
        for i, item in enumerate(value):
            out.append(("\n" if i == 0 else ", \n") + pad)
            _write(item, indent + 1, out)
        out.append("\n" + "  " * indent + "]")
    else:
        out.append(_inline(value))


def _inline(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_inline(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def graph_dict(outputs: list) -> dict:
    """The JSON object of a graph whose outputs are (node, index) pairs."""
    order = topological(node for node, _ in outputs)
    ids = {id(node): i for i, node in enumerate(order)}
    nodes, row_ptr = [], [0]
    for node in order:
        entry = {"op": node.op, "name": node.name}
        if node.attrs:
            entry["attrs"] = dict(sorted(node.attrs.items()))
        entry["inputs"] = [[ids[id(child)], index, version]
                           for child, index, version in node.inputs]
        nodes.append(entry)
        row_ptr.append(row_ptr[-1] + node.total_outputs())
    return {"nodes": nodes,
            "arg_nodes": [i for i, node in enumerate(order) if node.is_variable],
            "node_row_ptr": row_ptr,
            "heads": [[ids[id(node)], index, 0] for node, index in outputs],
            "attrs": _graph_attrs()}


def np_shape_on() -> bool:
    """Whether MXNet's np shape mode is on (`npx.set_np()`; read from the loaded mx.npx, which
    symbol/ never imports): graphs are then np graphs (operators make `_npi_` nodes).

    Example:
        >>> from ndsh.symbol.jsonio import np_shape_on
        >>> np_shape_on()
        False
    """
    npx = sys.modules.get("ndsh.mxnp.npx")
    return npx is not None and npx._STATE["shape"]


def _graph_attrs() -> dict:
    """The graph's own attributes: MXNet 1.9.1 adds `is_np_shape` in np shape mode."""
    if np_shape_on():
        return {"is_np_shape": ["int", 1], "mxnet_version": ["int", MXNET_VERSION]}
    return {"mxnet_version": ["int", MXNET_VERSION]}


def to_json(outputs: list) -> str:
    """MXNet's JSON text of a graph whose outputs are (node, index) pairs."""
    out: list[str] = []
    _write(graph_dict(outputs), 0, out)
    return "".join(out)


def from_json(text: str, source: str = "the JSON text") -> list:
    """The outputs ((node, index) pairs) of the graph a JSON text describes (MXNet's
    `-symbol.json`), checked as it is read."""
    try:
        graph = json.loads(text)
        entries, heads = graph["nodes"], graph["heads"]
    except (ValueError, TypeError, KeyError) as error:
        raise MXNetError(f"Cannot read a graph from {source}: it is not MXNet's symbol JSON "
                         f"(an object with 'nodes' and 'heads'): {error}") from error
    nodes: list[Node] = []
    for i, entry in enumerate(entries):
        try:
            inputs = [(nodes[item[0]], item[1], item[2] if len(item) > 2 else 0)
                      for item in entry.get("inputs", [])]
            attrs = entry.get("attrs", entry.get("attr", entry.get("param", {}))) or {}
            nodes.append(Node(entry["op"], entry["name"],
                              {str(k): str(v) for k, v in attrs.items()}, inputs))
        except (KeyError, IndexError, TypeError) as error:
            raise MXNetError(f"Cannot read node {i} of {source}: each node needs 'op', "
                             f"'name' and 'inputs' naming earlier nodes "
                             f"({entry!r:.200}).") from error
    try:
        return [(nodes[head[0]], head[1]) for head in heads]
    except (IndexError, TypeError) as error:
        raise MXNetError(f"Cannot read the outputs ('heads') of {source}: {heads!r:.200} "
                         f"names nodes that are not there ({len(nodes)} nodes).") from error


def write_text(fname: str, text: str) -> None:
    """Write `text` to `fname` whole or not at all: a temporary file beside it (mode 0o666
    under the umask, as open() gives) renamed over it."""
    target = os.path.realpath(fname)
    folder, base = os.path.split(target)
    temporary = os.path.join(folder, f".{base}.{secrets.token_hex(4)}.tmp")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise type(error)(error.errno, f"cannot write here: {error.strerror}", fname) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
