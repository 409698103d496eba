"""An nd op given an mx.np array names that operand (it named only the legacy one before)."""
import subprocess
import sys

SCRIPT = """from mxnet import np, npx
X = nd.ones((2, 3))
w = np.ones((3, 1))
y = nd.dot(X, w)
"""


def test_an_nd_op_given_an_np_array_names_it_and_the_conversion(tmp_path):
    script = tmp_path / "mix.nds"
    script.write_text(SCRIPT)
    done = subprocess.run([sys.executable, "-m", "ndsh", "run", str(script)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "w is an mx.np.ndarray of shape (3, 1)" in done.stderr
    assert "pass w.as_nd_ndarray() (no copy)" in done.stderr
    assert "X has shape (2, 3)" in done.stderr
