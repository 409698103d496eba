"""NDArray.as_np_ndarray is a method of every NDArray from the start (MXNet's), not only after
mx.np was loaded: in a fresh process it loads mx.np on first use, and the method list that
`NDArray?` counts is the same either way."""
import subprocess
import sys

FRESH = """
import sys
from ndsh import nd, autograd
methods = [m for m in dir(nd.NDArray) if not m.startswith('_')]
assert 'as_np_ndarray' in methods
assert not any(m.startswith('ndsh.mxnp') for m in sys.modules), 'mx.np loaded at import'
x = nd.ones((2, 3)); x.attach_grad()
with autograd.record():
    z = (x.as_np_ndarray() * 2).sum()
z.backward()
y = x.as_np_ndarray(); y[0, 0] = 5
print(type(y).__module__, type(y).__name__, float(x[0, 0].asscalar()),
      x.grad.asnumpy().tolist()[0], len(methods), sep="|")
import ndsh.mxnp.np
print(len([m for m in dir(nd.NDArray) if not m.startswith('_')]))
"""


def test_as_np_ndarray_in_a_fresh_process():
    done = subprocess.run([sys.executable, "-c", FRESH], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()
    module, name, value, grad, count = first.split("|")
    assert (module, name, value, grad) == ("mxnet.numpy", "ndarray", "5.0", "[2.0, 2.0, 2.0]")
    assert count == second              # the same number of methods before and after mx.np
