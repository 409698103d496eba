"""CTCLoss (also ctc_loss, contrib.CTCLoss, contrib.ctc_loss): the connectionist temporal
classification loss of Graves et al., with MXNet's conventions for the blank, the label
padding and the lengths. The forward and backward recursions run in log space, one step per
time step, each step vectorised over the batch and the label positions."""
from __future__ import annotations

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.graph import STATE, parent_indices
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray

_NEG = -np.inf


def _lround(xp, values):
    """C's lround, as MXNet reads labels and lengths: to the nearest, halves away from 0."""
    v = values.astype(np.float64)
    return (xp.sign(v) * xp.floor(xp.abs(v) + 0.5)).astype(np.int64)


def _check_shapes(data, label, data_lengths, label_lengths):
    if data.dtype not in (np.float32, np.float64):
        raise TypeError(f"CTCLoss: data must be float32 or float64, not {data.dtype.name} "
                        f"(MXNet takes float32 only)")
    if data.ndim != 3 or label.ndim != 2:
        raise ValueError(f"CTCLoss: data must be 3-D (sequence length, batch, alphabet size) "
                         f"and label 2-D (batch, label length), got data {data.shape} and "
                         f"label {label.shape}")
    steps, batch = data.shape[:2]
    if 0 in data.shape or label.shape[1] == 0:
        raise ValueError(f"CTCLoss: data {data.shape} and label {label.shape} must not be empty "
                         f"(MXNet has no zero-size arrays)")
    if label.shape[0] != batch or label.shape[1] > steps:
        raise ValueError(f"CTCLoss: label {label.shape} must have data's batch size "
                         f"({batch}) and at most data's {steps} steps per label (data "
                         f"{data.shape})")
    for name, lengths in (("data_lengths", data_lengths), ("label_lengths", label_lengths)):
        if lengths is not None and lengths.shape != (batch,):
            raise ValueError(f"CTCLoss: {name} must have shape ({batch},), one length per "
                             f"sequence of data {data.shape}, got {lengths.shape}")


class _Plan:
    """What both recursions need: the labels with blanks between them (`ext`, (N, S)), where
    a path may skip a blank, each sequence's length in steps and in labels, and which
    sequences have an alignment at all."""

    def __init__(self, xp, data, label, data_lengths, label_lengths, blank_label):
        steps, batch, alphabet = data.shape
        width = label.shape[1]
        labels = _lround(xp, label)
        self.blank = blank = 0 if blank_label == "first" else alphabet - 1
        if label_lengths is None:       # the first padding value ends a label (MXNet)
            pad = labels == (0 if blank_label == "first" else -1)
            lens = xp.where(pad.any(axis=1), pad.argmax(axis=1), width)
        else:
            lens = _lround(xp, label_lengths)
        steps_n = (xp.full((batch,), steps, dtype=np.int64) if data_lengths is None
                   else _lround(xp, data_lengths))
        inside = xp.arange(width)[None, :] < lens[:, None]
        self._check_values(xp, labels, lens, steps_n, inside, data.shape, width)
        size = 2 * width + 1
        ext = xp.full((batch, size), blank, dtype=np.int64)
        ext[:, 1::2] = xp.where(inside, labels, blank)
        # warp-ctc's rules: a label may be reached from two positions back unless it is blank
        # or repeats that label; read forward (from s - 2) and backward (from s + 2)
        fwd = xp.zeros((batch, size), dtype=bool)
        fwd[:, 2:] = (ext[:, 2:] != blank) & (ext[:, 2:] != ext[:, :-2])
        bwd = xp.zeros((batch, size), dtype=bool)
        bwd[:, :-2] = (ext[:, :-2] != blank) & (ext[:, :-2] != ext[:, 2:])
        self.skip_fwd = xp.where(fwd, 0.0, _NEG)
        self.skip_bwd = xp.where(bwd, 0.0, _NEG)
        repeats = ((labels[:, 1:] == labels[:, :-1]) & inside[:, 1:]).sum(axis=1)
        self.feasible = lens + repeats <= steps_n
        self.ext, self.lens, self.steps_n = ext, lens, steps_n

    @staticmethod
    def _check_values(xp, labels, lens, steps_n, inside, shape, width):
        steps, _, alphabet = shape
        outside = inside & ((labels < 0) | (labels >= alphabet))
        bad = xp.stack([(lens < 0).any() | (lens > width).any(),
                        (steps_n < 0).any() | (steps_n > steps).any(), outside.any()])
        bad = [bool(b) for b in bad.tolist()]          # one transfer from the device
        if bad[0]:
            raise ValueError(f"CTCLoss: label_lengths must lie in 0..{width}, the label "
                             f"width, got {lens.tolist()}")
        if bad[1]:
            raise ValueError(f"CTCLoss: data_lengths must lie in 0..{steps}, the sequence "
                             f"length of data {shape}, got {steps_n.tolist()}")
        if bad[2]:
            raise ValueError(f"CTCLoss: a label is outside the alphabet 0..{alphabet - 1} of "
                             f"data {shape} (MXNet reads past the activations); labels "
                             f"{labels.tolist()}")


def _log_softmax(xp, data):
    wide = data.astype(np.float64)
    shifted = wide - wide.max(axis=2, keepdims=True)
    return shifted - xp.log(xp.exp(shifted).sum(axis=2, keepdims=True))


def _emissions(xp, log_probs, ext):
    """log p[t, n, ext[n, s]]: (T, N, S)."""
    index = xp.broadcast_to(ext[None], (log_probs.shape[0],) + ext.shape)
    return xp.take_along_axis(log_probs, index, axis=2)


def _logsumexp3(xp, a, b, c):
    """log(exp(a) + exp(b) + exp(c)), elementwise (three times faster than two logaddexp);
    -inf where all three are."""
    top = xp.maximum(xp.maximum(a, b), c)
    xp.maximum(top, -1e300, out=top)            # all -inf: exp(-inf) sums to 0, log to -inf
    total = xp.exp(a - top)
    total += xp.exp(b - top)
    total += xp.exp(c - top)
    return xp.log(total) + top


def _alphas(xp, emit, plan):
    """The forward variables, log alpha[t, n, s], in a (T, N, S + 2) buffer whose first two
    columns stay -inf (the positions s - 1 and s - 2 before the start)."""
    steps, batch, size = emit.shape
    alphas = xp.full((steps, batch, size + 2), _NEG)
    alphas[0, :, 2:4] = emit[0, :, :2]
    skip = plan.skip_fwd
    with np.errstate(divide="ignore"):
        for t in range(1, steps):
            prev = alphas[t - 1]
            step = _logsumexp3(xp, prev[:, 2:], prev[:, 1:-1], prev[:, :-2] + skip)
            step += emit[t]
            alphas[t, :, 2:] = step
    return alphas[:, :, 2:]


def _log_likelihood(xp, alphas, plan):
    batch = alphas.shape[1]
    rows = xp.arange(batch)
    last = alphas[xp.maximum(plan.steps_n - 1, 0), rows]           # (N, S) at t = T_n - 1
    end = 2 * plan.lens
    tail = xp.where(plan.lens > 0, last[rows, xp.maximum(end - 1, 0)], _NEG)
    ll = xp.logaddexp(last[rows, end], tail)
    return xp.where(plan.steps_n > 0, ll, _NEG)


def _betas(xp, emit, plan):
    """The backward variables, log beta[t, n, s] (including step t's emission, as warp-ctc)."""
    steps, batch, size = emit.shape
    positions = xp.arange(size)[None, :]
    end = 2 * plan.lens[:, None]
    start = xp.where((positions == end) | ((positions == end - 1) & (end > 0)), 0.0, _NEG)
    betas = xp.empty((steps, batch, size))
    buf = xp.full((batch, size + 2), _NEG)                # two trailing -inf columns
    skip = plan.skip_bwd
    last = (plan.steps_n - 1)[:, None]
    with np.errstate(divide="ignore"):
        for t in range(steps - 1, -1, -1):
            step = _logsumexp3(xp, buf[:, :-2], buf[:, 1:-1], buf[:, 2:] + skip)
            step = xp.where(t < last, step, xp.where(t == last, start, _NEG))
            step += emit[t]
            buf[:, :-2] = step
            betas[t] = step
    return betas


class _Kept:
    """What the forward keeps for the gradient while recording (the plan, the log-softmax,
    the emissions, the alphas and the log-likelihoods): a keyword parameter of the recorded
    op, so the graph drops it with the node once backward is done."""

    __slots__ = ("keep", "value")

    def __init__(self, keep: bool):
        self.keep, self.value = keep, None

    def __repr__(self) -> str:
        return "<CTC forward>"


def _forward(xp, data, label, lengths, use_data_lengths, use_label_lengths, blank_label):
    plan = _plan(xp, data, label, lengths, use_data_lengths, use_label_lengths, blank_label)
    log_probs = _log_softmax(xp, data)
    emit = _emissions(xp, log_probs, plan.ext)
    alphas = _alphas(xp, emit, plan)
    return plan, log_probs, emit, alphas, _log_likelihood(xp, alphas, plan)


def _ctc_vjp(xp, g, ans, data, label, *lengths, use_data_lengths=False,
             use_label_lengths=False, blank_label="first", kept=None):
    if isinstance(g, NDArray):
        raise TypeError("CTCLoss: its gradient cannot be differentiated again (create_graph="
                        "True through nd.CTCLoss); MXNet 1.9.1 has no second-order gradient "
                        "for it either")
    if kept is not None and kept.value is not None:
        plan, log_probs, emit, alphas, ll = kept.value
    else:
        plan, log_probs, emit, alphas, ll = _forward(xp, data, label, lengths, use_data_lengths,
                                                     use_label_lengths, blank_label)
    steps, batch, alphabet = data.shape
    finite = xp.isfinite(ll)
    # the posterior of each (t, s), summed over the positions s that emit the same class
    gamma = _betas(xp, emit, plan)
    gamma += alphas
    gamma -= emit
    gamma -= xp.where(finite, ll, 0)[None, :, None]
    with np.errstate(invalid="ignore", over="ignore"):
        xp.exp(gamma, out=gamma)
    cells = (xp.arange(steps)[:, None, None] * (batch * alphabet)
             + xp.arange(batch)[None, :, None] * alphabet + plan.ext[None])
    occupied = xp.bincount(cells.reshape(-1), weights=gamma.reshape(-1),
                           minlength=steps * batch * alphabet).reshape(data.shape)
    grad = xp.exp(log_probs)
    grad -= occupied
    grad *= g[None, :, None]
    valid = (xp.arange(steps)[:, None] < plan.steps_n[None, :]) & (plan.feasible & finite)
    grad = xp.where(valid[:, :, None], grad, 0).astype(data.dtype)
    return (grad,) + (None,) * (1 + len(lengths))


def _plan(xp, data, label, lengths, use_data_lengths, use_label_lengths, blank_label):
    data_lengths = lengths[0] if use_data_lengths else None
    label_lengths = lengths[-1] if use_label_lengths else None
    _check_shapes(data, label, data_lengths, label_lengths)
    return _Plan(xp, data, label, data_lengths, label_lengths, blank_label)


@op(nin=-1, namespace="_internal", same_dtype=False, vjp=_ctc_vjp)
def _ctc_loss(xp, data, label, *lengths, use_data_lengths=False, use_label_lengths=False,
              blank_label="first", kept=None):
    """CTCLoss's recorded op (see nd.CTCLoss).

    Example:
        >>> nd.CTCLoss(nd.zeros((2, 1, 2)), nd.array([[1]]))
        <BLANKLINE>
        [0.2876821]
        <NDArray 1 @cpu(0)>
    """
    forward = _forward(xp, data, label, lengths, use_data_lengths, use_label_lengths,
                       blank_label)
    if kept is not None and kept.keep:
        kept.value = forward
    plan, ll = forward[0], forward[-1]
    # MXNet (warp-ctc) gives 0 where no alignment fits in the sequence
    return xp.where(plan.feasible, -ll, 0.0).astype(data.dtype)


def CTCLoss(data, label, data_lengths=None, label_lengths=None, use_data_lengths=False,
            use_label_lengths=False, blank_label="first"):
    """The CTC loss of each sequence: -log of the probability, summed over every alignment,
    that the activations (softmax over the alphabet) spell the label; shape (batch,).

    data is (sequence length, batch, alphabet size) of activations before softmax; label is
    (batch, label length) of class numbers. With blank_label='first' class 0 is the blank
    and 0 pads the labels; with 'last' the last class is the blank and -1 pads them (a
    label ends at its first padding value, unless use_label_lengths). A label that needs
    more steps than its sequence has (counting a blank between repeats) gets a loss and a
    gradient of 0, as in MXNet.

    Parameters:
        data: the activations, float32 or float64.
        label: the labels (rounded to integers), padded as blank_label says.
        data_lengths: each sequence's length in steps (with use_data_lengths); the steps
            after it get a zero gradient.
        label_lengths: each label's length (with use_label_lengths).
        use_data_lengths: read data_lengths; else every sequence is data.shape[0] long.
        use_label_lengths: read label_lengths; else a label ends at its first padding.
        blank_label: 'first' or 'last'.

    Example:
        >>> nd.CTCLoss(nd.zeros((3, 1, 3)), nd.array([[1, 2]]))
        <BLANKLINE>
        [1.686399]
        <NDArray 1 @cpu(0)>
    """
    given = [a for a in (data_lengths, label_lengths) if a is not None]
    wanted = bool(use_data_lengths) + bool(use_label_lengths)
    if len(given) != wanted:
        raise ValueError(f"CTCLoss: expects {2 + wanted} inputs (data, label"
                         f"{', data_lengths' if use_data_lengths else ''}"
                         f"{', label_lengths' if use_label_lengths else ''}), but got "
                         f"{2 + len(given)}: pass the lengths with use_data_lengths=True or "
                         f"use_label_lengths=True")
    if blank_label not in ("first", "last"):
        raise ValueError(f"CTCLoss: blank_label must be 'first' or 'last', got {blank_label!r}")
    for name, value in (("data", data), ("label", label)):
        if not isinstance(value, NDArray):
            raise TypeError(f"CTCLoss: {name} must be an NDArray, not {type(value).__name__}")
    # as in MXNet, the lengths fill the inputs in order: data_lengths first when it is used
    kept = _Kept(keep=bool(STATE.recording and parent_indices((data, label, *given))))
    return _ctc_loss(data, label, *given, use_data_lengths=bool(use_data_lengths),
                     use_label_lengths=bool(use_label_lengths), blank_label=blank_label,
                     kept=kept)


op(kind="function", nin=4,
   aliases=("ctc_loss", "nd.contrib.CTCLoss", "nd.contrib.ctc_loss"),
   departs="float64 data works too (MXNet 1.9.1 takes float32 only) and the lengths may have "
           "any dtype (MXNet: data_lengths float32, label_lengths label's dtype). A label or "
           "a length out of range is a ValueError (MXNet reads past the arrays). A batch whose "
           "labels are all empty gets its losses (MXNet returns uninitialised memory). "
           "Gradients: "
           "the true one where MXNet's kernel would return the softmax for a position whose "
           "alignments are all certain; zeros for a label that does not fit (MXNet leaves "
           "them unwritten); label and lengths get zero gradients.")(CTCLoss)
