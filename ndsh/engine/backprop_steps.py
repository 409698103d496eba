"""One node's step of a backward pass, shared by backprop's two loops: the general one
(run_backward) and the leaves loop (_walk_to_leaves), which hands it any node that needs more
than its own short cuts. Applying an op's vjps (_propagate, with the buffer-writing vjps where
nothing else sees the buffer: _only_here), sending gradients on (_send, _pass_nothing), the
in-place-write checks (_check_versions; the results' check is graph.check_result) and the
leaves' gradients (_add_leaf_grad, _into_leaf). Split out of backprop.py.
"""
from __future__ import annotations

import heapq
import sys

from ndsh.engine.backprop_ends import IN_BUFFER, INTO_MIN_SIZE
from ndsh.engine.broadcasting import sum_to_shape
from ndsh.engine.graph import STATE, InPlaceWriteError, check_result, root_of
from ndsh.engine.ndarray import NDArray, new_array


def _check_versions(node) -> None:
    """Refuse to differentiate through inputs that were overwritten after being recorded (the
    node's result is checked by check_result, through the array backward reached it by)."""
    for a in node.inputs:
        if isinstance(a, NDArray) and root_of(a)._version > node.stamp:
            raise InPlaceWriteError(node, a)


def _add_leaf_grad(leaf_grads: dict, leaf: NDArray, g) -> None:
    entry = leaf_grads.get(id(leaf))
    if entry is None:
        leaf_grads[id(leaf)] = [leaf, g]
    elif entry[1] is None:
        entry[1] = g
    elif entry[1] is IN_BUFFER:
        if g is not None:
            leaf._grad._data += g
    elif g is not None:
        entry[1] = entry[1] + g


def _into_leaf(op, i, a, leaf_grads, xp, g, ans, args, kwargs) -> bool:
    """A write-mode leaf's first gradient computed straight into its .grad buffer (a matmul
    with out=), when nothing else sees that buffer; later contributions add into it."""
    write = op.into_leaf[i]
    if write is None or kwargs or a._node is not None or a._grad_req != "write" \
            or id(a) in leaf_grads or a._grad is None:
        return False
    if a._grad._data.shape != a._data.shape or a._grad._data.dtype != a._data.dtype \
            or not _only_here(a._grad._data, LEAF_REFS):
        return False
    if write(xp, g, ans, *args, out=a._grad._data) is None:
        return False
    leaf_grads[id(a)] = [a, IN_BUFFER]
    return True


def _free(node) -> None:
    node.inputs = node.args = node.params = ()
    node.ans = None
    node.freed = True


def _pass_nothing(node, grads, leaf_grads, queue) -> None:
    """A node reached with no gradient (below a comparison): its leaves still count as reached,
    so they get a zero gradient, as MXNet gives."""
    for i in node.parents:
        a = node.inputs[i]
        parent = a._node
        if parent is None:
            _add_leaf_grad(leaf_grads, a, None)
        else:
            if STATE.clock > parent.stamp:
                check_result(a, parent)
            _send(grads, queue, parent, None)


def _send(grads: dict, queue: list, node, g) -> None:
    """Add g to the gradient waiting at node, queueing node the first time. A None g still
    queues it: no gradient flows, but the leaves above count as reached (zero gradients)."""
    if node not in grads:
        grads[node] = g
        heapq.heappush(queue, (-node.seq, node))
    elif g is not None:
        old = grads[node]
        grads[node] = g if old is None else old + g


def _propagate(node, g, grads, leaf_grads, xp_diff, queue, consume=False,
               to_leaves=False) -> None:
    """Apply node's vjps and hand each gradient to the node or leaf that made that input.
    With `consume` (the graph is freed as it goes), a vjp may write into a large buffer that
    nobody else holds: the incoming gradient, or the node's saved result."""
    op, inputs, params, kwargs = node.op, node.inputs, node.params, node.kwargs
    if xp_diff is None and not params and not kwargs and op.vjp_all is None \
            and not (consume and op.writes_into):
        # the common case, kept short: it runs once per node of every backward
        args, ans, vjps = node.args, node.ans, op.vjp_each
        xp = inputs[node.parents[0]]._ctx.xp
        for i in node.parents:
            a = inputs[i]
            gi = vjps[i](xp, g, ans, *args)
            if gi is not None:
                data = a._data
                if gi.shape != data.shape or gi.dtype != data.dtype:
                    gi = sum_to_shape(gi, data.shape, data.dtype, None)
            if a._node is None:
                _add_leaf_grad(leaf_grads, a, gi)
            else:
                if STATE.clock > a._node.stamp:
                    check_result(a, a._node)
                _send(grads, queue, a._node, gi)
        return
    if xp_diff is None:
        args = node.args
        xp = inputs[node.parents[0]]._ctx.xp
        ans = node.ans
    else:
        xp, args = xp_diff, inputs
        ans = None
        if node.ans is not None:     # the result as an array of the graph: a stand-in, linked
            ans = new_array(node.ans, inputs[node.parents[0]]._ctx)
            ans._node = node
    if params:
        args = (*args, *params)
    all_grads = op.vjp_all(xp, g, ans, *args, **kwargs) if op.vjp_all else None
    vjps = op.vjp_each
    for i in node.parents:
        a = inputs[i]
        if all_grads is not None:
            gi = all_grads[i]
        elif to_leaves and op.into_leaf is not None and _into_leaf(op, i, a, leaf_grads, xp, g,
                                                                   ans, args, kwargs):
            continue
        elif consume and len(node.parents) == 1 and not kwargs and op.into_ans is not None \
                and _only_here(ans, ANS_REFS):
            gi = op.into_ans(xp, g, ans, *args)
        elif consume and len(node.parents) == 1 and not kwargs and op.into_g is not None \
                and op.into_g[i] is not None and _only_here(g, G_REFS):
            gi = op.into_g[i](xp, g, ans, *args)
        elif kwargs:
            gi = vjps[i](xp, g, ans, *args, **kwargs)
        else:
            gi = vjps[i](xp, g, ans, *args)
        if gi is not None:
            data = a._data
            if gi.shape != data.shape or xp_diff is None and gi.dtype != data.dtype:
                gi = sum_to_shape(gi, data.shape, data.dtype, xp_diff)
        parent = a._node
        if parent is None:
            _add_leaf_grad(leaf_grads, a, gi)
        else:
            if STATE.clock > parent.stamp:
                check_result(a, parent)
            _send(grads, queue, parent, gi)


# What the reference counts of a buffer held only by the backward's own variables are, as
# _only_here sees them: the node's ans (node.ans, _propagate's local) or the incoming gradient
# (run_backward's and _propagate's locals); each + _only_here's parameter + getrefcount's.
ANS_REFS = G_REFS = 4
LEAF_REFS = 3            # a .grad buffer passed straight from its NDArray


def _only_here(data, refs: int) -> bool:
    """Whether a vjp may write into `data`: a large float buffer of its own that nothing else
    (the user, another node, a view, the other parent of an add) can still see."""
    return (data is not None and data.size >= INTO_MIN_SIZE
            and data.dtype.kind == "f" and data.flags.owndata
            and getattr(data.flags, "writeable", True)  # CuPy arrays are always writeable
            and sys.getrefcount(data) == refs)
