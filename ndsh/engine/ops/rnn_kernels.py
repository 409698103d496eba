"""The arithmetic of the fused RNN op (nd.RNN, in rnn.py): MXNet's flat parameter layout and
the forward pass of every mode, on numpy or CuPy (the backward is in rnn_backward.py).

Each layer and direction projects its whole input sequence with ONE matrix product
(T*N x I times I x G*H) and runs only the recurrent product per step, writing its activations
in place. While recording it keeps what backward reads: the activated gates, the LSTM's cell
states and their tanh, GRU's W_hn h + b_hn, and each layer's input and output.

Gates, as MXNet orders them: LSTM i, f, g, o (c = f*c + i*g, h = o*tanh(c)); GRU r, z, n
(n = tanh(x_n + r*(W_hn h + b_hn)), h = (1 - z)*n + z*h_prev); rnn_tanh / rnn_relu one.
"""
from __future__ import annotations

from dataclasses import dataclass

GATES = {"rnn_relu": 1, "rnn_tanh": 1, "lstm": 4, "gru": 3}


@dataclass(frozen=True)
class Spec:
    """The shape of one fused RNN: mode, layers, directions, sizes."""

    mode: str
    layers: int
    directions: int
    hidden: int
    projection: int            # 0: no projection (LSTM only)
    input_size: int
    state_outputs: bool

    @property
    def gates(self) -> int:
        return GATES[self.mode]

    @property
    def recurrent(self) -> int:
        """The size of h (the projection's when there is one; the cell c keeps `hidden`)."""
        return self.projection or self.hidden

    def input_of(self, layer: int) -> int:
        return self.input_size if layer == 0 else self.directions * self.recurrent

    def blocks(self) -> list:
        """Per (layer, direction): (offset, shape) of W_i2h, W_h2h, W_h2r (or None), b_i2h,
        b_h2h in the flat vector: all weights first (layer -> direction -> [W_i2h, W_h2h,
        W_h2r]), then all biases in the same order."""
        gh, r, pos, blocks = self.gates * self.hidden, self.recurrent, 0, []
        for layer in range(self.layers):
            for _ in range(self.directions):
                block = []
                for shape in ((gh, self.input_of(layer)), (gh, r),
                              (r, self.hidden) if self.projection else None):
                    block.append(None if shape is None else (pos, shape))
                    pos += 0 if shape is None else shape[0] * shape[1]
                blocks.append(block)
        for block in blocks:
            block += [(pos, (gh,)), (pos + gh, (gh,))]
            pos += 2 * gh
        return blocks

    def size(self) -> int:
        """The length of the flat parameter vector."""
        last = self.blocks()[-1][-1]
        return last[0] + last[1][0]


@dataclass
class Weights:
    wi: object
    wh: object
    wr: object
    bi: object
    bh: object


def weights(flat, block) -> Weights:
    """Views of one layer-direction's weights (or of their gradients) in the flat vector."""
    return Weights(*(None if part is None else
                     flat[part[0]:part[0] + _count(part[1])].reshape(part[1]) for part in block))


def _count(shape) -> int:
    n = 1
    for s in shape:
        n *= s
    return n


# ----- forward ----------------------------------------------------------------------------
def forward(xp, spec: Spec, data, params, h0, c0, masks, keep: bool):
    """(result, saved): the output (T, N, D*R), or with state_outputs one flat vector holding
    out, h_T (L*D, N, R) and c_T (L*D, N, H) in turn; `saved` (when `keep`) what backward
    reads: each layer's input and output, and each layer-direction's record."""
    T, N = data.shape[:2]
    L, D, R, H = spec.layers, spec.directions, spec.recurrent, spec.hidden
    dtype = data.dtype
    sizes = (T * N * D * R, L * D * N * R, L * D * N * H if spec.mode == "lstm" else 0)
    if spec.state_outputs:
        result = xp.empty(sum(sizes), dtype=dtype)
        out = result[:sizes[0]].reshape(T, N, D * R)
        h_t = result[sizes[0]:sizes[0] + sizes[1]].reshape(L * D, N, R)
        c_t = result[sizes[0] + sizes[1]:].reshape(L * D, N, H) if sizes[2] else None
    else:
        result = out = xp.empty((T, N, D * R), dtype=dtype)
        h_t = c_t = None
    saved = {"inputs": [], "outputs": [], "records": [], "masks": masks} if keep else None
    step = _FORWARD[spec.mode]
    blocks = spec.blocks()
    x = data
    for layer in range(L):
        y = out if layer == L - 1 else xp.empty((T, N, D * R), dtype=dtype)
        for d in range(D):
            k = layer * D + d
            yd = y[:, :, d * R:(d + 1) * R] if D == 2 else y
            c_last, record = step(xp, x, weights(params, blocks[k]), h0[k],
                                  None if c0 is None else c0[k], yd, d == 1, keep, spec.mode)
            if h_t is not None:
                h_t[k] = yd[0 if d == 1 else T - 1]
                if c_t is not None and c_last is not None:
                    c_t[k] = c_last
            if keep:
                saved["records"].append(record)
        if keep:
            saved["inputs"].append(x)
            saved["outputs"].append(y)
        x = y * masks[layer] if masks is not None and layer < L - 1 else y
    return result, saved


def _project(xp, x, wi, bias):
    """x @ W_i2h^T + bias for every time step at once: one (T*N, I) x (I, G*H) product."""
    T, N, size = x.shape
    gates = xp.matmul(x.reshape(T * N, size), wi.T)
    gates += bias
    return gates.reshape(T, N, -1)


def steps(T: int, reverse: bool):
    """The time steps in the order a direction visits them."""
    return range(T - 1, -1, -1) if reverse else range(T)


def _sigmoid_(xp, a) -> None:
    """sigmoid in place, as 0.5 * tanh(0.5 * a) + 0.5: no overflow warning for large |a|."""
    a *= 0.5
    xp.tanh(a, out=a)
    a *= 0.5
    a += 0.5


def _project_by_step(xp, x, wi, bias):
    """x @ W_i2h^T + bias for every time step, laid out (T, G*H, N): the gates of a step are
    rows, its sequences columns (the LSTM's per-step layout, see _lstm_forward). One
    (G*H, I) x (I, T*N) product, the bias added to its rows, then one reordering copy (the
    add inside the copy, broadcast, runs twice as slow as both apart)."""
    T, N, size = x.shape
    flat = xp.matmul(wi, x.reshape(T * N, size).T)
    flat += bias[:, None]
    gates = xp.empty((T, wi.shape[0], N), dtype=flat.dtype)
    gates[...] = flat.reshape(-1, T, N).transpose(1, 0, 2)
    return gates


def _lstm_forward(xp, x, w, h0, c0, y, reverse, keep, mode):
    """One LSTM direction. A step works on its gates as (4H, N) (gates as rows, sequences as
    columns) and on c as (H, N): the recurrent product W_h2h h^T comes out of BLAS in that
    layout, and OpenBLAS runs it faster than h W_h2h^T at N=32 (187 vs 259 us per step at
    the bench's H=256), so it adds into the step's gates without the strided transposed add
    the (N, 4H) layout needs (23-46 us per step), and each gate is a contiguous block of rows
    for the activations. h is written straight into y[t] through a transposed view. Keeps
    the activated gates (T, 4H, N), the cells and their tanh (T, H, N) for the backward."""
    T, N = x.shape[:2]
    H = c0.shape[1]
    gates = _project_by_step(xp, x, w.wi, w.bi + w.bh)
    cells = xp.empty((T if keep else 2, H, N), dtype=x.dtype)
    tanh_cells = xp.empty((T, H, N), dtype=x.dtype) if keep else None
    product = xp.empty((4 * H, N), dtype=x.dtype)
    tmp = xp.empty((H, N), dtype=x.dtype)
    h, c = h0.T, c0.T
    first_product = not starts_from_zero(xp, h0, w.wh)
    for n, t in enumerate(steps(T, reverse)):
        a = gates[t]
        if n or first_product:
            xp.matmul(w.wh, h, out=product)
            a += product
        # i, f, o: sigmoid(a) = 0.5 tanh(0.5 a) + 0.5 (no overflow warning); g: tanh(a)
        sig_if, g, sig_o = a[:2 * H], a[2 * H:3 * H], a[3 * H:]
        sig_if *= 0.5
        sig_o *= 0.5
        xp.tanh(a, out=a)
        for s in (sig_if, sig_o):
            s *= 0.5
            s += 0.5
        c_new = cells[t] if keep else cells[n % 2]
        xp.multiply(a[H:2 * H], c, out=c_new)
        xp.multiply(a[:H], g, out=tmp)
        c_new += tmp
        tanh_c = tanh_cells[t] if keep else tmp
        xp.tanh(c_new, out=tanh_c)
        h = y[t].T
        if w.wr is None:
            xp.multiply(sig_o, tanh_c, out=h)
        else:                   # the projection: h = W_h2r (o * tanh(c))
            h[...] = xp.matmul(w.wr, sig_o * tanh_c)
        c = c_new
    return c.T, ((gates, cells, tanh_cells) if keep else None)


def starts_from_zero(xp, h0, wh) -> bool:
    """Whether the LSTM and GRU forwards may skip their first step's recurrent product
    W_h2h h0^T (GRU's W_hn h0 + b_hn is then b_hn): h0 is all zero (begin_state's zeros,
    the common case) and W_h2h finite (its sum is: an inf or NaN entry makes the sum inf or
    NaN, and an overflowing sum only keeps the product), so the product is exactly zero and
    adding it would change no gate but the sign of a zero (-0.0 + 0.0). Skips one of T
    per-step products: ~0.19 ms per layer-direction at the bench row's size (T=35, N=32,
    H=256; GRU's forward 7.12 -> 7.04 ms, median of 60 interleaved), for ~20 us of checks.
    The plain modes do not take it: their product is ~50 us, a gain inside the noise."""
    return not h0.any() and bool(xp.isfinite(wh.sum()))


def _gru_forward(xp, x, w, h0, c0, y, reverse, keep, mode):
    """One GRU direction in the LSTM's per-step layout (see _lstm_forward): gates (3H, N),
    the recurrent product W_h2h h^T (3H, N) straight out of BLAS (136 vs 144 us for
    h W_h2h^T at H=256, N=32), each gate a block of rows; the states of every step are kept
    as (T, H, N) and written into y in one transposed copy at the end (writing y[t].T each
    step measured 0.2-0.3 ms slower). Keeps for the backward the activated gates
    (T, 3H, N), W_hn h + b_hn and the states (T, H, N) each (writing every step's product
    into one (T, 3H, N) array instead of copying W_hn h + b_hn out measured the same time,
    for twice the memory)."""
    T, N = x.shape[:2]
    H = h0.shape[1]
    bias = w.bi.copy()
    bias[:2 * H] += w.bh[:2 * H]        # b_hn stays inside r * (W_hn h + b_hn)
    gates = _project_by_step(xp, x, w.wi, bias)
    p = xp.empty((3 * H, N), dtype=x.dtype)
    hn_all = xp.empty((T, H, N), dtype=x.dtype) if keep else None
    states = xp.empty((T, H, N), dtype=x.dtype)
    tmp = xp.empty((H, N), dtype=x.dtype)
    b_hn = w.bh[2 * H:, None]
    h = h0.T
    first_product = not starts_from_zero(xp, h0, w.wh)
    for k, t in enumerate(steps(T, reverse)):
        a = gates[t]
        rz, hn, n = a[:2 * H], p[2 * H:], a[2 * H:]
        if k or first_product:
            xp.matmul(w.wh, h, out=p)
            rz += p[:2 * H]
            hn += b_hn
        else:                           # W_h2h h0^T is zero: W_hn h + b_hn is b_hn
            hn[...] = b_hn
        if keep:
            hn_all[t] = hn
        _sigmoid_(xp, rz)
        xp.multiply(rz[:H], hn, out=tmp)
        n += tmp
        xp.tanh(n, out=n)
        xp.subtract(h, n, out=tmp)
        tmp *= rz[H:]
        h = states[t]
        xp.add(n, tmp, out=h)
    y[...] = states.transpose(0, 2, 1)
    return None, ((gates, hn_all, states) if keep else None)


def _plain_forward(xp, x, w, h0, c0, y, reverse, keep, mode):
    T = x.shape[0]
    gates = _project(xp, x, w.wi, w.bi + w.bh)
    product = xp.empty(h0.shape, dtype=x.dtype)
    wh_t = xp.ascontiguousarray(w.wh.T)     # BLAS is ~30% slower per step on the view
    h = h0
    for t in steps(T, reverse):
        a = gates[t]
        xp.matmul(h, wh_t, out=product)
        a += product
        if mode == "rnn_tanh":
            xp.tanh(a, out=y[t])
        else:
            xp.maximum(a, 0, out=y[t])
        h = y[t]
    return None, None


_FORWARD = {"lstm": _lstm_forward, "gru": _gru_forward, "rnn_tanh": _plain_forward,
            "rnn_relu": _plain_forward}
