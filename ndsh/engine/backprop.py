"""Backward: walk the recorded graph from the heads to the leaves with a loop (never
recursion), nodes in reverse creation order, applying each op's vjps and freeing each node as
soon as it is done. The shared core of `backward()` and `autograd.grad()`.
"""
from __future__ import annotations

import heapq

import numpy as np

from ndsh.engine import hooks
from ndsh.engine.backprop_ends import (
    _ONLY_FREED,
    IN_BUFFER,
    INTO_MIN_SIZE,
    _check_heads,
    _head_grad,
    _ones,
    write_leaf_grads,  # noqa: F401  (re-exported: autograd and methods import it from here)
)
from ndsh.engine.backprop_steps import (
    _add_leaf_grad,
    _check_versions,
    _free,
    _pass_nothing,
    _propagate,
    _send,
)
from ndsh.engine.broadcasting import sum_to_shape
from ndsh.engine.diff import DIFF
from ndsh.engine.graph import STATE, AutogradError, check_result
from ndsh.engine.mxnet_errors import ValueError
from ndsh.engine.ndarray import NDArray

# the numbers a recorded op can hold beside an array (a Python number, or one cast to the
# array's dtype): never an array of any backend
_NUMBER_TYPES = frozenset((int, float, np.float16, np.float32, np.float64, np.int8, np.int16,
                           np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
                           np.bool_))


def run_backward(heads, head_grads, variables=None, retain_graph=False, create_graph=False,
                 train_mode=True):
    """The shared core of `backward` and `grad`: returns {id(leaf): [leaf, gradient]}."""
    if isinstance(heads, NDArray):
        heads = [heads]
    heads = list(heads)
    if head_grads is None:
        head_grads = [None] * len(heads)
    elif isinstance(head_grads, NDArray):
        head_grads = [head_grads]
    if len(head_grads) != len(heads):
        raise ValueError(f"got {len(heads)} heads but {len(head_grads)} head gradients")
    _check_heads(heads)
    if hooks.ACTIVE:
        hooks.on_backward_begin(heads)
    # autograd.grad's variables that are results of recorded ops, by their nodes (the leaves
    # among them are found by id in leaf_grads)
    wanted = None if variables is None else {v._node: v for v in variables
                                             if isinstance(v, NDArray) and v._node is not None}
    grads: dict = {}
    queue: list = []          # a max-heap of nodes by creation order (-seq), inputs come later
    for h, given in zip(heads, head_grads):
        if STATE.clock > h._node.stamp:
            check_result(h, h._node)
        _send(grads, queue, h._node, _head_grad(h, given, create_graph))
    leaf_grads: dict = {}
    visited = []
    xp_diff = DIFF if create_graph else None
    saved = STATE.recording, STATE.training
    STATE.recording, STATE.training = create_graph, train_mode
    # free each node as soon as its gradient has moved on, unless asked to keep the graph
    consume = not retain_graph and not hooks.KEEPS_GRAPH
    to_leaves = consume and wanted is None and xp_diff is None
    cut = False               # reached a node an earlier backward freed
    try:
        if to_leaves and not hooks.ACTIVE:
            cut = _walk_to_leaves(queue, grads, leaf_grads)
        while queue:
            node = heapq.heappop(queue)[1]
            visited.append(node)
            g = grads.pop(node)
            if node.freed:
                # MXNet frees a graph after backward and its arrays become constants: a later
                # graph built on them stops here (d2l's RNNs carry states from batch to batch)
                cut = True
                continue
            if g is None:
                _pass_nothing(node, grads, leaf_grads, queue)
                continue
            if wanted is not None:
                out = wanted.get(node)
                if out is not None:
                    _add_leaf_grad(leaf_grads, out, g)
            if STATE.clock > node.stamp:
                _check_versions(node)
            if hooks.ACTIVE:
                hooks.on_backward(node, g)
            _propagate(node, g, grads, leaf_grads, xp_diff, queue, consume=consume,
                       to_leaves=to_leaves)
            g = None
            if consume:           # free now: what only it held can go before the next node
                node.inputs = node.args = node.params = ()
                node.ans = None
                node.freed = True
    finally:
        STATE.recording, STATE.training = saved
    if cut and not leaf_grads:
        raise AutogradError(_ONLY_FREED)
    if hooks.ACTIVE:
        hooks.on_backward_end(heads, leaf_grads)   # whole only for a keeps_graph listener
    if not retain_graph:
        for node in visited:
            if not node.freed:
                _free(node)
    return leaf_grads


def backward_to_leaves(head: NDArray, train_mode: bool = True):
    """run_backward for what `y.backward()` is nearly always: one head, the default head
    gradient (ones), the graph freed as it goes, nobody listening. It skips run_backward's
    list and zip building, its per-head checks and the general loop's set-up; a head that is
    not recorded or already freed gives None, and the caller takes run_backward, which says
    why. tests/engine/test_fast_paths.py compares the two."""
    node = head._node
    if node is None or node.freed:
        return None
    if STATE.clock > node.stamp:
        check_result(head, node)
    data = head._data
    ones = _ones(head._ctx, data.shape, data.dtype)
    leaf_grads: dict = {}
    state = STATE
    saved = state.recording, state.training
    state.recording, state.training = False, train_mode
    try:
        cut = _walk_to_leaves([], {}, leaf_grads, node, ones)
    finally:
        state.recording, state.training = saved
    if cut and not leaf_grads:
        raise AutogradError(_ONLY_FREED)
    return leaf_grads


def _walk_to_leaves(queue, grads, leaf_grads, first=None, first_g=None) -> bool:
    """Backward's loop for what `y.backward()` does nearly always: gradients for the leaves,
    the graph freed as it goes, nobody listening. One node at a time, with _propagate's common
    case and _send written inline.

    It skips the general loop's `visited` list (each node is freed here as soon as its
    gradient has moved on, so nothing is left to free), the hooks (none are active), the
    `variables` of autograd.grad and create_graph (both go to the general loop). A node that
    needs more (reached with no gradient, freed by an earlier backward, written in place since
    it was recorded, an op with one vjp for all inputs or one that may write into a buffer) is
    handed to _propagate, as the general loop would hand it. Three more short cuts, each the
    same result by construction: a vjp that is `return g` (add's, subtract's left one; read
    from its bytecode, registry.Op.passes_g, here its plain copy loop_passes_g) is not called,
    g is passed on; a vjp that is `return g * name` or `return -g` (Op.direct_vjps) is the
    operator itself, called without the vjp's frame; and when a node leaves exactly one node
    waiting (a chain, the common shape), that node is taken next without going through the
    heap or the `grads` dict (`nxt` and its gradient `nxt_g`: it is the waiting node with the
    largest seq, the one the heap would give; a second gradient for it from the same node is
    added to nxt_g, as _send adds). `first`, `first_g`: the one node to start from and its
    gradient, given instead of a queue (y.backward()'s head). tests/engine/test_fast_paths.py
    runs graphs through both loops.
    """
    heappop, heappush = heapq.heappop, heapq.heappush
    state = STATE
    cut = False
    if first is not None:
        nxt, nxt_g = first, first_g
    else:
        nxt = heappop(queue)[1]
        nxt_g = grads.pop(nxt)
    while nxt is not None:
        node, g = nxt, nxt_g
        nxt = nxt_g = None
        op = node.op
        if g is None or node.freed or state.clock > node.stamp or op.vjp_all is not None \
                or (vjps := op.loop_passes_g) is None \
                or op.loop_writes_into and (g.size >= INTO_MIN_SIZE or op.into_leaf is not None
                                            and _large_leaf_parent(node)):
            if node.freed:        # freed by an earlier backward: a constant now (run_backward)
                cut = True
            elif g is None:
                _pass_nothing(node, grads, leaf_grads, queue)
            else:
                if state.clock > node.stamp:
                    _check_versions(node)
                _propagate(node, g, grads, leaf_grads, None, queue, consume=True,
                           to_leaves=True)
        else:
            inputs = node.inputs
            for i in node.parents:
                a = inputs[i]
                vjp = vjps[i]
                # fits: gi has the input's shape and dtype as it is (no sum_to_shape check)
                if vjp is None:           # `return g`, g of the result's shape and dtype
                    gi = g
                    fits = node.same_shapes
                else:
                    fits = False
                    # the inputs share one context (the forward checked): any gives xp.
                    # One or two operands, no parameters (nearly every node): the vjp called
                    # with them spelled out, not with *args, which builds a list and a tuple;
                    # `return g * rhs`, `return -g` (Op.direct_vjps): the operator itself,
                    # without a frame
                    args = node.args
                    if node.kwargs or node.params:
                        gi = vjp(a._ctx.xp, g, node.ans, *args, *node.params, **node.kwargs)
                    elif (direct := op.loop_direct_vjps[i]) is not None:
                        direct, source = direct
                        if source is None:              # `return -g`
                            gi = direct(g)
                            fits = node.same_shapes
                        else:
                            operand = node.ans if source < 0 else args[source]
                            gi = direct(g, operand)
                            # g <op> the other operand, a number (`b * 2`): g's shape and
                            # dtype, which are the input's (no broadcasting against a number,
                            # which the forward cast to the array's dtype), so no sum_to_shape;
                            # or an operand of g's dtype (the result's, the other input's, a
                            # 0-d float32_array) where every input has the result's shape
                            fits = node.same_shapes or operand.__class__ in _NUMBER_TYPES
                    elif len(args) == 2:
                        gi = vjp(a._ctx.xp, g, node.ans, args[0], args[1])
                    elif len(args) == 1:
                        gi = vjp(a._ctx.xp, g, node.ans, args[0])
                    else:
                        gi = vjp(a._ctx.xp, g, node.ans, *args)
                if gi is not None and not fits:
                    data = a._data
                    if gi.shape != data.shape or gi.dtype is not data.dtype \
                            and gi.dtype != data.dtype:
                        gi = sum_to_shape(gi, data.shape, data.dtype, None)
                parent = a._node
                if parent is None:
                    key = id(a)
                    entry = leaf_grads.get(key)
                    if entry is None:
                        leaf_grads[key] = [a, gi]
                    elif gi is not None and entry[1] is not None and entry[1] is not IN_BUFFER:
                        entry[1] = entry[1] + gi      # _add_leaf_grad's common case
                    else:
                        _add_leaf_grad(leaf_grads, a, gi)
                    continue
                if state.clock > parent.stamp:      # something was written since parent
                    check_result(a, parent)
                if parent is nxt:                   # its second gradient from this node
                    if gi is not None:
                        nxt_g = gi if nxt_g is None else nxt_g + gi
                elif parent in grads:
                    if gi is not None:
                        old = grads[parent]
                        grads[parent] = gi if old is None else old + gi
                elif nxt is None and not queue:
                    nxt, nxt_g = parent, gi   # the only node waiting: next, without the heap
                else:
                    grads[parent] = gi
                    if nxt is not None:
                        grads[nxt] = nxt_g
                        heappush(queue, (-nxt.seq, nxt))
                        nxt = nxt_g = None
                    heappush(queue, (-parent.seq, parent))
            # drop this frame's references: a gradient passed on unchanged (add's) must be
            # held only by `grads` (or nxt_g) when its node comes up, or into_g cannot write
            # into it; an input's data is the result of the node that made it, which
            # into_ans may write into only if nothing else holds it
            gi = a = data = old = inputs = args = parent = entry = key = direct = operand = None
        g = None
        node.inputs = node.args = node.params = ()
        node.ans = None
        node.freed = True
        if nxt is None and queue:
            nxt = heappop(queue)[1]
            nxt_g = grads.pop(nxt)
    return cut


def _large_leaf_parent(node) -> bool:
    """Whether an input of node that wants a gradient is a leaf whose .grad buffer is large
    enough for _into_leaf to write into (_only_here's size): else _propagate would compute
    every gradient with the plain vjps, as the leaves loop does (nd.dot(X, w) with a small w)."""
    inputs = node.inputs
    for i in node.parents:
        a = inputs[i]
        if a._node is None and a._grad is not None and a._grad._data.size >= INTO_MIN_SIZE:
            return True
    return False


