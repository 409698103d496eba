"""MXNet's custom operators (`mx.operator`): an op written in Python as a CustomOp (forward and
backward over NDArrays), described by a CustomOpProp (its arguments, outputs, auxiliary states,
shapes and dtypes), registered under a name with `register(name)` and run by
`nd.Custom(*data, op_type=name)`.

nd.Custom works as MXNet 1.9.1's does imperatively: a new Prop per call (its keyword arguments
as strings), the output shapes and dtypes inferred through it, the outputs allocated and handed
to forward with req 'write'; while recording, one graph node (ops/custom_graph.py) whose
gradient calls the op's backward once with every output's gradient.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine import dtypes
from ndsh.engine.context import current_context
from ndsh.engine.define import op
from ndsh.engine.graph import STATE, Scope
from ndsh.engine.invoke import check_contexts
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray, new_array
from ndsh.engine.ops.custom_graph import CustomNode, blame, record

REGISTERED: dict[str, type] = {}     # op_type -> its CustomOpProp subclass
# MXNet's dtype codes, as create_operator receives them (mshadow's type flags)
DTYPE_CODES = {"float32": 0, "float64": 1, "float16": 2, "uint8": 3, "int32": 4, "int8": 5,
               "int64": 6, "bool": 7}


class CustomOp:
    """The computation of a custom operator: subclass it and define `forward` and `backward`,
    which write their results into the arrays they are given (use `self.assign`).

    Example:
        >>> class Double(mx.operator.CustomOp):
        ...     def forward(self, is_train, req, in_data, out_data, aux):
        ...         self.assign(out_data[0], req[0], in_data[0] * 2)
        ...     def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        ...         self.assign(in_grad[0], req[0], out_grad[0] * 2)
        >>> @mx.operator.register("double")
        ... class DoubleProp(mx.operator.CustomOpProp):
        ...     def create_operator(self, ctx, shapes, dtypes):
        ...         return Double()
        >>> nd.Custom(nd.array([1, 2]), op_type="double")
        <BLANKLINE>
        [2. 4.]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self):
        pass

    def forward(self, is_train, req, in_data, out_data, aux) -> None:
        """Compute the outputs: write into each `out_data[i]` as `req[i]` says ('write' from
        nd.Custom). is_train is 1 in training mode (autograd.is_training()), else 0, as MXNet
        passes it; in_data are the input arrays, aux the auxiliary states (written in place)."""

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux) -> None:
        """Compute the inputs' gradients: write into each `in_grad[i]` (zeros when called) as
        `req[i]` says: 'write' for an input that needs a gradient, 'null' for one that does
        not. out_grad holds each output's gradient (zeros for an output nothing used)."""

    def assign(self, dst: NDArray, req: str, src) -> None:
        """Write src into dst as req says: 'write' or 'inplace' copy it, 'add' adds it, 'null'
        leaves dst alone (any other req also leaves it alone, as in MXNet).

        Example:
            >>> dst = nd.ones((2,))
            >>> mx.operator.CustomOp().assign(dst, "add", nd.array([1, 2])); dst
            <BLANKLINE>
            [2. 3.]
            <NDArray 2 @cpu(0)>
        """
        if req in ("write", "inplace"):
            dst[:] = src
        elif req == "add":
            dst[:] += src


class CustomOpProp:
    """The description of a custom operator: its argument, output and auxiliary-state names, how
    its output shapes and dtypes follow from the inputs', and which CustomOp computes it.
    Register a subclass with `mx.operator.register(name)`; nd.Custom creates one per call, with
    its extra keyword arguments as strings.

    Parameters:
        need_top_grad: whether backward reads the outputs' gradients (False for a loss that
            makes its own); ndsh passes them to backward either way.

    Example:
        >>> prop = mx.operator.CustomOpProp()
        >>> prop.list_arguments(), prop.list_outputs(), prop.infer_shape([[2, 3]])
        (['data'], ['output'], ([[2, 3]], ([2, 3],), ()))
    """

    def __init__(self, need_top_grad: bool = True):
        self.need_top_grad_ = need_top_grad

    def list_arguments(self) -> list:
        """The names of the array inputs, in the order nd.Custom takes them: ['data']."""
        return ["data"]

    def list_outputs(self) -> list:
        """The names of the outputs: ['output']."""
        return ["output"]

    def list_auxiliary_states(self) -> list:
        """The names of the auxiliary states, passed to nd.Custom after the arguments: []."""
        return []

    def infer_shape(self, in_shape: list):
        """(input shapes, output shapes[, aux shapes]) from the input shapes (lists of ints):
        by default every output has the first input's shape."""
        return in_shape, (in_shape[0],) * len(self.list_outputs()), ()

    def infer_type(self, in_type: list):
        """(input dtypes, output dtypes[, aux dtypes]) from the input dtypes (numpy types such
        as np.float32): by default everything has the first input's dtype."""
        return (in_type, [in_type[0]] * len(self.list_outputs()),
                [in_type[0]] * len(self.list_auxiliary_states()))

    def infer_storage_type(self, in_stype: list):
        """The storage types: 'default' (dense) for everything, the only kind ndsh has."""
        return in_stype, ["default"] * len(self.list_outputs()), \
            ["default"] * len(self.list_auxiliary_states())

    def infer_storage_type_backward(self, ograd_stype, in_stype, out_stype, igrad_stype,
                                    aux_stype):
        """The storage types of backward's arrays: 'default' (dense) for all of them."""
        return tuple(["default"] * len(s) for s in (ograd_stype, in_stype, out_stype,
                                                    igrad_stype, aux_stype))

    def declare_backward_dependency(self, out_grad: list, in_data: list, out_data: list) -> list:
        """The ids of the arrays backward reads: the outputs' gradients (if need_top_grad), the
        inputs and the outputs. ndsh keeps them all; where the outputs are among them, one
        written in place before backward is refused (its gradient would be wrong)."""
        deps = list(out_grad) if self.need_top_grad_ else []
        return deps + list(in_data) + list(out_data)

    def create_operator(self, ctx, shapes: list, dtypes: list) -> CustomOp:
        """The CustomOp that computes this op, given the context, the shapes of the inputs and
        auxiliary states (lists of ints) and their dtypes (MXNet's codes: 0 is float32)."""
        return CustomOp()


def register(reg_name: str):
    """A class decorator: register a CustomOpProp subclass as the custom op `reg_name`, which
    nd.Custom(..., op_type=reg_name) runs (a second registration under a name replaces the
    first, as in MXNet).

    Example:
        >>> class Negate(mx.operator.CustomOp):
        ...     def forward(self, is_train, req, in_data, out_data, aux):
        ...         self.assign(out_data[0], req[0], -in_data[0])
        >>> @mx.operator.register("negate")
        ... class NegateProp(mx.operator.CustomOpProp):
        ...     def create_operator(self, ctx, shapes, dtypes):
        ...         return Negate()
        >>> nd.Custom(nd.array([1, -2]), op_type="negate")
        <BLANKLINE>
        [-1.  2.]
        <NDArray 2 @cpu(0)>
    """
    def do_register(prop_cls):
        REGISTERED[reg_name] = prop_cls
        return prop_cls
    return do_register


register("custom_op")(CustomOpProp)


def _lists(op_type: str, what: str, returned, counts):
    """infer_shape / infer_type's 2 or 3 lists, checked against the numbers of arrays."""
    with blame(op_type, what):
        parts = list(returned)
        if len(parts) == 2:
            parts.append([])
        if len(parts) != 3:
            raise AssertionError(f"{what} must return 2 or 3 lists, got {len(parts)}")
        for part, count, kind in zip(parts, counts, ("input", "output", "aux state")):
            if len(part) != count:
                raise AssertionError(f"expecting {count} entries in the returned {kind} "
                                     f"{'shapes' if what == 'infer_shape' else 'types'}, got "
                                     f"{len(part)}")
    return parts


def _check_same(op_type: str, kind: str, provided, inferred) -> None:
    for have, want in zip(provided, inferred):
        if have != want:
            raise ValueError(f"Custom operator {op_type!r}: {kind} inconsistent, provided = "
                             f"{have}, inferred {kind.lower()} = {want}")


def _infer(op_type, prop, arrays, n_in, n_out, n_aux):
    """The output shapes and dtypes, asked of the Prop; what it says of the inputs and the
    auxiliary states must be what they are (MXNet: 'Shape inconsistent')."""
    counts = (n_in, n_out, n_aux)
    given = [list(a.shape) for a in arrays]
    with blame(op_type, "infer_shape"):
        returned = prop.infer_shape(given[:n_in])
    ins, outs, auxs = _lists(op_type, "infer_shape", returned, counts)
    with blame(op_type, "infer_shape"):
        inferred = [tuple(int(d) for d in s) for s in (*ins, *outs, *auxs)]
    _check_same(op_type, "Shape", [a.shape for a in arrays],
                inferred[:n_in] + inferred[n_in + n_out:])
    with blame(op_type, "infer_type"):
        returned = prop.infer_type([a.dtype for a in arrays[:n_in]])
    ins, outs, auxs = _lists(op_type, "infer_type", returned, counts)
    with blame(op_type, "infer_type"):
        types = [dtypes.normalize(t) for t in (*ins, *outs, *auxs)]
    _check_same(op_type, "Type", [np.dtype(a.dtype).name for a in arrays],
                [t.name for t in types[:n_in] + types[n_in + n_out:]])
    return inferred[n_in:n_in + n_out], types[n_in:n_in + n_out]


def _no_array_keywords(op_type: str, kwargs) -> None:
    names = [a for a in kwargs if isinstance(kwargs[a], NDArray)]
    if names:
        raise TypeError(f"Custom operator {op_type!r}: pass its arrays positionally, in the "
                        f"order of list_arguments() then list_auxiliary_states(), not as "
                        f"keywords ({', '.join(names)}); MXNet would turn them into strings")


def _arrays(op_type: str, prop, inputs):
    """(arguments, aux states, number of outputs) after checking the inputs' count and types."""
    with blame(op_type, "list_arguments / list_outputs / list_auxiliary_states"):
        arguments, outputs = list(prop.list_arguments()), list(prop.list_outputs())
        auxiliary = list(prop.list_auxiliary_states())
    for a in inputs:
        if not isinstance(a, NDArray):
            raise TypeError(f"Custom operator {op_type!r}: its inputs must be NDArrays, not "
                            f"{type(a).__name__}")
    if len(inputs) != len(arguments) + len(auxiliary):
        wanted = ", ".join(arguments + [f"{n} (auxiliary state)" for n in auxiliary])
        raise ValueError(f"Custom operator {op_type!r} expects {len(arguments) + len(auxiliary)}"
                         f" input(s) ({wanted or 'none'}), but got {len(inputs)}")
    return inputs[:len(arguments)], inputs[len(arguments):], len(outputs)


def _context(op_type: str, arrays):
    ctx = arrays[0]._ctx if arrays else current_context()
    for a in arrays[1:]:
        if a._ctx is not ctx:
            check_contexts(f"Custom operator {op_type!r}", ctx, a._ctx)
    return ctx


def Custom(*data, op_type: str | None = None, out=None, **kwargs):
    """Run the custom operator registered as `op_type` (see mx.operator.register) on the
    arrays `data`: one NDArray, or a list of them when the op has several outputs.

    The op's CustomOpProp is created with the other keyword arguments turned into strings (as
    MXNet passes them; `name` is dropped), infers the outputs' shapes and dtypes, and its
    CustomOp's forward fills them. Inside `autograd.record()` the op's backward gives the
    gradients. An error inside the op's code is an MXNetError naming the op.

    Parameters:
        data: the op's arguments (list_arguments() order), then its auxiliary states.
        op_type: the name the op was registered under.
        out: an array (a list of arrays for several outputs) to write the result into.
        kwargs: passed to the CustomOpProp's constructor, as strings.

    Example:
        >>> class Square(mx.operator.CustomOp):
        ...     def forward(self, is_train, req, in_data, out_data, aux):
        ...         self.assign(out_data[0], req[0], in_data[0] ** 2)
        ...     def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        ...         self.assign(in_grad[0], req[0], 2 * in_data[0] * out_grad[0])
        >>> @mx.operator.register("square")
        ... class SquareProp(mx.operator.CustomOpProp):
        ...     def create_operator(self, ctx, shapes, dtypes):
        ...         return Square()
        >>> x = nd.array([1, 2, 3]); x.attach_grad()
        >>> with autograd.record():
        ...     y = nd.Custom(x, op_type="square")
        >>> y.backward(); x.grad
        <BLANKLINE>
        [2. 4. 6.]
        <NDArray 3 @cpu(0)>
    """
    if not op_type:
        raise ValueError("Custom: the required argument `op_type` is missing: name the custom "
                         "operator, as registered with mx.operator.register(name)")
    prop_cls = REGISTERED.get(op_type)
    if prop_cls is None:
        raise ValueError(f"Custom: cannot find custom operator {op_type!r}; register it first "
                         f"with @mx.operator.register({op_type!r}) (registered: "
                         f"{', '.join(sorted(REGISTERED))})")
    kwargs.pop("name", None)
    _no_array_keywords(op_type, kwargs)
    with blame(op_type, "its CustomOpProp's __init__"):
        prop = prop_cls(**{k: str(v) for k, v in kwargs.items()})
    args, aux, n_out = _arrays(op_type, prop, data)
    ctx = _context(op_type, data)
    shapes, types = _infer(op_type, prop, data, len(args), n_out, len(aux))
    with blame(op_type, "create_operator"):
        operator = prop.create_operator(ctx, [list(a.shape) for a in data],
                                        [DTYPE_CODES[np.dtype(a.dtype).name] for a in data])
    outputs = _outputs(op_type, out, shapes, types, ctx)
    with Scope(False, STATE.training), ctx, blame(op_type, "forward"):
        operator.forward(is_train=int(STATE.training), req=["write"] * n_out,
                         in_data=list(args), out_data=outputs, aux=list(aux))
    if STATE.recording and outputs:
        reads_outputs = _reads_outputs(op_type, prop, len(args), n_out)
        record(CustomNode(op_type, operator, args, aux, outputs, ctx, reads_outputs), args,
               outputs)
    if out is not None:
        return out
    return outputs[0] if n_out == 1 else outputs


op(kind="function", nin=-1,
   departs="need_top_grad=False still passes the outputs' gradients to backward (MXNet passes "
           "empty arrays); backward's in_grad has req 'write' on a zeroed buffer even for a "
           "leaf with grad_req='add' (MXNet passes req 'add' and the .grad buffer: the result "
           "is the same); forward and backward run at once, so their errors surface at the "
           "call (MXNet: at the next read); the Prop's infer_type may return dtypes in any "
           "spelling ('float32', np.dtype) where MXNet takes numpy types only; the outputs "
           "start as zeros (MXNet: uninitialised).")(Custom)


def _reads_outputs(op_type: str, prop, n_in: int, n_out: int) -> bool:
    """Whether the op's backward reads its outputs (declare_backward_dependency says so)."""
    out_data = list(range(n_out + n_in, 2 * n_out + n_in))
    with blame(op_type, "declare_backward_dependency"):
        deps = prop.declare_backward_dependency(list(range(n_out)),
                                                list(range(n_out, n_out + n_in)), out_data)
        return any(d in out_data for d in deps)


def _outputs(op_type: str, out, shapes, types, ctx) -> list:
    """The arrays forward writes: new zeros, or the caller's out= (as MXNet, forward writes
    straight into them), which must have the inferred shapes and dtypes."""
    if out is None:
        with ctx.device():
            return [new_array(ctx.xp.zeros(s, dtype=t), ctx) for s, t in zip(shapes, types)]
    given = [out] if isinstance(out, NDArray) else list(out)
    if len(given) != len(shapes):
        raise ValueError(f"Custom operator {op_type!r} has {len(shapes)} output(s) but out= "
                         f"holds {len(given)} array(s)")
    for i, (o, shape, dtype) in enumerate(zip(given, shapes, types)):
        if not isinstance(o, NDArray):
            raise TypeError(f"Custom operator {op_type!r}: out= must hold NDArrays, not "
                            f"{type(o).__name__}")
        if o.shape != shape or o._data.dtype != dtype:
            raise ValueError(f"Custom operator {op_type!r}: out= array {i} has shape {o.shape} "
                             f"and dtype {o._data.dtype.name}, but output {i} has shape {shape} "
                             f"and dtype {dtype.name}")
        if o._ctx is not ctx:
            check_contexts(f"Custom operator {op_type!r}", ctx, o._ctx)
    return given
