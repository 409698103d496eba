"""Graphs as text for other programs: Graphviz DOT and Mermaid, with one group per Gluon layer
(a DOT cluster, a Mermaid subgraph; a layer inside another is nested in it)."""
from __future__ import annotations


def dot_text(nodes: dict) -> str:
    """DOT for a graph's nodes (`ndsh.tools.graphs.GraphNode`s by id); edges run from inputs
    to results, leaves are ellipses, each Gluon layer is a cluster.

    Example:
        >>> from ndsh.tools.graphs import GraphNode
        >>> nodes = {1: GraphNode(1, "op", "dot", inputs=[2], layers=("dense0",)),
        ...          2: GraphNode(2, "leaf", "w", grad_req="write", layers=("dense0",))}
        >>> print(dot_text(nodes), end="")
        digraph ndsh {
          rankdir=BT;
          node [shape=box, fontname="monospace"];
          subgraph cluster_1 { label="dense0"; style=rounded;
            n1 [label="dot"];
            n2 [label="w\\ngrad_req=write", shape=ellipse];
          }
          n2 -> n1;
        }
    """
    def box(node) -> str:
        shape = "" if node.kind == "op" else ", shape=ellipse"
        text = "\\n".join(_dot_escape(part) for part in label_parts(node))
        return f'n{node.id} [label="{text}"{shape}];'

    def cluster(number: int, name: str) -> str:
        return f'subgraph cluster_{number} {{ label="{_dot_escape(name)}"; style=rounded;'

    lines = ["digraph ndsh {", "  rankdir=BT;", '  node [shape=box, fontname="monospace"];']
    lines += _grouped(nodes, box, cluster, "}")
    lines += [f"  n{i} -> n{node.id};" for node in nodes.values() for i in node.inputs]
    return "\n".join(lines + ["}"]) + "\n"


def mermaid_text(nodes: dict) -> str:
    """Mermaid flowchart text for a graph's nodes (bottom to top, as the data flows), each
    Gluon layer a subgraph.

    Example:
        >>> from ndsh.tools.graphs import GraphNode
        >>> nodes = {1: GraphNode(1, "op", "dot", inputs=[2], layers=("dense0",)),
        ...          2: GraphNode(2, "constant", "X")}
        >>> print(mermaid_text(nodes), end="")
        flowchart BT
          n2(["X<br/>constant"])
          subgraph layer1["dense0"]
            n1["dot"]
          end
          n2 --> n1
    """
    def box(node) -> str:
        text = "<br/>".join(_mermaid_escape(part) for part in label_parts(node))
        ends = ('["', '"]') if node.kind == "op" else ('(["', '"])')
        return f"n{node.id}{ends[0]}{text}{ends[1]}"

    def subgraph(number: int, name: str) -> str:
        return f'subgraph layer{number}["{_mermaid_escape(name)}"]'

    lines = ["flowchart BT"] + _grouped(nodes, box, subgraph, "end")
    lines += [f"  n{i} --> n{node.id}" for node in nodes.values() for i in node.inputs]
    return "\n".join(lines) + "\n"


def label_parts(node) -> list[str]:
    """The lines of a node's box: `name = op x count`, `shape dtype`, where (or grad_req).

    Example:
        >>> from ndsh.tools.graphs import GraphNode
        >>> label_parts(GraphNode(1, "op", "sum", name="y", shape=(1,), dtype="float32"))
        ['y = sum', '(1,) float32']
    """
    head = node.label + (f" x {node.count}" if node.count > 1 else "")
    if node.name:
        head = f"{node.name} = {head}"
    parts = [head]
    if node.shape is not None:
        parts.append(f"{node.shape} {node.dtype}")
    extra = node.where if node.kind == "op" else (f"grad_req={node.grad_req}" if node.grad_req
                                                    else node.kind)
    return parts + ([extra] if extra else []) + ([node.place] if node.place else [])


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _mermaid_escape(text: str) -> str:
    return text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;") \
        .replace(">", "#gt;")


def _grouped(nodes: dict, box, opening, closing: str) -> list[str]:
    """The nodes' lines, those of each Gluon layer inside its group (a layer inside another
    nested in it), indented two spaces a level; nodes outside every layer first."""
    tree: dict = {}                      # layer name -> (its sub-layers, its node ids)
    top: list[int] = []
    for node in nodes.values():
        if not node.layers:
            top.append(node.id)
            continue
        level, entry = tree, None
        for name in node.layers:
            entry = level.setdefault(name, ({}, []))
            level = entry[0]
        entry[1].append(node.id)
    lines = [f"  {box(nodes[i])}" for i in top]
    count = 0
    stack = [(name, entry, 1) for name, entry in reversed(tree.items())]
    while stack:
        name, entry, depth = stack.pop()
        pad = "  " * depth
        if entry is None:                # the end of a group
            lines.append(pad + closing)
            continue
        count += 1
        lines.append(pad + opening(count, name))
        lines += [f"{pad}  {box(nodes[i])}" for i in entry[1]]
        stack.append((name, None, depth))
        stack += [(child, sub, depth + 1) for child, sub in reversed(entry[0].items())]
    return lines
