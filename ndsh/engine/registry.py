"""The op table: every op of the engine is defined once, with the `@op` decorator.

An op record holds the forward function, its gradient (one vjp per array input), its docstring
with a runnable example, the MXNet names it answers to and the namespace it lives in. The `nd`
namespace, NDArray methods, `dir`, completion, `ndsh doc` and the generated tests all read OPS.

Forward functions take the array module first: `f(xp, *arrays, *params, **kwargs)`, and return
one backend array. A vjp has the shape `vjp(xp, g, ans, *arrays, *params, **kwargs)` and returns
the gradient for its input; summing it back to a broadcast input's shape happens in the engine.
"""
from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field
from typing import Callable

OPS: dict[str, "Op"] = {}            # qualified name ("nd.dot", "nd.random.normal") -> Op
NAMESPACES: dict[str, dict[str, "Op"]] = {}   # namespace -> {name or alias -> Op}


@dataclass(eq=False)
class Op:
    """One entry of the op table."""

    name: str
    namespace: str
    fn: Callable
    kind: str                          # "primitive": fn(xp, data...); "function": fn(NDArray...)
    nin: int = 1                       # leading array inputs; -1 = all positional arguments
    vjp_each: tuple | None = None      # one vjp per array input (primitive ops)
    vjp_all: Callable | None = None    # or one vjp returning every input's gradient (variadic ops)
    differentiable: bool = True
    aliases: tuple = ()
    same_shape_aliases: tuple = ()     # MXNet names that refuse to broadcast (elemwise_add...)
    scalar_inputs: bool = False        # Python scalars allowed in array slots (x + 2, 2 ** x)
    same_dtype: bool = True            # array inputs must share a dtype (MXNet: no promotion)
    mask_result: bool = False          # result is a 0/1 comparison mask
    method: str | None = None          # NDArray method name, if the op is also a method
    scalar_names: tuple = ()           # MXNet names when the (rhs, lhs) is a scalar: graph labels
    departs: str = ""                  # where ndsh departs from MXNet, for the doc page
    returns_view: bool = False         # result may share the first input's memory (reshape)
    keeps: tuple | None = None         # inputs whose values the vjp reads (None: all of them)
    inplace: object = None             # the xp ufunc's name (or a function) computing it in place
    into_ans: Callable | None = None   # a vjp that writes its result into the op's result buffer
    into_g: tuple | None = None        # per input: a vjp that writes into the incoming gradient
    into_leaf: tuple | None = None     # per input: a vjp writing into out= (a leaf's .grad)
    input_names: tuple = field(default=(), repr=False)
    call: Callable | None = field(default=None, repr=False)   # the public callable
    strict_calls: dict = field(default_factory=dict, repr=False)  # same-shape alias -> callable

    @property
    def qualname(self) -> str:
        return f"{self.namespace}.{self.name}"

    @property
    def summary(self) -> str:
        doc = (inspect.getdoc(self.fn) or "").strip()
        return " ".join(doc.split("\n\n")[0].split()) if doc else ""

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.fn) or ""

    def signature(self) -> str:
        """The user-facing signature: the forward's, without the array-module parameter."""
        sig = inspect.signature(self.fn)
        params = list(sig.parameters.values())
        if self.kind == "primitive":
            params = params[1:]
            if self.call is not None and getattr(self.call, "accepts_out", False):
                params.append(inspect.Parameter("out", inspect.Parameter.KEYWORD_ONLY,
                                                default=None))
        return f"{self.name}{sig.replace(parameters=params, return_annotation=sig.empty)}"

    def __call__(self, *args, **kwargs):
        return self.call(*args, **kwargs)

    # Read from the vjps' code the first time an op is recorded (start-up does not pay):
    @functools.cached_property
    def needs_ans(self) -> bool:
        """Whether a vjp reads the op's result, so that the graph must keep it."""
        return any(_reads(f, "ans") for f in (*(self.vjp_each or ()), self.vjp_all) if f)

    @functools.cached_property
    def writes_into(self) -> bool:
        """Whether some vjp can write into an existing buffer (into_ans, into_g, into_leaf)."""
        return bool(self.into_ans or self.into_g or self.into_leaf)

    @functools.cached_property
    def reads(self) -> tuple | None:
        """Per vjp: the inputs whose values it reads (None for a vjp_all op)."""
        if self.vjp_each is None:
            return None
        return tuple(frozenset(self.keeps) if self.keeps is not None else
                     frozenset(i for i, name in enumerate(self.input_names) if _reads(v, name))
                     for v in self.vjp_each)


def op(*, vjp=None, grad: bool = True, nin: int = 1, aliases=(), same_shape_aliases=(),
       namespace: str = "nd", method=None, scalar_inputs: bool = False, same_dtype: bool = True,
       mask_result: bool = False, scalar_names=(), kind: str = "primitive", name: str | None = None,
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
                    method=(op_name if method is True else method), scalar_names=scalar_names,
                    departs=departs, returns_view=returns_view,
                    keeps=None if keeps is None else tuple(keeps), inplace=inplace,
                    into_ans=into_ans, into_g=into_g, into_leaf=into_leaf,
                    input_names=tuple(params[1:1 + nin]) if kind == "primitive" and nin > 0
                    else ())
        if kind == "primitive":
            from ndsh.engine.invoke import make_callable
            record.call = make_callable(record)
        else:
            record.call = fn
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
            from ndsh.engine.invoke import make_same_shape_callable
            space[alias] = record
            record.strict_calls[alias] = make_same_shape_callable(record, alias)
        return record.call
    return register


def kept_inputs(op, parents) -> frozenset | None:
    """The inputs whose values the gradients for `parents` read (None: assume all)."""
    reads = op.reads
    if reads is None:
        return None if op.keeps is None else frozenset(op.keeps)
    if len(parents) == 1:
        return reads[parents[0]]
    return frozenset().union(*(reads[j] for j in parents))


def _reads(fn, name: str) -> bool:
    """Whether fn's code reads the local `name` (a closure reading it counts too)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return True
    return name in _loaded_names(code)


def _loaded_names(code) -> frozenset:
    """The local and closure names a code object's bytecode loads (disassembled once)."""
    names = _LOADS.get(code)
    if names is None:
        import dis
        names = frozenset(ins.argval for ins in dis.get_instructions(code)
                          if ins.opname.startswith(("LOAD_FAST", "LOAD_DEREF", "LOAD_CLOSURE")))
        _LOADS[code] = names
    return names


_LOADS: dict = {}


def public_callable(namespace: str, name: str):
    """The callable bound to `name` in `namespace` (a same-shape alias gets its own wrapper)."""
    record = NAMESPACES[namespace][name]
    return record.strict_calls.get(name, record.call)


def lookup(qualname: str) -> Op | None:
    """Find an op by `nd.dot`, `dot`, `elemwise_add`, `nd.random.normal`..."""
    if qualname in OPS:
        return OPS[qualname]
    namespace, _, name = qualname.rpartition(".")
    if namespace:
        return NAMESPACES.get(namespace, {}).get(name)
    return NAMESPACES.get("nd", {}).get(qualname)
