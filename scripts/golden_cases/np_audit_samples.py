"""The seeded samples of scripts/record_np_audit.py (the audit of issue 22): dtype pairs and
Python scalars under + * /, and printed arrays of many dtypes and shapes. (name, code), as
np_audit_cases.py."""
from __future__ import annotations

import random


def promotion_cases(seed: int = 22, count: int = 50):
    """A seeded sample of (dtype, dtype or Python scalar, op) combinations."""
    values = {"int32": "[1, 2, 3]", "int64": "[4, 5, 6]", "float16": "[0.5, 1.5, 2.0]",
              "float32": "[1.5, -2.0, 4.0]", "float64": "[0.25, 3.0, -1.0]",
              "bool": "[True, True, False]", "uint8": "[1, 7, 200]", "int8": "[-1, 2, 3]"}
    dtypes = list(values)
    scalars = ["2", "2.5", "True", "-3"]
    draw = random.Random(seed)
    seen, cases = set(), []
    while len(cases) < count:
        left = draw.choice(dtypes)
        op = draw.choice(["+", "*", "/"])
        kind = draw.random()
        a = f"np.array({values[left]}, dtype='{left}')"
        if kind < 0.6:
            right = draw.choice(dtypes)
            b = f"np.array({values[right]}, dtype='{right}')"
            key = (left, right, op)
            code = f"{a} {op} {b}"
        elif kind < 0.85:
            right = draw.choice(scalars)
            key = (left, right, op)
            code = f"{a} {op} {right}"
        else:
            right = draw.choice(scalars)
            key = (right, left, op)
            code = f"{right} {op} {a}"
        if key in seen:
            continue
        seen.add(key)
        name = "promote_" + "_".join(str(k) for k in key).replace("+", "add").replace(
            "*", "mul").replace("/", "div").replace(".", "p").replace("-", "m")
        cases.append((name, code))
    return cases


def printing_cases():
    """Printed arrays of many dtypes and shapes: 0-d, empty, large (with numpy's ellipsis),
    float16, int8, bool, extremes."""
    shown = [
        ("0d_float32", "np.array(2.0)"), ("0d_int32", "np.array(-3, dtype='int32')"),
        ("0d_int64", "np.array(7, dtype='int64')"), ("0d_bool", "np.array(True)"),
        ("0d_float16", "np.array(0.1, dtype='float16')"),
        ("0d_float64", "np.array(1 / 3, dtype='float64')"),
        ("0d_uint8", "np.array(255, dtype='uint8')"), ("0d_int8", "np.array(-8, dtype='int8')"),
        ("empty_1d", "np.array([])"), ("empty_2d", "np.zeros((2, 0))"),
        ("empty_int8", "np.array([], dtype='int8')"), ("empty_bool", "np.zeros((0,), dtype=bool)"),
        ("empty_int32_3d", "np.zeros((0, 2, 3), dtype='int32')"),
        ("large_1d", "np.arange(2000)"), ("large_2d", "np.arange(10000).reshape(100, 100)"),
        ("large_int32", "np.arange(1500, dtype='int32')"),
        ("large_float16", "np.arange(1200).astype('float16')"),
        ("large_bool", "np.arange(1100) > 500"),
        ("large_3d", "np.ones((11, 11, 11))"),
        ("float16_values", "np.array([0.1, 1000.5, -2.25], dtype='float16')"),
        ("int8_values", "np.array([[-128, 0], [5, 127]], dtype='int8')"),
        ("bool_2d", "np.array([[1.0, 0.0], [0.0, 2.0]]) > 0"),
        ("uint8_2d", "np.array([[0, 255], [16, 1]], dtype='uint8')"),
        ("int64_big", "np.array([2 ** 40, -5], dtype='int64')"),
        ("float64_precise", "np.array([1 / 3, 2 / 3], dtype='float64')"),
        ("float32_precise", "np.array([1 / 3, 2 / 3])"),
        ("float32_sci_small", "np.array([1e-8, 1.0])"), ("float32_sci_big", "np.array([1e9, 1.0])"),
        ("float32_nan_inf", "np.array([onp.nan, onp.inf, -onp.inf, 1.0])"),
        ("float32_negative_zero", "np.array([-0.0, 0.0])"),
        ("float32_ints", "np.array([1.0, 20.0, 300.0])"),
        ("float32_3d", "np.arange(12).reshape(2, 3, 2)"),
        ("float32_col", "np.arange(3).reshape(3, 1)"),
        ("float32_empty_rows", "np.ones((3, 0, 2))"),
        ("int32_negative", "np.array([[-1, 20], [300, -4000]], dtype='int32')"),
        ("float16_2d", "np.arange(6).reshape(2, 3).astype('float16') / 3"),
        ("float64_large", "np.arange(1001, dtype='float64')"),
        ("threshold_1000", "np.arange(1000) / 1000"), ("threshold_1001", "np.arange(1001) / 1000"),
        ("wrap_20", "np.arange(20) * 1.25 - 7"), ("wrap_int64_30", "np.arange(30, dtype='int64')"),
        ("mixed_magnitudes", "np.array([1e-3, 123.456, -7.0])"),
        ("float16_digits", "np.array([3.14159, 2.71828, 65504.0], dtype='float16')"),
        ("int64_extremes", "np.array([-2 ** 63, 2 ** 63 - 1], dtype='int64')"),
        ("float64_tiny", "np.array([1e-300, 5e-324], dtype='float64')"),
        ("float32_2x1x3", "np.arange(6).reshape(2, 1, 3) - 2.5"),
        ("bool_0d_false", "np.array(0.0) > 1"),
        ("uint8_col", "np.arange(3, dtype='uint8')[:, None]"),
        ("rows_of_int8", "np.arange(-4, 4).astype('int8').reshape(2, 4)"),
    ]
    return [(f"print_{name}", f"{code}") for name, code in shown]
