"""nd.random on dask(0): draws are dask.array's own Generator, lazy graphs computed chunk by
chunk where the array lives (nothing drawn on the client), repeatable after nd.random.seed,
and a generator of their own (drawing on dask(0) leaves cpu(0)'s stream as it was)."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import nd

pytest.importorskip("dask.array")

D = nd.dask()


def _computes():
    from dask.callbacks import Callback
    seen: list = []
    return seen, Callback(start=lambda dsk: seen.append(len(dsk)))


def test_draws_on_dask_are_lazy_graphs_computed_when_needed():
    import dask.array as da
    seen, watch = _computes()
    with watch:
        x = nd.random.normal(2, 3, shape=(1000, 40), ctx=D)
        y = nd.random.uniform(-1, 1, shape=(1000, 40), ctx=D)
        z = (x * y).sum()
        assert seen == []                           # graphs only
        assert isinstance(x._data, da.Array) and x.context is D and x.dtype == np.float32
        assert float(z.asscalar()) == pytest.approx(float((x.asnumpy() * y.asnumpy()).sum()),
                                                    rel=1e-4)
    host = x.asnumpy()
    assert host.mean() == pytest.approx(2, abs=0.1) and host.std() == pytest.approx(3, rel=0.05)
    assert -1 <= y.asnumpy().min() and y.asnumpy().max() < 1


def test_seed_repeats_dask_draws_and_dask_has_its_own_stream():
    nd.random.seed(11)
    cpu_first = nd.random.uniform(shape=(5,)).asnumpy()
    nd.random.seed(11)
    a = nd.random.normal(shape=(3, 4), ctx=D).asnumpy()
    cpu_after = nd.random.uniform(shape=(5,))
    assert isinstance(cpu_after._data, np.ndarray)    # cpu(0) still draws with numpy
    np.testing.assert_array_equal(cpu_after.asnumpy(), cpu_first)   # dask drew from its own
    nd.random.seed(11)
    np.testing.assert_array_equal(nd.random.normal(shape=(3, 4), ctx=D).asnumpy(), a)
    nd.random.seed(12, ctx=D)               # reseeds dask(0)'s generator only
    assert not np.array_equal(nd.random.normal(shape=(3, 4), ctx=D).asnumpy(), a)


@pytest.mark.parametrize("name,args,check", [
    ("randint", (0, 5), lambda h: h.min() >= 0 and h.max() < 5 and h.dtype == np.int32),
    ("exponential", (2.0,), lambda h: h.min() >= 0 and abs(h.mean() - 2) < 0.3),
    ("gamma", (2.0, 1.5), lambda h: h.min() >= 0 and abs(h.mean() - 3) < 0.4),
    ("poisson", (4.0,), lambda h: np.all(h == np.round(h)) and abs(h.mean() - 4) < 0.4),
    ("negative_binomial", (3, 0.5), lambda h: h.min() >= 0 and abs(h.mean() - 3) < 0.5),
    ("generalized_negative_binomial", (2.0, 0.5), lambda h: abs(h.mean() - 2) < 0.4),
])
def test_each_distribution_draws_lazily_on_dask(name, args, check):
    import dask.array as da
    x = getattr(nd.random, name)(*args, shape=(2000,), ctx=D)
    assert isinstance(x._data, da.Array) and x.context is D
    assert check(x.asnumpy()), x.asnumpy()[:10]


def test_array_parameters_shuffle_and_out_on_dask():
    import dask.array as da
    loc = nd.array([0, 100], ctx=D)
    x = nd.random.normal(loc, nd.array([1, 1], ctx=D), shape=(500,))
    assert x.shape == (2, 500) and x.context is D and isinstance(x._data, da.Array)
    assert np.abs(x.asnumpy().mean(axis=1) - [0, 100]).max() < 0.3
    rows = nd.random.shuffle(nd.arange(10, ctx=D).reshape((5, 2)))
    assert rows.context is D and isinstance(rows._data, da.Array)
    assert sorted(rows.asnumpy()[:, 0].tolist()) == [0, 2, 4, 6, 8]
    out = nd.zeros((4,), ctx=D)
    same = out
    nd.random.uniform(5, 6, shape=(4,), ctx=D, out=out)
    assert same is out and 5 <= out.asnumpy().min() and out.asnumpy().max() < 6


def test_a_large_draw_is_chunked_and_summed_without_coming_to_the_client():
    import dask
    with dask.config.set({"array.chunk-size": "1MiB"}):
        x = nd.random.uniform(shape=(1_000_000,), ctx=D)
    assert x._data.npartitions >= 4
    assert float(x.mean().asscalar()) == pytest.approx(0.5, abs=0.01)
