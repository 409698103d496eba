"""An nd op given an mx.np array says so, with its shape and the conversion, and names that
operand when it is a variable (the report named only the legacy one before)."""
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
    assert "got an mx.np.ndarray of shape (3, 1)" in done.stderr
    assert "convert it with .as_nd_ndarray() (no copy)" in done.stderr
    assert ("w is an mx.np.ndarray of shape (3, 1), dtype float32, on cpu(0) (convert with "
            "w.as_nd_ndarray())") in done.stderr
    assert "X has shape (2, 3)" in done.stderr


def test_an_unnamed_np_operand_is_still_named_by_kind_and_shape(tmp_path):
    script = tmp_path / "mix.nds"
    script.write_text("from mxnet import np\ny = nd.dot(nd.ones((2, 3)), np.ones((3, 1)))\n")
    done = subprocess.run([sys.executable, "-m", "ndsh", "run", str(script)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert ("dot: expected an NDArray argument, got an mx.np.ndarray of shape (3, 1). nd ops "
            "take legacy NDArrays: convert it with .as_nd_ndarray() (no copy)") in done.stderr


def test_an_np_array_in_a_failing_line_without_nd_arrays_gets_no_conversion_advice(tmp_path):
    # d2l-en's split_and_load with no devices (try_all_gpus() on a CPU): the cause is the empty
    # list, so the np operand is described but not told to convert (MXNet's error has no hint)
    script = tmp_path / "split.nds"
    script.write_text("from mxnet import np, npx, gluon\nnpx.set_np()\nv = np.ones((4,))\n"
                      "devices = []\ngluon.utils.split_and_load(v, devices)\n")
    done = subprocess.run([sys.executable, "-m", "ndsh", "run", str(script)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "v is an mx.np.ndarray of shape (4,), dtype float32, on cpu(0)." in done.stderr
    assert "as_nd_ndarray" not in done.stderr
