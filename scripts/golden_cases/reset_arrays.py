"""Golden cases of nd.reset_arrays (ndsh/engine/ops/legacy.py), recorded from MXNet 1.9.1 by
`record_golden.py reset_arrays` into tests/engine/golden/reset_arrays.json: the arrays zeroed
in place (float16/32/64, several at once, the same array twice, a slice of a larger array),
the empty list it returns, and what MXNet refuses.

Left out on purpose: out= (MXNet's operator refuses it with an MXNetError, ndsh's function has
no such parameter: a TypeError; tests/engine/test_reset_arrays.py checks it raises), and a call
inside autograd.record() on a recorded array (MXNet crashes; ndsh refuses the in-place write).
"""
from __future__ import annotations

CASES: list[str] = [
    "a = nd.ones((2, 3))\nr = nd.reset_arrays(a, num_arrays=1)\n(r, a)",
    "a = nd.arange(4, dtype='float64'); b = nd.ones((2, 2), dtype='float16'); "
    "c = nd.full((3,), -2.5)\nr = nd.reset_arrays(a, b, c, num_arrays=3)\n(r, a, b, c)",
    "a = nd.ones((2,))\nr = nd.reset_arrays(a, a, num_arrays=2)\n(r, a)",
    "v = nd.arange(6).reshape((2, 3)); s = v[1]\nnd.reset_arrays(s, num_arrays=1)\n(s, v)",
    "v = nd.arange(5); s = v[1:3]\nnd.reset_arrays(s, num_arrays=1)\nv",
    "nd.reset_arrays(num_arrays=0)",
    "nd.reset_arrays(nd.ones((2,)))",
    "nd.reset_arrays(nd.ones((2,)), num_arrays=2)",
    "nd.reset_arrays(nd.ones((2,)), nd.ones((2,)), num_arrays=1)",
    "a = nd.arange(3, dtype='int32')\nnd.reset_arrays(a, num_arrays=1)\na",
    "a = nd.arange(3, dtype='uint8')\nnd.reset_arrays(a, num_arrays=1)\na",
]
