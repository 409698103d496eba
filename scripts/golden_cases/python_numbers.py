"""Golden cases of the nd functions on two Python numbers (ndsh/engine/ops/python_numbers.py),
recorded from MXNet 1.9.1 by `record_golden.py python_numbers` into
tests/engine/golden/python_numbers.json: the value and its Python type (MXNet computes these in
Python), and division by zero.

Left out on purpose: a numpy float32 scalar with a Python number (the result's type follows the
installed numpy's promotion rules: numpy 1.23 under the oracle gives float64, numpy 2 float32),
and the other names of the same ops (broadcast_add, elemwise_add...: MXNet raises an
AssertionError, ndsh a TypeError; tests/engine/test_python_numbers.py checks that they raise).
"""
from __future__ import annotations

NAMES = ["add", "subtract", "multiply", "divide", "true_divide", "modulo", "power", "maximum",
         "minimum", "equal", "not_equal", "greater", "greater_equal", "lesser", "lesser_equal",
         "logical_and", "logical_or", "logical_xor"]
PAIRS = ["1, 2", "0.9, 3", "True, 2", "7, -3", "2, 0.5", "3, 3", "-7.5, 2", "True, False",
         "0, 0.0", "np.int64(5), np.int32(2)", "np.float64(1.5), 2", "2.5, np.int64(2)",
         "np.bool_(True), 0"]

CASES: list[str] = [f"nd.{name}({pair})" for name in NAMES for pair in PAIRS]
CASES += [f"nd.{name}(1, 0)" for name in ("divide", "true_divide", "modulo")]
CASES += ["nd.power(2, -1)",
          "nd.add(lhs=1, rhs=2)", "nd.power(base=2, exp=3)"]
