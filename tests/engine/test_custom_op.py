"""MXNet's custom operators (mx.operator, nd.Custom) as MXNet 1.9.1 runs them imperatively: a
custom op's forward and backward through autograd (backward once per backward pass, with every
output's gradient), the req each array gets, the Prop's keyword arguments as strings, auxiliary
states, errors inside the op's code as MXNetErrors naming it, fork safety; and the op registry
read as MXNet's (get_all_registered_operators, get_operator_arguments). The facts were checked
against MXNet 1.9.1 run in a side venv; the values here are our own."""
from __future__ import annotations

import doctest
import io
import multiprocessing
import sys
import types

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine import mx_operator
from ndsh.engine.graph import AutogradError
from ndsh.engine.mxnet_errors import MXNetError
from ndsh.engine.ops import custom
from ndsh.mxnet_compat import mxnet as mx

CALLS: list = []


class Cube(mx.operator.CustomOp):
    """y = x ** 3, its gradient 3 x^2 dy; notes what it was called with."""

    def forward(self, is_train, req, in_data, out_data, aux):
        CALLS.append(("forward", is_train, list(req)))
        self.assign(out_data[0], req[0], in_data[0] ** 3)

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        CALLS.append(("backward", list(req), out_grad[0].asnumpy().copy()))
        self.assign(in_grad[0], req[0], 3 * in_data[0] ** 2 * out_grad[0])


@mx.operator.register("test_cube")
class CubeProp(mx.operator.CustomOpProp):
    def __init__(self, **kwargs):
        super().__init__(need_top_grad=True)
        CALLS.append(("prop", kwargs))

    def create_operator(self, ctx, shapes, dtypes):
        CALLS.append(("create", ctx, shapes, dtypes))
        return Cube()


class SumAndScaledDiff(mx.operator.CustomOp):
    """Two outputs: a + b and k (a - b), with an auxiliary counter of forward calls."""

    def __init__(self, k):
        super().__init__()
        self.k = k

    def forward(self, is_train, req, in_data, out_data, aux):
        a, b = in_data
        self.assign(out_data[0], req[0], a + b)
        self.assign(out_data[1], req[1], self.k * (a - b))
        aux[0][:] += 1

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        CALLS.append(("backward", list(req), [g.asnumpy().copy() for g in out_grad],
                      aux[0].asnumpy().copy()))
        g_sum, g_diff = out_grad
        self.assign(in_grad[0], req[0], g_sum + self.k * g_diff)
        self.assign(in_grad[1], req[1], g_sum - self.k * g_diff)


@mx.operator.register("test_sum_diff")
class SumAndScaledDiffProp(mx.operator.CustomOpProp):
    def __init__(self, k="1"):
        super().__init__()
        self.k = float(k)

    def list_arguments(self):
        return ["a", "b"]

    def list_outputs(self):
        return ["sum", "diff"]

    def list_auxiliary_states(self):
        return ["count"]

    def infer_shape(self, in_shape):
        return in_shape, [in_shape[0], in_shape[0]], [in_shape[0]]

    def create_operator(self, ctx, shapes, dtypes):
        return SumAndScaledDiff(self.k)


@pytest.fixture(autouse=True)
def _fresh_calls():
    CALLS.clear()
    yield


def _calls(kind):
    return [c for c in CALLS if c[0] == kind]


# ----- forward and backward -----------------------------------------------------------------
def test_forward_and_backward_through_autograd():
    x = nd.array([1.0, -2.0, 0.5])
    x.attach_grad()
    with autograd.record():
        y = nd.Custom(x, op_type="test_cube")
        z = (y * nd.array([1.0, 10.0, 100.0])).sum()
    z.backward()
    np.testing.assert_allclose(y.asnumpy(), [1.0, -8.0, 0.125])
    np.testing.assert_allclose(x.grad.asnumpy(), [3.0, 120.0, 75.0])
    (backward,) = _calls("backward")
    assert backward[1] == ["write"]
    np.testing.assert_allclose(backward[2], [1.0, 10.0, 100.0])


def test_is_train_follows_training_mode_and_req_is_write():
    x = nd.array([2.0])
    nd.Custom(x, op_type="test_cube")
    with autograd.record():
        nd.Custom(x, op_type="test_cube")
    with autograd.record(train_mode=False):
        nd.Custom(x, op_type="test_cube")
    with autograd.train_mode():
        nd.Custom(x, op_type="test_cube")
    assert [c[1:] for c in _calls("forward")] == [(0, ["write"]), (1, ["write"]),
                                                   (0, ["write"]), (1, ["write"])]


def test_create_operator_gets_the_context_shapes_and_mxnet_dtype_codes():
    nd.Custom(nd.ones((2, 3), dtype="float64"), op_type="test_cube")
    (create,) = _calls("create")
    assert create[1] == nd.current_context() and create[2] == [[2, 3]] and create[3] == [1]


def test_keyword_arguments_reach_the_prop_as_strings_and_name_is_dropped():
    nd.Custom(nd.ones((1,)), op_type="test_cube", name="c1", scale=3, flag=True,
              shape=(2, 3), rate=0.25, nothing=None, text="abc")
    assert _calls("prop") == [("prop", {"scale": "3", "flag": "True", "shape": "(2, 3)",
                                        "rate": "0.25", "nothing": "None", "text": "abc"})]


def test_an_array_given_by_keyword_is_refused():
    with pytest.raises(MXNetError, match="pass its arrays positionally"):
        nd.Custom(data=nd.ones((2,)), op_type="test_cube")


def test_assign_honours_each_req():
    op = mx.operator.CustomOp()
    dst = nd.array([1.0, 2.0])
    op.assign(dst, "null", nd.array([5.0, 5.0]))
    assert dst.asnumpy().tolist() == [1.0, 2.0]
    op.assign(dst, "add", nd.array([0.5, 0.25]))
    assert dst.asnumpy().tolist() == [1.5, 2.25]
    op.assign(dst, "write", nd.array([-1.0, 4.0]))
    assert dst.asnumpy().tolist() == [-1.0, 4.0]
    op.assign(dst, "inplace", 7)
    assert dst.asnumpy().tolist() == [7.0, 7.0]


def test_a_leaf_with_grad_req_add_accumulates_through_a_custom_op():
    x = nd.array([1.0, 2.0])
    x.attach_grad(grad_req="add")
    x.grad[:] = 10
    for _ in range(2):
        with autograd.record():
            y = nd.Custom(x, op_type="test_cube")
        y.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), [10 + 2 * 3.0, 10 + 2 * 12.0])


# ----- several outputs, auxiliary states ---------------------------------------------------
def test_several_outputs_backward_runs_once_with_every_outputs_gradient():
    a, b, count = nd.array([1.0, 4.0]), nd.array([3.0, -1.0]), nd.zeros((2,))
    a.attach_grad()
    b.attach_grad()
    with autograd.record():
        total, diff = nd.Custom(a, b, count, op_type="test_sum_diff", k=0.5)
        z = (total * 2 + diff * 3).sum()
    z.backward()
    np.testing.assert_allclose(total.asnumpy(), [4.0, 3.0])
    np.testing.assert_allclose(diff.asnumpy(), [-1.0, 2.5])
    np.testing.assert_allclose(a.grad.asnumpy(), [3.5, 3.5])
    np.testing.assert_allclose(b.grad.asnumpy(), [0.5, 0.5])
    (backward,) = _calls("backward")
    np.testing.assert_allclose(backward[2][0], [2.0, 2.0])
    np.testing.assert_allclose(backward[2][1], [3.0, 3.0])
    np.testing.assert_allclose(backward[3], [1.0, 1.0])     # the aux state forward wrote
    assert count.asnumpy().tolist() == [1.0, 1.0]


def test_an_unused_output_gets_a_zero_gradient_and_an_input_without_one_req_null():
    a, b, count = nd.array([2.0]), nd.array([5.0]), nd.zeros((1,))
    a.attach_grad()
    with autograd.record():
        outputs = nd.Custom(a, b, count, op_type="test_sum_diff", k=2)
    assert isinstance(outputs, list) and len(outputs) == 2
    outputs[1].backward()
    (backward,) = _calls("backward")
    assert backward[1] == ["write", "null"]
    np.testing.assert_allclose(backward[2][0], [0.0])
    np.testing.assert_allclose(backward[2][1], [1.0])
    np.testing.assert_allclose(a.grad.asnumpy(), [2.0])


def test_the_wrong_number_of_inputs_names_what_the_op_takes():
    with pytest.raises(MXNetError, match=r"expects 3 input\(s\) \(a, b, count \(auxiliary "
                                         r"state\)\), but got 2"):
        nd.Custom(nd.ones((1,)), nd.ones((1,)), op_type="test_sum_diff")


def test_out_receives_the_outputs_and_gradients_still_flow():
    x = nd.array([3.0])
    x.attach_grad()
    out = nd.zeros((1,))
    with autograd.record():
        result = nd.Custom(x, op_type="test_cube", out=out)
    assert result is out
    out.backward()
    np.testing.assert_allclose(out.asnumpy(), [27.0])
    np.testing.assert_allclose(x.grad.asnumpy(), [27.0])


def test_writing_an_output_that_backward_reads_is_caught():
    a, b, count = nd.array([1.0]), nd.array([2.0]), nd.zeros((1,))
    a.attach_grad()
    with autograd.record():
        total, diff = nd.Custom(a, b, count, op_type="test_sum_diff")
    total[:] = 0
    with pytest.raises(AutogradError, match="output 0 of Custom.*modified in place"):
        diff.backward()


def test_first_order_gradients_under_create_graph():
    x = nd.array([2.0])
    x.attach_grad()
    with autograd.record():
        y = nd.Custom(x, op_type="test_cube")
    (dx,) = autograd.grad(y, [x], create_graph=True)
    np.testing.assert_allclose(dx.asnumpy(), [12.0])


class Ones(mx.operator.CustomOp):
    def forward(self, is_train, req, in_data, out_data, aux):
        self.assign(out_data[0], req[0], np.ones(out_data[0].shape))


@mx.operator.register("test_ones")
class OnesProp(mx.operator.CustomOpProp):
    def __init__(self, rows, cols):
        super().__init__()
        self.shape = (int(rows), int(cols))

    def list_arguments(self):
        return []

    def infer_shape(self, in_shape):
        return [], [self.shape], []

    def infer_type(self, in_type):
        return [], [np.float64], []

    def create_operator(self, ctx, shapes, dtypes):
        return Ones()


def test_an_op_without_inputs_makes_its_output_on_the_current_context():
    y = nd.Custom(rows=2, cols=3, op_type="test_ones")
    assert y.shape == (2, 3) and y.dtype == np.float64 and y.context == nd.current_context()
    assert (y.asnumpy() == 1).all()


# ----- errors --------------------------------------------------------------------------------
def _dot_op(name, forward):
    class Dot(mx.operator.CustomOp):
        def forward(self, is_train, req, in_data, out_data, aux):
            forward(in_data, out_data)

        def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
            raise RuntimeError("this backward was never written")

    @mx.operator.register(name)
    class DotProp(mx.operator.CustomOpProp):
        def list_arguments(self):
            return ["a", "b"]

        def infer_shape(self, in_shape):
            return in_shape, [(in_shape[0][0], in_shape[1][1])]

        def create_operator(self, ctx, shapes, dtypes):
            return Dot()


def test_an_exception_inside_forward_is_an_mxnet_error_naming_the_op():
    def fail(in_data, out_data):
        raise KeyError("the table of widgets")
    _dot_op("test_dot_raises", fail)
    with pytest.raises(MXNetError, match="Custom operator 'test_dot_raises' failed in forward: "
                                         "KeyError: 'the table of widgets'") as caught:
        nd.Custom(nd.ones((3, 1)), nd.ones((1, 3)), op_type="test_dot_raises")
    assert isinstance(caught.value.__cause__, KeyError)


def test_a_shape_error_inside_forward_is_an_mxnet_error_naming_the_op():
    def dot(in_data, out_data):
        out_data[0][:] = nd.dot(in_data[0], in_data[1])
    _dot_op("test_dot_shapes", dot)
    np.testing.assert_allclose(
        nd.Custom(nd.ones((2, 1)), nd.ones((1, 2)), op_type="test_dot_shapes").asnumpy(),
        np.ones((2, 2)))
    with pytest.raises(MXNetError, match=r"'test_dot_shapes' failed in forward: ValueError: "
                                         r"dot: shapes \(3, 2\) and \(1, 3\)"):
        nd.Custom(nd.ones((3, 2)), nd.ones((1, 3)), op_type="test_dot_shapes")


def test_an_exception_inside_backward_is_an_mxnet_error_naming_the_op():
    _dot_op("test_dot_backward", lambda i, o: None)
    a = nd.ones((2, 2))
    a.attach_grad()
    with autograd.record():
        c = nd.Custom(a, nd.ones((2, 2)), op_type="test_dot_backward")
    with pytest.raises(MXNetError, match="'test_dot_backward' failed in backward: RuntimeError: "
                                         "this backward was never written"):
        c.backward()


def test_the_prop_contradicting_the_inputs_shape_is_refused():
    class Liar(mx.operator.CustomOpProp):
        def infer_shape(self, in_shape):
            return [[9, 9]], [[9, 9]]
    mx.operator.register("test_liar")(Liar)
    with pytest.raises(MXNetError, match=r"Shape inconsistent, provided = \(2,\), inferred "
                                         r"shape = \(9, 9\)"):
        nd.Custom(nd.ones((2,)), op_type="test_liar")


def test_an_unknown_op_type_and_bad_prop_arguments_are_mxnet_errors():
    with pytest.raises(MXNetError, match="cannot find custom operator 'test_nowhere'"):
        nd.Custom(nd.ones((1,)), op_type="test_nowhere")
    with pytest.raises(MXNetError, match="`op_type` is missing"):
        nd.Custom(nd.ones((1,)))
    with pytest.raises(MXNetError, match="'test_ones' failed in its CustomOpProp's __init__: "
                                         "TypeError: .*rows"):
        nd.Custom(op_type="test_ones")


# ----- fork safety (MXNet's test_custom_op_fork) -----------------------------------------------
def _custom_in_child() -> None:
    a, b = nd.array([1.0, 2.0]), nd.array([10.0, 20.0])
    total, _ = nd.Custom(a, b, nd.zeros((2,)), op_type="test_sum_diff")
    assert total.asnumpy().tolist() == [11.0, 22.0]


@pytest.mark.skipif(sys.platform.startswith("win") or
                    "fork" not in multiprocessing.get_all_start_methods(),
                    reason="no fork on this platform")
def test_a_custom_op_runs_in_a_forked_process():
    _custom_in_child()                      # used in the parent first, as MXNet's test does
    child = multiprocessing.get_context("fork").Process(target=_custom_in_child, daemon=True)
    child.start()
    child.join(30)
    assert not child.is_alive() and child.exitcode == 0


# ----- the op registry -------------------------------------------------------------------------
def test_get_all_registered_operators_lists_mxnet_names():
    ops = mx.operator.get_all_registered_operators()
    assert isinstance(ops, list) and ops == sorted(ops)
    assert {"Activation", "Custom", "elemwise_add", "_random_normal", "_linalg_gemm",
            "_contrib_isfinite"} <= set(ops)
    assert "test_cube" not in ops and "custom_op" not in ops     # custom ops: MXNet's too


def test_get_operator_arguments_in_mxnet_words():
    args = mx.operator.get_operator_arguments("Activation")
    assert isinstance(args, mx.operator.OperatorArguments)
    assert args == (2, ["data", "act_type"],
                    ["NDArray-or-Symbol", "{'relu', 'sigmoid', 'softrelu', 'softsign', 'tanh'}, "
                                          "required"])
    dot = mx.operator.get_operator_arguments("dot")
    assert dot.names[:4] == ["lhs", "rhs", "transpose_a", "transpose_b"]
    assert dot.types[:4] == ["NDArray-or-Symbol", "NDArray-or-Symbol",
                             "boolean, optional, default=0", "boolean, optional, default=0"]
    assert mx.operator.get_operator_arguments("add_n").types == ["NDArray-or-Symbol[]"]
    concat = mx.operator.get_operator_arguments("concat")
    assert concat.types == ["NDArray-or-Symbol[]", "int, optional, default='1'"]
    take = mx.operator.get_operator_arguments("take")
    assert take.types[2] == "int, optional, default='0'"
    dropout = mx.operator.get_operator_arguments("Dropout")
    assert dropout.types[1] == "float, optional, default=0.5"
    assert "out" not in mx.operator.get_operator_arguments("exp").names


def test_get_operator_arguments_of_an_unknown_name_is_an_mxnet_error():
    with pytest.raises(MXNetError, match="Operator no_such_op is not registered"):
        mx.operator.get_operator_arguments("no_such_op")


def test_documented_choices_are_read_only_from_a_line_of_nothing_but_choices():
    doc = ("Do it.\n\nParameters:\n    mode: 'a', 'b' or 'c'.\n    kind: 'x' (the default) or\n"
           "        'y'.\n    last: 'p' or\n        'q' (required).\n    size: how many "
           "(required).\n\nExample:\n    >>> 1\n")
    assert mx_operator._documented_choices(doc) == ({"mode": ["a", "b", "c"],
                                                     "last": ["p", "q"]}, {"last", "size"})


# ----- mx.operator as MXNet code finds it --------------------------------------------------------
def test_mx_operator_inside_a_session(capsys):
    from ndsh.display.console import Output
    from ndsh.session import Session
    code = ("import mxnet as mx\nfrom mxnet.operator import *\n"
            "print(CustomOp is mx.operator.CustomOp, 'Activation' in "
            "get_all_registered_operators(), OperatorArguments.__name__)\n")
    outcome = Session(Output(stdout=io.StringIO(), color="never")).run(code, filename="m.nds")
    assert outcome.error is None, outcome.report.plain()
    assert capsys.readouterr().out.strip() == "True True OperatorArguments"


def test_what_mx_operator_lacks_says_so():
    with pytest.raises(AttributeError, match="mxnet.operator.NumpyOp is not part of ndsh"):
        _ = mx.operator.NumpyOp


@pytest.mark.parametrize("module", [custom, mx_operator], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    namespace = types.SimpleNamespace(operator=mx.operator)
    result = doctest.testmod(module, extraglobs={"nd": nd, "autograd": autograd, "mx": namespace},
                             optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
