"""The op table: one record per op, filled by the `@op` decorator (ndsh.engine.define).

An op record holds the forward function, its gradient (one vjp per array input), its docstring
with a runnable example, the MXNet names it answers to and the namespace it lives in. The `nd`
namespace, NDArray methods, `dir`, completion, `ndsh doc` and the generated tests all read OPS.

Forward functions take the array module first: `f(xp, *arrays, *params, **kwargs)`, and return
one backend array. A vjp has the shape `vjp(xp, g, ans, *arrays, *params, **kwargs)` and returns
the gradient for its input; summing it back to a broadcast input's shape happens in the engine.

This module imports nothing of the engine: everything else reads the table, and the table knows
only what it holds.
"""
from __future__ import annotations

import functools
import inspect
import operator
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
    # backprop._walk_to_leaves' copies of passes_g, direct_vjps and writes_into, read there once
    # or twice per node: plain attributes, which Python reads in 9 ns against 26 for a
    # cached_property (a descriptor on the class stops the attribute read's specialisation).
    # Filled by needs_ans, which every path that records a node of this op reads first, so
    # no backward meets a node of an op whose copies are unfilled; unfilled (None) sends the
    # node to the general path all the same. loop_passes_g stays None for a vjp_all op.
    loop_passes_g: tuple | None = field(default=None, repr=False)
    loop_direct_vjps: tuple | None = field(default=None, repr=False)
    loop_writes_into: bool = field(default=False, repr=False)

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
        """Whether a vjp reads the op's result, so that the graph must keep it (and, the
        first time, the backward loop's plain copies: loop_passes_g...)."""
        if self.vjp_all is None and self.vjp_each is not None:
            self.loop_direct_vjps, self.loop_writes_into = self.direct_vjps, self.writes_into
            self.loop_passes_g = self.passes_g
        return any(_reads(f, "ans") for f in (*(self.vjp_each or ()), self.vjp_all) if f)

    @functools.cached_property
    def writes_into(self) -> bool:
        """Whether some vjp can write into an existing buffer (into_ans, into_g, into_leaf)."""
        return bool(self.into_ans or self.into_g or self.into_leaf)

    @functools.cached_property
    def passes_g(self) -> tuple | None:
        """vjp_each with None for each vjp whose whole body is `return g` (add's): the backward
        loop passes the gradient on without the call. Read from the vjp's bytecode, so it
        cannot differ from calling it."""
        if self.vjp_each is None:
            return None
        return tuple(None if _returns_g(v) else v for v in self.vjp_each)

    @functools.cached_property
    def direct_vjps(self) -> tuple | None:
        """Per vjp of vjp_each: (operator, source) when its whole body is `return g <op> name`
        (multiply's `g * rhs`, exp's `g * ans`), source -1 for ans or k for the k-th argument;
        (operator.neg, None) when it is `return -g` (subtract's right one); else None: the
        backward loop calls the operator itself, without the vjp's frame. Read from the
        bytecode, so it cannot differ from calling the vjp."""
        if self.vjp_each is None:
            return None
        return tuple(_direct_vjp(v) for v in self.vjp_each)

    @functools.cached_property
    def reads(self) -> tuple | None:
        """Per vjp: the inputs whose values it reads (None for a vjp_all op)."""
        if self.vjp_each is None:
            return None
        return tuple(frozenset(self.keeps) if self.keeps is not None else
                     frozenset(i for i in range(len(self.input_names)) if _reads_input(v, i))
                     for v in self.vjp_each)


def kept_inputs(op, parents) -> frozenset | None:
    """The inputs whose values the gradients for `parents` read (None: assume all)."""
    reads = op.reads
    if reads is None:
        return None if op.keeps is None else frozenset(op.keeps)
    if len(parents) == 1:
        return reads[parents[0]]
    return frozenset().union(*(reads[j] for j in parents))


def _returns_g(vjp) -> bool:
    """Whether vjp, called as vjp(xp, g, ans, ...), is exactly `return g`."""
    code = getattr(vjp, "__code__", None)
    if code is None or code.co_argcount < 2 or code.co_flags & 0x0C:   # *args / **kwargs
        return False
    import dis
    body = [ins for ins in dis.get_instructions(code)
            if ins.opname not in ("RESUME", "NOP", "CACHE")]
    return (len(body) == 2 and body[0].opname in ("LOAD_FAST", "LOAD_FAST_BORROW")
            and body[0].argval == code.co_varnames[1] and body[1].opname == "RETURN_VALUE")


_VJP_OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def _direct_vjp(vjp):
    """(operator, source) for a vjp, called as vjp(xp, g, ans, *args), whose whole body is
    `return g <+ - * /> name` with name ans (source -1) or one of args (its index);
    (operator.neg, None) for `return -g`; else None."""
    code = getattr(vjp, "__code__", None)
    if code is None or code.co_flags & 0x0C or code.co_kwonlyargcount or code.co_argcount < 3:
        return None
    import dis
    body = [ins for ins in dis.get_instructions(code)
            if ins.opname not in ("RESUME", "NOP", "CACHE")]
    loads = []
    while body and body[0].opname.startswith("LOAD_FAST"):
        argval = body.pop(0).argval
        loads.extend(argval if isinstance(argval, tuple) else (argval,))
    if loads == [code.co_varnames[1]] and [ins.opname for ins in body] == ["UNARY_NEGATIVE",
                                                                         "RETURN_VALUE"]:
        return operator.neg, None
    if len(body) != 2 or body[0].opname != "BINARY_OP" or body[1].opname != "RETURN_VALUE" \
            or len(loads) != 2 or loads[0] != code.co_varnames[1]:
        return None
    fn = _VJP_OPERATORS.get(body[0].argrepr)
    # ans, or an argument without a default (one with a default may be missing from args)
    names = code.co_varnames[2:code.co_argcount - len(vjp.__defaults__ or ())]
    if fn is None or loads[1] not in names:
        return None
    return fn, names.index(loads[1]) - 1


def _reads_input(vjp, i: int) -> bool:
    """Whether a vjp, called as vjp(xp, g, ans, *inputs), reads input i's value.

    The vjp's own name for the input counts, not the forward's (`lambda xp, g, ans, x:` for an
    op whose input is `data`): reading the wrong name let the engine overwrite an input the
    gradient still needed."""
    code = getattr(vjp, "__code__", None)
    if code is None or code.co_flags & inspect.CO_VARARGS:
        return True
    slot = 3 + i
    if slot >= code.co_argcount:
        return False
    return _reads(vjp, code.co_varnames[slot])


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
