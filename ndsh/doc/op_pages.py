"""The page of an op of the engine's table (`nd.dot`, `NDArray.reshape`'s op): its signature,
aliases and parameters, with MXNet's common parameters described once here.
"""
from __future__ import annotations

import inspect

from ndsh.doc.page import DocPage, fill_from_docstring, merge_signature_parameters, plain_default
from ndsh.engine import registry

# MXNet's parameters that mean the same wherever they appear: described once, here, for the
# pages of ndsh's own names whose docstrings leave them out
COMMON_PARAMETERS = {
    "data": "the input array.",
    "ctx": "the context (device) of the result; default the current context.",
    "keepdims": "keep the reduced axes, with size 1.",
    "exclude": "reduce over every axis except those in `axis`.",
}
# accepted for MXNet's sake, meaningless to a user: not shown on a page
INTERNAL_PARAMETERS = ("forward_stype",)


def op_page(op: registry.Op, asked: str = "") -> DocPage:
    """The page of an op of the table; `asked` is the name the user typed (maybe an alias)."""
    page = fill_from_docstring(DocPage(name=op.qualname, kind="op", obj=op), op.doc)
    parameters = shown_parameters(op)
    page.signature = f"{op.qualname}{inspect.Signature(parameters)}"
    page.aliases = tuple(_qualify(alias, op.namespace) for alias in op.aliases)
    page.same_shape_aliases = tuple(_qualify(alias, op.namespace)
                                    for alias in op.same_shape_aliases)
    page.differentiable = op.differentiable
    page.departs = op.departs
    merge_signature_parameters(page, parameters, COMMON_PARAMETERS)
    if op.method:
        page.see_also += (f"NDArray.{op.method}",)
    asked_q = _qualify(asked, "nd") if asked else op.qualname
    leaf = asked_q.rpartition(".")[2]
    if asked_q in page.same_shape_aliases:
        page.alias_note = (f"{leaf} is MXNet's name for {op.qualname} on inputs of identical "
                           f"shape: it does not broadcast.")
    elif asked_q != op.qualname:
        page.alias_note = f"{asked_q} is an MXNet alias of {op.qualname}."
    return page


def op_parameters(op: registry.Op) -> list[inspect.Parameter]:
    """The user-facing parameters of an op (as `Op.signature()` shows them)."""
    parameters = [p.replace(annotation=p.empty)
                  for p in inspect.signature(op.fn).parameters.values()]
    if op.kind == "primitive":
        parameters = parameters[1:]
        if getattr(op.call, "accepts_out", False):
            parameters.append(inspect.Parameter("out", inspect.Parameter.KEYWORD_ONLY,
                                                default=None))
    return parameters


def shown_parameters(op: registry.Op) -> list[inspect.Parameter]:
    """The parameters a page shows: MXNet's internal ones left out, defaults as the user
    writes them (`dtype='float32'`)."""
    return [plain_default(p) for p in op_parameters(op) if p.name not in INTERNAL_PARAMETERS]


def _qualify(name: str, namespace: str) -> str:
    return name if "." in name else f"{namespace}.{name}"


__all__ = ["COMMON_PARAMETERS", "INTERNAL_PARAMETERS", "op_page", "op_parameters",
           "shown_parameters"]
