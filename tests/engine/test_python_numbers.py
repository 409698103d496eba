"""nd functions on two Python numbers (ndsh/engine/ops/python_numbers.py). Their values and
types are golden data from MXNet 1.9.1 (tests/engine/golden/python_numbers.json); here: what
must still fail (measured on MXNet 1.9.1 too: its other names for the ops refuse numbers, and
nd.add takes no out= for them), and that arrays take the ops' own path."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import nd
from ndsh.engine.ops.python_numbers import NUMBER_FUNCTIONS


@pytest.mark.parametrize("name", ["broadcast_add", "elemwise_add", "broadcast_plus", "_plus",
                                  "broadcast_sub", "elemwise_mul", "broadcast_div",
                                  "broadcast_maximum", "broadcast_equal", "broadcast_logical_xor",
                                  "broadcast_power", "broadcast_mod"])
def test_other_names_of_the_ops_refuse_two_numbers(name):
    with pytest.raises(TypeError, match="NDArray"):
        getattr(nd, name)(1, 2)


@pytest.mark.parametrize("call", [lambda: nd.add(1, 2, out=nd.zeros(1)),
                                  lambda: nd.add(1, "a"), lambda: nd.add(None, 2),
                                  lambda: nd.subtract([1], 2), lambda: nd.negative(1)])
def test_what_is_not_two_numbers_still_fails(call):
    with pytest.raises(TypeError):
        call()


@pytest.mark.parametrize("name", sorted(NUMBER_FUNCTIONS))
def test_arrays_and_mixed_calls_still_make_arrays(name):
    f = getattr(nd, name)
    x = nd.array([0.5, 2.0, 3.0])
    for result in (f(x, x), f(x, 2), f(2, x)):
        assert isinstance(result, nd.NDArray) and result.shape == (3,)
    np.testing.assert_array_equal(f(x, 2).asnumpy(),
                                  getattr(nd, "broadcast_" + name.replace("true_", ""), f)(
                                      x, nd.full((3,), 2)).asnumpy())


def test_numpy_float32_scalars_follow_numpy_promotion():
    # the oracle (numpy 1.23) gives float64 here; the installed numpy decides the type
    result = nd.add(np.float32(1.5), 2)
    assert result == 3.5 and type(result) is type(np.float32(1.5) + 2)
