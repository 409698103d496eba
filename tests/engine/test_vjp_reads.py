"""A gradient that reads its op's input must get the input's values, even when the op ran in
place on a large recorded temporary (the engine reuses buffers nobody reads again).

The engine learns which inputs a vjp reads from the vjp's code. It used to look for the
forward's input name (`data`) where 22 elementwise vjps call the input `x`, so on temporaries of
about 65,536 elements and up it overwrote the input and `abs`' gradient came out 0 (found by
d2l-zh's neural-style, whose TV loss grew instead of falling)."""
import numpy as np
import pytest

from ndsh import autograd, nd

# op -> (low, high) of a domain where the op and its gradient are finite
OPS = {name: (0.2, 0.9) for name in (
    "abs", "square", "log", "log1p", "log2", "log10", "rsqrt", "rcbrt", "sin", "cos", "arcsin",
    "arccos", "arctan", "sinh", "cosh", "arcsinh", "arctanh", "softsign", "erf", "gamma",
    "gammaln")}
OPS["arccosh"] = (1.2, 1.9)


def _grad(op, values):
    x = nd.array(values, dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = getattr(nd, op)(x * 1).sum()   # x * 1: a recorded temporary the op may reuse
    y.backward()
    return x.grad.asnumpy()


@pytest.mark.parametrize("op", sorted(OPS))
def test_gradient_reads_the_input_of_an_op_on_a_large_temporary(op):
    low, high = OPS[op]
    values = np.random.default_rng(0).uniform(low, high, (300, 300))
    large = _grad(op, values)
    small = _grad(op, values[:4, :4])           # too small for the engine to reuse buffers
    np.testing.assert_allclose(large[:4, :4], small, rtol=1e-12)
    assert np.all(large != 0)
