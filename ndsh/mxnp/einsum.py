"""`mx.np.einsum`: Einstein summation composed of the table's ops (diagonals, sums, transposes,
reshapes and one `batch_dot` per pair of operands), so it has gradients wherever its operands do.

Two operands contract as one batched matrix product: the labels both keep are the batch, the
labels only one has are its rows (or columns), the labels that disappear are the inner
dimension. A label that one operand repeats is its diagonal; a label no other operand and not
the output has is summed at once.
"""
from __future__ import annotations

import numbers

import numpy as onp

from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.registry import OPS
from ndsh.mxnp.array import cast, fresh_shape, own, result_type, unwrap, wrap

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_FLOAT64 = onp.dtype(onp.float64)


def _from_sublists(args) -> tuple[str, list]:
    """NumPy's second form, einsum(a, [0, 1], b, [1, 2], [0, 2]), as a subscripts string."""
    def letters(sublist) -> str:
        out = []
        for item in sublist:
            if item is Ellipsis:
                out.append("...")
            elif isinstance(item, numbers.Integral) and 0 <= item < len(_LETTERS):
                out.append(_LETTERS[item])
            else:
                raise ValueError(f"np.einsum: a subscript list holds ints from 0 to 51 or "
                                 f"Ellipsis, not {item!r}")
        return "".join(out)

    operands, specs = list(args[0::2]), [letters(s) for s in args[1::2]]
    if len(args) % 2:                          # a last list: the output's labels
        operands.pop()
        return ",".join(specs) + "->" + letters(args[-1]), operands
    return ",".join(specs), operands


def _parse(subscripts: str, shapes: list) -> tuple[list, str]:
    """Each operand's labels (ellipses spelled out) and the output's."""
    subscripts = subscripts.replace(" ", "")
    inputs, arrow, output = subscripts.partition("->")
    specs = inputs.split(",")
    if len(specs) != len(shapes):
        raise ValueError(f"np.einsum: the subscripts {subscripts!r} name {len(specs)} operands, "
                         f"but {len(shapes)} were given")
    used = set(subscripts) - set(".,->")
    spare = [c for c in _LETTERS if c not in used]
    widths = []
    for spec, shape in zip(specs, shapes):
        named = len(spec.replace("...", ""))
        if any(c not in _LETTERS for c in spec.replace("...", "")):
            raise ValueError(f"np.einsum: subscripts are letters (and '...'), got {spec!r}")
        if named > len(shape) or ("..." not in spec and named != len(shape)):
            raise ValueError(f"np.einsum: the subscripts {spec!r} do not fit an operand of "
                             f"shape {shape}")
        widths.append(len(shape) - named if "..." in spec else 0)
    ellipsis = "".join(spare[:max(widths, default=0)])
    specs = [spec.replace("...", ellipsis[len(ellipsis) - w:] if w else "")
             for spec, w in zip(specs, widths)]
    if arrow:
        output = output.replace("...", ellipsis)
    else:                                      # implicit: the labels seen once, in order
        counts = "".join(specs)
        output = ellipsis + "".join(sorted(c for c in set(counts) if counts.count(c) == 1
                                           and c not in ellipsis))
    for c in output:
        if c not in "".join(specs):
            raise ValueError(f"np.einsum: the output label {c!r} is in no operand")
    return specs, output


def _diagonals(data, labels: str):
    """Repeated labels of one operand reduced to their diagonal (moved to the end)."""
    while len(set(labels)) < len(labels):
        c = next(c for c in labels if labels.count(c) > 1)
        first = labels.index(c)
        second = labels.index(c, first + 1)
        data = OPS["nd.diag"].call(data, k=0, axis1=first, axis2=second)
        labels = labels[:first] + labels[first + 1:second] + labels[second + 1:] + c
    return data, labels


def _sum(data, labels: str, drop: str):
    axes = tuple(i for i, c in enumerate(labels) if c in drop)
    if not axes:
        return data, labels
    result = OPS["nd.sum"].call(data, axis=axes)
    kept = "".join(c for c in labels if c not in drop)
    return fresh_shape(result, tuple(s for s, c in zip(data.shape, labels) if c not in drop)), kept


def _permute(data, labels: str, order: str):
    if labels == order:
        return data
    return OPS["nd.transpose"].call(data, axes=tuple(labels.index(c) for c in order))


def _contract(a, la: str, b, lb: str, keep: set, sizes: dict):
    """One pair of operands as a batched matrix product: (batch, rows, inner) x (batch, inner,
    cols)."""
    batch = "".join(c for c in la if c in lb and c in keep)
    inner = "".join(c for c in la if c in lb and c not in keep)
    rows = "".join(c for c in la if c not in lb)
    cols = "".join(c for c in lb if c not in la)

    def size(labels):
        return int(onp.prod([sizes[c] for c in labels], dtype=onp.int64))

    left = OPS["nd.reshape"].call(_permute(a, la, batch + rows + inner),
                                  shape=(size(batch), size(rows), size(inner)))
    right = OPS["nd.reshape"].call(_permute(b, lb, batch + inner + cols),
                                   shape=(size(batch), size(inner), size(cols)))
    product = OPS["nd.batch_dot"].call(left, right)
    labels = batch + rows + cols
    return fresh_shape(product, tuple(sizes[c] for c in labels)), labels


def einsum(*operands, out=None, optimize=False):
    """The Einstein summation of the operands: `subscripts` name each operand's axes with
    letters, a letter in two operands is multiplied along, a letter missing from the output
    (after `->`) is summed over. MXNet's np.einsum, composed of the table's ops (with gradients).

    Also as NumPy has it: `...` for the leading axes, the implicit output (no `->`: the letters
    seen once, alphabetically), a repeated letter for a diagonal (`'ii'` is the trace), and
    the sublist form `einsum(a, [0, 1], b, [1], [0])`, which MXNet 1.9.1 refuses.

    Parameters:
        subscripts: a string such as 'ij,jk->ik' (spaces are ignored).
        *operands: np arrays, one per comma-separated part of `subscripts`.
        out: not supported; must be None.
        optimize: accepted for MXNet's sake; the pairs are contracted left to right.

    Example:
        >>> A = np.arange(6).reshape(2, 3)
        >>> np.einsum('ij, j -> i', A, np.array([1.0, 2.0, 3.0]))
        array([ 8., 26.])
        >>> np.einsum('ii', np.arange(9).reshape(3, 3)), np.einsum('ij->ji', A).shape
        (array(12.), (3, 2))
    """
    if out is not None:
        raise TypeError("np.einsum: out= is not supported; use the returned array")
    if not operands:
        raise TypeError("np.einsum: needs the subscripts and at least one operand")
    if isinstance(operands[0], str):
        subscripts, arrays = operands[0], list(operands[1:])
    else:
        subscripts, arrays = _from_sublists(operands)
    datas = [unwrap(a, "np.einsum") for a in arrays]
    for a in datas:
        if not hasattr(a, "_data"):
            raise TypeError(f"np.einsum: the operands must be np arrays, not "
                            f"{type(a).__name__}")
    dtype = datas[0]._data.dtype
    for a in datas[1:]:
        dtype = result_type(dtype, a._data.dtype)
    integer = dtype.kind in "biu"            # batch_dot is float-only: exact in float64
    work = _FLOAT64 if integer else dtype
    datas = [cast(a, work) for a in datas]
    specs, output = _parse(subscripts, [a.shape for a in datas])
    sizes: dict = {}
    for spec, a in zip(specs, datas):
        for c, n in zip(spec, a.shape):
            if sizes.get(c, 1) not in (1, n) and n != 1:
                raise ValueError(f"np.einsum: the label {c!r} has sizes {sizes[c]} and {n} in "
                                 f"{subscripts!r}")
            sizes[c] = max(sizes.get(c, 1), n)
    terms = []
    for i, (spec, a) in enumerate(zip(specs, datas)):
        a, spec = _diagonals(a, spec)
        target = tuple(sizes[c] for c in spec)
        if a.shape != target:                 # size-1 axes broadcast against the others
            a = OPS["nd.broadcast_to"].call(a, shape=target)
        others = set(output).union(*(set(s) for j, s in enumerate(specs) if j != i))
        terms.append(_sum(a, spec, "".join(c for c in spec if c not in others)))
    data, labels = terms[0]
    for k, (b, lb) in enumerate(terms[1:], start=1):
        keep = set(output).union(*(set(s) for _, s in terms[k + 1:]))
        data, labels = _contract(data, labels, b, lb, keep, sizes)
    data, labels = _sum(data, labels, "".join(c for c in labels if c not in output))
    data = _permute(data, labels, output)
    if integer:
        data = cast(data, dtype)
    return wrap(own(data, *datas))           # a new array, as MXNet gives


__all__ = ["einsum"]
FUNCTIONS = {"einsum": einsum}
