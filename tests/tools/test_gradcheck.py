"""gradcheck: autograd beside finite differences, catching a wrong custom Function."""
from __future__ import annotations

from ndsh.engine import autograd, nd
from ndsh.tools.gradcheck import gradcheck


class WrongSquare(autograd.Function):
    """x * x with a backward that forgets the factor 2."""

    def forward(self, x):
        self.save_for_backward(x)
        return x * x

    def backward(self, dy):
        x, = self.saved_tensors
        return dy * x


class RightSquare(WrongSquare):
    def backward(self, dy):
        x, = self.saved_tensors
        return 2 * dy * x


def test_a_wrong_custom_function_is_caught():
    x = nd.array([1., 2., 3.])
    result = gradcheck(WrongSquare(), x)
    assert not result and not result.ok
    assert abs(result.worst.rel_error - 0.5) < 1e-9
    text = str(result)
    assert "gradcheck of WrongSquare in float64" in text
    assert text.count("<- wrong") == 3 and "FAILED" in text
    assert "worst relative error 0.5 at x[" in text


def test_a_right_custom_function_passes():
    x = nd.array([1., -2., 3.])
    result = gradcheck(RightSquare(), x)
    assert result and result.worst.rel_error < 1e-6
    assert str(result).rstrip().endswith("ok")


def test_several_inputs_and_a_function_with_float32_constants():
    w, b = nd.array([[1., -1.], [0.5, 2.]]), nd.array([0.1, -0.2])
    result = gradcheck(lambda w, b: nd.tanh(nd.dot(nd.ones((3, 2)), w) + b), w, b)
    assert result.ok and result.dtype == "float32"
    assert {e.input for e in result.entries} == {"w", "b"}
    assert "checked in the inputs' own dtype" in str(result)


def test_large_inputs_show_the_worst_entries_only():
    x = nd.arange(12).reshape((3, 4)) / 10
    result = gradcheck(lambda x: (x ** 3).sum(axis=1), x)
    assert result.ok and len(result.entries) == 12
    assert "x: the 6 worst of 12 entries shown" in str(result)
