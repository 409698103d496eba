"""The fused RNN's hand-written backward through time (nd.RNN, in rnn.py), on numpy or CuPy.

From what the forward saved (the activated gates, the LSTM's cell states and their tanh,
GRU's W_hn h + b_hn), the gates' derivatives become per-step factors computed for all steps at
once, so a backward step is a few elementwise products and one recurrent product
(dh = dG W_h2h). The weight gradients are then one product over all steps: dW_i2h = dG^T X,
dW_h2h = dG^T H_prev, and the data's gradient dX = dG W_i2h. Nothing the forward saved is
written: a retained graph can be differentiated again.
"""
from __future__ import annotations

from ndsh.engine.ops.rnn_kernels import Spec, steps, weights


def wanted_ends(wanted) -> tuple:
    """(want the data's gradient, want the initial state's), from the indices of the inputs
    that want one (the recorded node's parents). A shortcut: the backward skips the first
    layer's dX = dG W_i2h (one (T*N, G*H) x (G*H, I) product, 5.7 ms at the bench's size) when
    the data wants no gradient, and each layer-direction's last backward step's product (it
    feeds d h0 only; 0.2 ms at the bench's size, two per 2-layer step) when the initial state
    wants none (begin_state's zeros): the engine reads only the parents' gradients, so what is
    skipped is never read."""
    return 0 in wanted, 2 in wanted


def backward(xp, spec: Spec, saved, params, h0, c0, g_out, g_h, g_c, want_data=True,
             want_h0=True):
    """(d data, d parameters, d state, d state_cell or None) from the head gradients of out,
    h_T and c_T (None: zero) and what the forward saved; nothing saved is written. d data is
    None unless want_data, d state None unless want_h0 (see wanted_ends)."""
    L, D, R = spec.layers, spec.directions, spec.recurrent
    blocks = spec.blocks()
    d_params = xp.empty_like(params)
    d_h0 = xp.empty_like(h0) if want_h0 else None
    d_c0 = None if c0 is None else xp.empty_like(c0)
    back = _BACKWARD[spec.mode]
    masks = saved["masks"]
    dy = g_out
    for layer in range(L - 1, -1, -1):
        x, y = saved["inputs"][layer], saved["outputs"][layer]
        dx = None
        for d in range(D):
            k = layer * D + d
            sl = slice(d * R, (d + 1) * R)
            yd, dyd = (y[:, :, sl], dy[:, :, sl]) if D == 2 else (y, dy)
            w = weights(params, blocks[k])
            dw = weights(d_params, blocks[k])
            carry_h = None if g_h is None else g_h[k]
            carry_c = None if g_c is None else g_c[k]
            d_gx, d_gh = back(xp, saved["records"][k], yd, dyd, w, h0[k],
                              None if c0 is None else c0[k], carry_h, carry_c, d == 1,
                              None if d_h0 is None else d_h0[k],
                              None if d_c0 is None else d_c0[k], spec.mode)
            _weight_grads(xp, x, yd, h0[k], d_gx, d_gh, dw, d == 1)
            if layer == 0 and not want_data:
                continue
            part = xp.matmul(d_gx.reshape(-1, d_gx.shape[2]), w.wi).reshape(x.shape)
            if dx is None:
                dx = part
            else:
                dx += part
        dy = dx * masks[layer - 1] if masks is not None and layer > 0 else dx
    return dy, d_params, d_h0, d_c0


def _weight_grads(xp, x, y, h0, d_gx, d_gh, dw, reverse) -> None:
    """dW_i2h = dG_x^T X and dW_h2h = dG_h^T H_prev, each one product over all steps (H_prev:
    the output shifted by one step, h0 first); the biases' gradients are their column sums.
    d_gh lists (rows of W_h2h, their gradient sequence): GRU's r and z rows share dG_x's."""
    T, N, gh = d_gx.shape
    xp.matmul(d_gx.reshape(T * N, gh).T, x.reshape(T * N, x.shape[2]), out=dw.wi)
    xp.sum(d_gx.reshape(T * N, gh), axis=0, out=dw.bi)
    R = y.shape[2]
    first, rest, prev = _shift(T, reverse)
    from_zero = not h0.any()        # a zero initial state (begin_state's) adds nothing
    for rows, part in d_gh:
        k = part.shape[2]
        xp.matmul(part[rest].reshape(-1, k).T, y[prev].reshape(-1, R), out=dw.wh[rows])
        if not from_zero:
            dw.wh[rows] += xp.matmul(part[first].T, h0)
        if part is d_gx:            # the same gates on both sides: the same column sums
            dw.bh[rows] = dw.bi
        else:
            xp.sum(part.reshape(T * N, k), axis=0, out=dw.bh[rows])


def _shift(T: int, reverse: bool):
    """(the first step, the other steps, the steps before them): the step before t is t - 1
    (t + 1 in the reverse direction); the first step's is the initial state."""
    if reverse:
        return T - 1, slice(0, T - 1), slice(1, T)
    return 0, slice(1, T), slice(0, T - 1)


def _carry(xp, given, like):
    return xp.zeros(like.shape, dtype=like.dtype) if given is None else given.copy()


def _lstm_backward(xp, record, y, dy, w, h0, c0, g_h, g_c, reverse, d_h0, d_c0, mode):
    """In the forward's layout (rnn_kernels._lstm_forward): a step's gates (4H, N), dh and dc
    (H, N), so the step's products are on contiguous blocks and dh = W_h2h^T dG a product
    BLAS reads as it is. The gates' gradients come back as a (T, N, 4H) view of one
    (4H, T*N) array (one reordering pass, ~0.3 ms at the bench's size), so the weight
    gradients' products over all steps read contiguous rows."""
    gates, cells, tanh_c = record
    T, gh, N = gates.shape
    H = gh // 4
    i, f, g, o = (gates[:, k * H:(k + 1) * H] for k in range(4))
    # the per-step factors for all steps at once: dG = [dc*i', dc*f', dc*g', dh*o'] with
    # i' = sigmoid'(i) g, f' = sigmoid'(f) c_prev, g' = tanh'(g) i, o' = sigmoid'(o) tanh(c)
    d_g = xp.subtract(1, gates)
    d_g *= gates
    d_g[:, :H] *= g
    first, rest, prev = _shift(T, reverse)
    d_g[rest, H:2 * H] *= cells[prev]
    d_g[first, H:2 * H] *= c0.T
    gg = d_g[:, 2 * H:3 * H]
    xp.multiply(g, g, out=gg)
    xp.subtract(1, gg, out=gg)
    gg *= i
    d_g[:, 3 * H:] *= tanh_c
    through_c = xp.multiply(tanh_c, tanh_c)      # dc += dh * o * (1 - tanh(c)^2)
    xp.subtract(1, through_c, out=through_c)
    through_c *= o
    dh, dc = _carry_t(xp, g_h, h0), _carry_t(xp, g_c, c0)
    tmp = xp.empty(dh.shape, dtype=dh.dtype)
    wh_t = w.wh.T
    for t in steps(T, not reverse):
        dh += dy[t].T
        xp.multiply(dh, through_c[t], out=tmp)
        dc += tmp
        step = d_g[t]
        step[:3 * H].reshape(3, H, N)[:] *= dc
        step[3 * H:] *= dh
        dc *= f[t]
        if t != first or d_h0 is not None:      # the last step's product feeds d h0 only
            xp.matmul(wh_t, step, out=dh)
    if d_h0 is not None:
        d_h0[...] = dh.T
    d_c0[...] = dc.T
    d_g = _gate_rows(xp, d_g, [slice(0, gh)])
    return d_g, [(slice(0, gh), d_g)]


def _carry_t(xp, given, like):
    """The carried gradient of h or c in the LSTM's (H, N) layout: a copy of the head gradient
    of h_T or c_T, or zeros."""
    if given is None:
        return xp.zeros(like.shape[::-1], dtype=like.dtype)
    return xp.ascontiguousarray(given.T)


def _gru_backward(xp, record, y, dy, w, h0, c0, g_h, g_c, reverse, d_h0, d_c0, mode):
    """In the forward's layout (rnn_kernels._gru_forward): a step's gradients sit in one
    (4H, N) block, rows [n | r | z | n_h] (n_h: the n gate's gradient on the recurrent side,
    dh f_n r), so one broadcast product scales the whole step by dh and the recurrent
    product dh W_h2h reads rows r, z, n_h as they are (the (N, 3H) layout copied them into a
    buffer every step). One reordering pass (_gate_rows) then hands the weight-gradient
    products (T, N, ...) views of r, z, n and of n_h."""
    gates, hn, states = record
    T, gh, N = gates.shape
    H = gh // 3
    r, z, n = (gates[:, k * H:(k + 1) * H] for k in range(3))
    # the per-step factors for all steps at once, dG_x = dh * [f_r, f_z, f_n] with
    # f_n = (1 - z)(1 - n^2), f_z = (h_prev - n) z (1 - z), f_r = f_n (W_hn h + b_hn) r (1 - r);
    # on the recurrent side the n rows get dh * f_n r (r multiplies W_hn h + b_hn)
    d_g = xp.empty((T, 4 * H, N), dtype=gates.dtype)
    f_n, f_r, f_z, f_nh = (d_g[:, k * H:(k + 1) * H] for k in range(4))
    xp.multiply(n, n, out=f_n)
    xp.subtract(1, f_n, out=f_n)
    xp.subtract(1, z, out=f_r)                  # f_r holds 1 - z for a while
    f_n *= f_r
    f_r *= z
    first, rest, prev = _shift(T, reverse)
    xp.subtract(states[prev], n[rest], out=f_z[rest])
    xp.subtract(h0.T, n[first], out=f_z[first])
    f_z *= f_r
    xp.multiply(f_n, r, out=f_nh)
    xp.subtract(1, r, out=f_r)
    f_r *= r
    f_r *= hn
    f_r *= f_n
    dh = _carry_t(xp, g_h, h0)
    tmp = xp.empty(dh.shape, dtype=dh.dtype)
    wh_t = w.wh.T
    for t in steps(T, not reverse):
        dh += dy[t].T
        step = d_g[t]
        step.reshape(4, H, N)[:] *= dh
        if t == first and d_h0 is None:         # the last step's dh feeds d h0 only
            break
        xp.matmul(wh_t, step[H:], out=tmp)
        dh *= z[t]
        dh += tmp
    if d_h0 is not None:
        d_h0[...] = dh.T
    d_g = _gate_rows(xp, d_g, [slice(H, 3 * H), slice(0, H), slice(3 * H, 4 * H)])
    return d_g[:, :, :gh], [(slice(0, 2 * H), d_g[:, :, :2 * H]), (slice(2 * H, gh),
                                                                   d_g[:, :, gh:])]


def _gate_rows(xp, d_g, blocks):
    """The gate-major gradients d_g (T, G, N) as a (T, N, G') view of one (G', T, N) array
    holding the given row blocks in turn (one reordering pass), so the weight gradients'
    products over all steps read contiguous rows."""
    T, _, N = d_g.shape
    rows = sum(b.stop - b.start for b in blocks)
    flat = xp.empty((rows, T, N), dtype=d_g.dtype)
    at = 0
    for b in blocks:
        flat[at:at + b.stop - b.start] = d_g[:, b].transpose(1, 0, 2)
        at += b.stop - b.start
    return flat.transpose(1, 2, 0)


def _plain_backward(xp, record, y, dy, w, h0, c0, g_h, g_c, reverse, d_h0, d_c0, mode):
    T = y.shape[0]
    first = _shift(T, reverse)[0]
    if mode == "rnn_tanh":
        d_g = xp.multiply(y, y)
        xp.subtract(1, d_g, out=d_g)
    else:
        d_g = (y > 0).astype(y.dtype)
    dh = _carry(xp, g_h, h0)
    for t in steps(T, not reverse):
        dh += dy[t]
        d_g[t] *= dh
        if t == first and d_h0 is None:         # the last step's product feeds d h0 only
            break
        xp.matmul(d_g[t], w.wh, out=dh)
    if d_h0 is not None:
        d_h0[...] = dh
    return d_g, [(slice(0, d_g.shape[2]), d_g)]


_BACKWARD = {"lstm": _lstm_backward, "gru": _gru_backward, "rnn_tanh": _plain_backward,
             "rnn_relu": _plain_backward}
