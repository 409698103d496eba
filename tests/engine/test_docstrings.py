"""Every public function's docstring example runs and prints what it says (docs are code)."""
from __future__ import annotations

import builtins
import doctest
import inspect
import re
import sys

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine import context, mx_operator, ndarray
from ndsh.engine.registry import OPS
from tests.conftest import as_cpu_text


def _documented():
    """(id, object) for each op, NDArray method and autograd / context function."""
    seen = set()
    items = []
    for record in OPS.values():
        if record.namespace == "_internal":
            continue
        items.append((record.qualname, record.fn))
    for name, member in vars(ndarray.NDArray).items():
        target = member.fget if isinstance(member, property) else member
        if callable(target) and not name.startswith("_") and getattr(target, "__doc__", None):
            items.append((f"NDArray.{name}", target))
    items.append(("NDArray", ndarray.NDArray))
    for name in autograd.__all__:
        if name != "AutogradError":
            items.append((f"autograd.{name}", getattr(autograd, name)))
    for name in ("Context", "cpu", "gpu", "cpu_pinned", "current_context", "num_gpus"):
        items.append((f"context.{name}", getattr(context, name)))
    for io_name in ("save", "load", "load_frombuffer"):
        items.append((f"nd.{io_name}", getattr(nd, io_name)))
    unique = []
    for key, obj in items:
        if id(obj) not in seen:
            seen.add(id(obj))
            unique.append((key, obj))
    return unique


DOCUMENTED = _documented()


def _mx():
    import types
    mx = types.SimpleNamespace(nd=nd, autograd=autograd, cpu=nd.cpu, gpu=nd.gpu,
                               context=types.SimpleNamespace(num_gpus=context.num_gpus),
                               random=types.SimpleNamespace(seed=nd.random.seed),
                               operator=mx_operator)
    return mx


@pytest.mark.parametrize("name,obj", DOCUMENTED, ids=[k for k, _ in DOCUMENTED])
def test_docstring_example_runs(name, obj):
    doc = inspect.getdoc(obj) or ""
    assert "Example" in doc, f"{name} has no example in its docstring"
    test = doctest.DocTestParser().get_doctest(
        doc, {"nd": nd, "autograd": autograd, "np": np, "mx": _mx()}, name, None, 0)
    assert test.examples, f"{name}: the example has no `>>>` lines"
    runner = doctest.DocTestRunner(checker=_ContextBlindChecker(),
                                   optionflags=doctest.ELLIPSIS)
    output = []
    # doctest resets sys.displayhook to sys.__displayhook__ while it runs: swap that one
    old_hook = sys.__displayhook__
    sys.__displayhook__ = _shell_display
    try:
        runner.run(test, out=output.append)
    finally:
        sys.__displayhook__ = old_hook
    assert runner.failures == 0, "".join(output)


class _ContextBlindChecker(doctest.OutputChecker):
    """Examples print @cpu(0); on the GPU run the same text says @gpu(0). Float32 results may
    differ in the last digit between numpy builds and CUDA (exp, cbrt...): numbers match to
    1e-6 relative, everything else exactly (column padding aside)."""

    def check_output(self, want, got, optionflags):
        got = as_cpu_text(got)
        return (super().check_output(want, got, optionflags)
                or ("..." not in want and _same_up_to_last_digits(want, got)))


_NUMBER = re.compile(r"(?<![\w.])-?(?:\d+\.\d*|\.\d+|\d+)(?:e[+-]?\d+)?")


def _same_up_to_last_digits(want: str, got: str) -> bool:
    want = want.replace(doctest.BLANKLINE_MARKER, "")
    if "".join(_NUMBER.sub("#", want).split()) != "".join(_NUMBER.sub("#", got).split()):
        return False
    wanted = [float(t) for t in _NUMBER.findall(want)]
    found = [float(t) for t in _NUMBER.findall(got)]
    return len(wanted) == len(found) and np.allclose(found, wanted, rtol=1e-6, atol=0)


def _shell_display(value):
    """What the ndsh shell echoes: numpy scalars as plain numbers (22.494442)."""
    if value is None:
        return
    builtins._ = value
    print(str(value) if isinstance(value, np.generic) else repr(value))


def test_every_public_op_has_a_one_line_summary():
    for record in OPS.values():
        if record.namespace != "_internal":
            assert record.summary.endswith("."), f"{record.qualname}: {record.summary!r}"
