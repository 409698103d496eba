"""mx.np arrays in the shell get what NDArrays get: the result's header and NaN / Inf flags
above MXNet's `array([...])` text, a full `%whos` row, a short `x?` page, and `dir x` with its
autograd members grouped."""
from __future__ import annotations

from ndsh.display.results import array_header, result_lines
from ndsh.display.values import engine_array
from ndsh.mxnp import np as mnp
from ndsh.repl.introspection import describe_value
from ndsh.repl.magic_builtins import whos_row


def test_the_engine_array_is_the_one_the_np_array_wraps():
    x = mnp.ones((2, 3))
    assert engine_array(x) is x.as_nd_ndarray()
    assert describe_value(x) == "ndarray 2x3 float32 @cpu(0)"
    assert array_header(mnp.array(3.0)) == "ndarray scalar float32 @cpu(0)  plain"


def test_a_result_has_the_header_and_the_flags_over_mxnets_np_text(shell):
    shell.run_cell("from mxnet import np, npx; npx.set_np()")
    shell.run_cell('a = np.array([1, float("nan"), float("-inf")])')
    shell.run_cell("a")
    assert shell.out() == ("Out[3]: ndarray 3 float32 @cpu(0)  plain\n"
                           "        NaN! 1 of 3 elements is NaN\n"
                           "        Inf! 1 of 3 elements is infinite (+0, -1)\n"
                           "array([  1.,  nan, -inf])\n")
    shell.run_cell("b = np.ones((2, 2)); b.attach_grad()\nwith autograd.record():\n"
                   "    c = b * 2")
    shell.run_cell("b")
    assert shell.out() == ("Out[5]: ndarray 2x2 float32 @cpu(0)  attached, grad_req='write'\n"
                           "array([[1., 1.],\n       [1., 1.]])\n")
    shell.run_cell("c")
    assert shell.out().startswith("Out[6]: ndarray 2x2 float32 @cpu(0)  recorded (multiply)\n")


def test_a_large_np_array_gets_the_statistics_line():
    lines = [text for _, text in result_lines(mnp.arange(2000), "Out[1]: ")]
    assert lines[0] == "Out[1]: ndarray 2000 float32 @cpu(0)  plain"
    assert lines[1] == "        n=2000  min=0  max=1999  mean=999.5  std=577.35"
    assert lines[2].startswith("array([0.000e+00, 1.000e+00") and lines[-1].endswith("])")


def test_whos_gives_an_np_array_every_column(shell):
    assert whos_row("w", mnp.zeros((3, 4), dtype="int32")) == (
        "w", "ndarray", "3x4", "int32", "cpu(0)", "48 B", "-")
    shell.run_cell("from mxnet import np; a = np.array([1, float('nan')])")
    shell.run_cell("%whos")
    rows = {line.split()[0]: line.split() for line in shell.out().splitlines()[2:]}
    assert rows["a"] == ["a", "ndarray", "2", "float32", "cpu(0)", "8", "B", "-"]


def test_help_on_an_np_array_is_the_short_array_page(shell):
    shell.run_cell("from mxnet import np; x = np.ones((2, 3))")
    for asked in ("x?", "x??"):
        shell.run_cell(asked)
        page = shell.out()
        assert page.startswith("x: ndarray 2x3 float32 @cpu(0)\n\n"), asked
        assert " ".join(page.split()[5:]).startswith(
            "x is an mx.np ndarray of shape (2, 3), dtype float32, on cpu(0), with no gradient "
            "buffer (x.attach_grad() attaches one)."), asked
        assert "String form" not in page and len(page.splitlines()) < 20
        assert "np.ndarray? shows the full page" in page
    shell.run_cell("x.attach_grad()\nwith autograd.record():\n    y = x * 2")
    shell.run_cell("x?")
    assert "with a gradient buffer (grad_req='write': backward() writes x.grad)" in \
        " ".join(shell.out().split())
    shell.run_cell("y?")
    assert "y is an mx.np ndarray of shape (2, 3), dtype float32, on cpu(0), recorded" in \
        " ".join(shell.out().split())


def test_help_of_an_np_array_is_its_short_page_in_scripts_too(tmp_path):
    # help(a) goes through the Session (ndsh run, the shell, the kernel): ndsh.doc's page
    import subprocess
    import sys
    script = tmp_path / "h.nds"
    script.write_text("from mxnet import np, npx\nnpx.set_np()\na = np.ones((2, 3))\nhelp(a)\n")
    done = subprocess.run([sys.executable, "-m", "ndsh", "run", str(script)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("a: ndarray 2x3 float32 @cpu(0)\n")
    assert "a is an mx.np ndarray of shape (2, 3)" in " ".join(done.stdout.split())
    assert "Help on ndarray" not in done.stdout


def test_dir_of_an_np_array_groups_its_autograd_members(shell):
    shell.run_cell("from mxnet import np; x = np.ones((2, 3))")
    shell.run_cell("dir x")
    text = shell.out()
    assert text.startswith("ndarray 2x3 float32 @cpu(0): ")
    autograd = text.split("Autograd (")[1].split("\n\n")[0]
    assert "attach_grad" in autograd and "backward" in autograd and "grad " in autograd


def test_completion_follows_an_np_arrays_safe_properties_and_describes_it():
    from ndsh.repl.completer import candidates

    x = mnp.ones((2, 3))
    x.attach_grad()
    namespace = {"x": x}
    assert "attach_grad" in [found.text for found in candidates("x.grad.", namespace)]
    assert "index" in [found.text for found in candidates("x.shape.", namespace)]
    assert candidates("x.T.", namespace) == []             # T copies: not run while typing
    assert [found.meta for found in candidates("x", namespace)] == [
        "ndarray 2x3 float32 @cpu(0)"]
