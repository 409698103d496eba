"""The `@op` decorator: define an op once (forward, gradient, docstring, MXNet names) and put
it in the table, with the public callable the engine's per-call path builds for it.

    @op(aliases=("elemwise_mul", "broadcast_mul"), nin=2, vjp=(lambda xp, g, ans, a, b: g * b,
                                                             lambda xp, g, ans, a, b: g * a))
    def multiply(xp, a, b):
        '''Multiply two arrays elementwise, broadcasting their shapes. (then an example)'''
        return xp.multiply(a, b)
"""
from __future__ import annotations

import functools

from ndsh.engine.invoke import make_callable, make_same_shape_callable
from ndsh.engine.registry import NAMESPACES, OPS, Op


def op(*, vjp=None, grad: bool = True, nin: int = 1, aliases=(), same_shape_aliases=(),
       namespace: str = "nd", method=None, scalar_inputs: bool = False, same_dtype: bool = True,
       mask_result: bool = False, kind: str = "primitive", name: str | None = None,
       departs: str = "", returns_view: bool = False, keeps=None, inplace=None, into_ans=None,
       into_g=None, into_leaf=None):
    """Register an op. `kind="primitive"` wraps a backend-level forward; `kind="function"`
    registers a function written over NDArrays (composites, creation, random): it needs no vjp.
    """
    def register(fn):
        op_name = name or fn.__name__.rstrip("_")
        if kind == "primitive" and grad and vjp is None:
            raise TypeError(f"op {op_name}: give a vjp or say grad=False")
        vjp_each = vjp_all = None
        if kind == "primitive" and grad:
            if isinstance(vjp, tuple):
                vjp_each = vjp
            elif nin == 1:
                vjp_each = (vjp,)
            else:
                vjp_all = vjp
        code = fn.__code__
        params = code.co_varnames[:code.co_argcount]     # cheaper than inspect.signature
        record = Op(name=op_name, namespace=namespace, fn=fn, kind=kind, nin=nin,
                    vjp_each=vjp_each, vjp_all=vjp_all,
                    differentiable=grad,
                    aliases=tuple(aliases), same_shape_aliases=tuple(same_shape_aliases),
                    scalar_inputs=scalar_inputs, same_dtype=same_dtype, mask_result=mask_result,
                    method=(op_name if method is True else method),
                    departs=departs, returns_view=returns_view,
                    keeps=None if keeps is None else tuple(keeps), inplace=inplace,
                    into_ans=into_ans, into_g=into_g, into_leaf=into_leaf,
                    input_names=tuple(params[1:1 + nin]) if kind == "primitive" and nin > 0
                    else ())
        if kind == "primitive":
            record.call = make_callable(record)
        else:
            record.call = fn if _takes_name(fn) else _dropping_name(fn)
        qual = record.qualname
        if qual in OPS:
            raise ValueError(f"op {qual} is defined twice")
        OPS[qual] = record
        space = NAMESPACES.setdefault(namespace, {})
        space[op_name] = record
        for alias in record.aliases:
            # "nd.random_normal": an alias that lives in another namespace
            alias_space, _, alias_name = alias.rpartition(".")
            NAMESPACES.setdefault(alias_space or namespace, {})[alias_name] = record
        for alias in record.same_shape_aliases:
            space[alias] = record
            record.strict_calls[alias] = make_same_shape_callable(record, alias)
        return record.call
    return register


def alias(qualname: str, *names: str) -> None:
    """Give the op `qualname` more names in its namespace (MXNet's legacy spellings), from a
    module other than the op's own: `alias("nd.pick", "choose_element_0index")`."""
    record = OPS[qualname]
    record.aliases += names
    for name in names:
        NAMESPACES[record.namespace][name] = record


def _takes_name(fn) -> bool:
    """Whether fn accepts MXNet's `name=` keyword itself (or any keyword)."""
    code = fn.__code__
    return bool(code.co_flags & 0x08) or "name" in code.co_varnames[
        :code.co_argcount + code.co_kwonlyargcount]


def _dropping_name(fn):
    """fn, also accepting MXNet's `name=` keyword, which every nd op takes (it names the node
    of a symbol; an NDArray has none to name)."""
    @functools.wraps(fn)
    def call(*args, name=None, **kwargs):
        return fn(*args, **kwargs)
    return call
