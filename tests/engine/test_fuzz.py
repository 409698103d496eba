"""Fuzzing: nd.load on mutated and truncated files (every outcome a clean LoadError or a load
that matches the bytes), and random op chains whose gradients match finite differences."""
from __future__ import annotations

import io
import math
import struct
import tracemalloc

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ndsh import autograd, nd
from ndsh.engine import dtypes
from ndsh.engine.serialization import TYPE_FLAGS, LoadError, encode

FUZZ = settings(max_examples=50, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
DTYPES = [np.dtype(t) for t in TYPE_FLAGS.values()]


# ----- files ------------------------------------------------------------------------------
@st.composite
def saved_data(draw):
    """A list or dict of 0-3 arrays of any file dtype, shape with zeros, and arbitrary bits."""
    arrays = []
    for _ in range(draw(st.integers(0, 3))):
        dtype = draw(st.sampled_from(DTYPES))
        shape = tuple(draw(st.lists(st.integers(0, 3), min_size=1, max_size=3)))
        raw = draw(st.binary(min_size=math.prod(shape) * dtype.itemsize,
                             max_size=math.prod(shape) * dtype.itemsize))
        host = np.frombuffer(raw, np.uint8 if dtype == np.bool_ else dtype).reshape(shape)
        arrays.append(nd.array(host != 0 if dtype == np.bool_ else host, dtype=dtype))
    if arrays and draw(st.booleans()):
        names = draw(st.lists(st.text(max_size=4), min_size=len(arrays), max_size=len(arrays),
                              unique=True))
        return dict(zip(names, arrays))
    return arrays


@st.composite
def mutations(draw, size: int):
    """1-3 edits of a file of `size` bytes: a byte set, a u64 forged, bytes inserted or cut."""
    edits = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["byte", "u64", "insert", "delete"]))
        at = draw(st.integers(0, max(size - 1, 0)))
        if kind == "byte":
            edits.append((kind, at, draw(st.integers(0, 255))))
        elif kind == "u64":
            edits.append((kind, at, draw(st.sampled_from(
                [0, 1, 2**31 - 1, 2**31, 2**32, 2**62, 2**63 - 1, 2**63, 2**64 - 1])
                | st.integers(0, 2**64 - 1))))
        else:
            edits.append((kind, at, draw(st.binary(min_size=1, max_size=9))))
    return edits


def _apply(blob: bytes, edits) -> bytes:
    out = bytearray(blob)
    for kind, at, value in edits:
        if kind == "byte" and at < len(out):
            out[at] = value
        elif kind == "u64":
            out[at:at + 8] = struct.pack("<Q", value)
        elif kind == "insert":
            out[at:at] = value
        elif kind == "delete":
            del out[at:at + len(value)]
    return bytes(out)


def _naive_read(blob: bytes):
    """A trusting reading of a file ndsh accepted: (shape, dtype, raw data) per array, names."""
    pos, arrays = 24, []
    for _ in range(struct.unpack_from("<Q", blob, 16)[0]):
        ndim = struct.unpack_from("<i", blob, pos + 8)[0]
        shape = struct.unpack_from(f"<{ndim}q", blob, pos + 12)
        pos += 12 + 8 * ndim
        dtype = np.dtype(TYPE_FLAGS[struct.unpack_from("<i", blob, pos + 8)[0]])
        pos += 12
        nbytes = math.prod(shape) * dtype.itemsize
        arrays.append((shape, dtype, blob[pos:pos + nbytes]))
        pos += nbytes
    names, (count,) = [], struct.unpack_from("<Q", blob, pos)
    pos += 8
    for _ in range(count):
        (length,) = struct.unpack_from("<Q", blob, pos)
        names.append(blob[pos + 8:pos + 8 + length].decode("utf-8"))
        pos += 8 + length
    return arrays, names


def _load_checked(blob: bytes):
    """nd.load_frombuffer(blob): a LoadError naming the buffer, or a load matching the bytes;
    never an allocation much larger than the file."""
    tracemalloc.start()
    try:
        result = nd.load_frombuffer(blob)
    except LoadError as error:
        assert str(error).startswith("<buffer>: "), error
        return None
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < 2 * len(blob) + 256 * 1024, f"{peak} bytes allocated for {len(blob)}"
    arrays, names = _naive_read(blob)
    if names:
        assert isinstance(result, dict) and list(result) == names
    loaded = list(result.values()) if names else result
    assert isinstance(loaded, list) and len(loaded) == len(arrays)
    for got, (shape, dtype, raw) in zip(loaded, arrays):
        assert got.shape == shape and np.dtype(got.dtype) == dtype
        if dtype == np.bool_:
            np.testing.assert_array_equal(got.asnumpy().ravel(), np.frombuffer(raw, np.uint8) != 0)
        else:
            assert got.asnumpy().tobytes() == raw
    return result


@FUZZ
@given(saved_data())
def test_save_load_round_trip_is_exact(data):
    loaded = _load_checked(encode(data))
    assert type(loaded) is type(data)
    originals = list(data.values()) if isinstance(data, dict) else data
    got = list(loaded.values()) if isinstance(loaded, dict) else loaded
    for a, b in zip(originals, got):
        assert a.dtype == b.dtype and a.asnumpy().tobytes() == b.asnumpy().tobytes()


@FUZZ
@given(st.data())
def test_mutated_file_loads_correctly_or_fails_cleanly(data):
    blob = encode(data.draw(saved_data()))
    _load_checked(_apply(blob, data.draw(mutations(len(blob)))))


@FUZZ
@given(saved_data(), st.data())
def test_truncated_or_extended_file_fails_cleanly(saved, data):
    blob = encode(saved)
    cut = data.draw(st.integers(0, len(blob) - 1))
    assert _load_checked(blob[:cut]) is None
    assert _load_checked(blob + data.draw(st.binary(min_size=1, max_size=16))) is None


@FUZZ
@given(saved_data(), st.data())
def test_mutated_npz_loads_or_fails_cleanly(saved, data):
    buffer = io.BytesIO()
    arrays = list(saved.values()) if isinstance(saved, dict) else saved
    np.savez(buffer, *[a.asnumpy() for a in arrays])
    blob = buffer.getvalue()
    try:
        result = nd.load_frombuffer(_apply(blob, data.draw(mutations(len(blob)))))
    except LoadError as error:
        assert str(error).startswith("<buffer>: ")
        return
    for got in result.values() if isinstance(result, dict) else result:
        assert np.dtype(got.dtype).name in dtypes.SUPPORTED


# ----- op chains vs finite differences ------------------------------------------------------
def _dot_back(h, w):
    return nd.dot(nd.dot(h, w), w.T)


# Steps keep the (2, 3) shape and are smooth everywhere on the values they meet.
STEPS = {
    "sin": lambda h, y, w: nd.sin(h),
    "cos*2.5": lambda h, y, w: nd.cos(h) * 2.5,
    "tanh": lambda h, y, w: nd.tanh(h),
    "sigmoid": lambda h, y, w: nd.sigmoid(h),
    "half_square": lambda h, y, w: h * h * 0.5,
    "exp_tanh": lambda h, y, w: nd.exp(nd.tanh(h)),
    "log1p_square": lambda h, y, w: nd.log(h * h + 1),
    "sqrt1p_square": lambda h, y, w: nd.sqrt(h * h + 1),
    "softmax": lambda h, y, w: nd.softmax(h),
    "add_y": lambda h, y, w: h + y,
    "mul_y": lambda h, y, w: h * y,
    "div_y": lambda h, y, w: h / (y * y + 1),
    "dot_w": lambda h, y, w: _dot_back(h, w),
    "center": lambda h, y, w: h - h.mean(axis=1, keepdims=True),
    "flip": lambda h, y, w: nd.flip(h, axis=1),
    "permute": lambda h, y, w: h.reshape((3, 2)).T.reshape((2, 3)),
    "column_sums": lambda h, y, w: h * h.sum(axis=0, keepdims=True),
}
SMALL = st.integers(-1500, 1500).map(lambda i: i / 1000)   # no subnormals to underflow


def _values(shape):
    return st.lists(SMALL, min_size=math.prod(shape), max_size=math.prod(shape)).map(
        lambda v: np.array(v, dtype=np.float64).reshape(shape))


def _loss(chain, x, y, w, weight):
    h = x
    for name in chain:
        h = STEPS[name](h, y, w)
    return (h * weight).sum()


@settings(max_examples=50, deadline=None)
@given(chain=st.lists(st.sampled_from(sorted(STEPS)), min_size=1, max_size=5),
       y_shape=st.sampled_from([(2, 3), (1, 3), (3,)]), data=st.data())
def test_random_op_chain_gradients_match_finite_differences(chain, y_shape, data):
    inputs = {"x": data.draw(_values((2, 3))), "y": data.draw(_values(y_shape)),
              "w": data.draw(_values((3, 2)))}
    weight = nd.array(np.linspace(-1, 1, 6).reshape(2, 3), dtype="float64")
    arrays = {k: nd.array(v, dtype="float64") for k, v in inputs.items()}
    for a in arrays.values():
        a.attach_grad()
    with autograd.record():
        loss = _loss(chain, arrays["x"], arrays["y"], arrays["w"], weight)
    loss.backward()
    eps = 1e-6
    # a central difference of a float64 loss carries a rounding error of about
    # 1e-16 * |loss| / eps: loosen atol by that where the chain makes the loss large
    atol = 1e-6 + 1e-9 * abs(loss.asscalar())
    for name, value in inputs.items():
        numeric = np.zeros_like(value)
        for i in np.ndindex(value.shape):
            shifted = []
            for step in (eps, -eps):
                moved = {k: nd.array(v, dtype="float64") for k, v in inputs.items()}
                bumped = value.copy()
                bumped[i] += step
                moved[name] = nd.array(bumped, dtype="float64")
                shifted.append(_loss(chain, moved["x"], moved["y"], moved["w"],
                                     weight).asscalar())
            numeric[i] = (shifted[0] - shifted[1]) / (2 * eps)
        np.testing.assert_allclose(arrays[name].grad.asnumpy(), numeric, rtol=1e-5, atol=atol,
                                   err_msg=f"d loss / d {name} through {chain}")
