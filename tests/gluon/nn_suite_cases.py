"""Golden cases for what MXNet 1.9.1's own Gluon unit tests found in ndsh's layers, losses and
initializers (scripts/mxnet_tests.py --gluon): each case is the behaviour the MXNet test
checks, recorded from MXNet 1.9.1 by scripts/record_nn_suite.py into
tests/gluon/golden/nn_suite.json and replayed by tests/gluon/test_nn_suite.py.

Cases follow tests/gluon/core_cases.py's conventions (its PRELUDE helpers and run_case): a
snippet sets `result` to plain data; a case is a snippet or (snippet, options).
"""
from __future__ import annotations

INIT = {
    # test_init.py::test_const_init_dumps: dumps() turns an array value into a list in
    # _kwargs too, so json.dumps of _kwargs afterwards is the same text
    "constant_dumps_ndarray": """
import json
init = mx.init.Constant(nd.ones((2, 3)))
text = init.dumps()
result = {"text": text, "kwargs": init._kwargs,
          "same": text == json.dumps([init.__class__.__name__.lower(), init._kwargs]),
          "value_kept": type(init.value).__name__}
""",
    "constant_dumps_numpy": """
import json
init = mx.init.Constant(np.arange(4.0).reshape(2, 2))
text = init.dumps()
result = {"text": text, "kwargs": init._kwargs}
""",
    "constant_dumps_scalar": """
init = mx.init.Constant(1)
result = {"text": init.dumps(), "kwargs": init._kwargs}
""",
    "constant_initializes_after_dumps": """
init = mx.init.Constant(nd.array([[1, 2], [3, 4]]))
init.dumps()
p = gluon.Parameter('w', shape=(2, 2))
p.initialize(init=init)
result = v(p.data())
""",
}

SECTIONS = {"init": INIT}


def cases():
    """(key, code, options) for every case, key = 'section/name'."""
    for section, table in SECTIONS.items():
        for name, case in table.items():
            code, options = (case, {}) if isinstance(case, str) else (case[0], dict(
                case[1] if len(case) > 1 else {}))
            yield f"{section}/{name}", code, options
