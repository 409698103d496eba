"""Notebooks: a d2l-style notebook run to the end by nbclient on the ndsh kernel (what
`jupyter nbconvert --execute` does), and `ndsh run book.ipynb` (results on stdout, an error
naming its cell, a broken file, --inplace)."""
from __future__ import annotations

import importlib.util
import json
import subprocess

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tests.kernel.conftest import NDSH, TIMEOUT

D2L_CELLS = [
    new_markdown_cell("# Linear regression from scratch\n\nAs d2l's chapter 3.2 does it."),
    new_code_cell("%matplotlib inline\nfrom mxnet import autograd, nd\n"
                  "from matplotlib import pyplot as plt\nimport random"),
    new_code_cell("true_w, true_b = nd.array([2, -3.4]), 4.2\n"
                  "nd.random.seed(0)\nfeatures = nd.random.normal(scale=1, shape=(200, 2))\n"
                  "labels = nd.dot(features, true_w) + true_b\n"
                  "labels += nd.random.normal(scale=0.01, shape=labels.shape)\n"
                  "features[0], labels[0]"),
    new_code_cell("plt.figure(figsize=(3.5, 2.5))\n"
                  "plt.scatter(features[:, 1].asnumpy(), labels.asnumpy(), 1);"),
    new_code_cell("w = nd.random.normal(scale=0.01, shape=(2, 1))\nb = nd.zeros(shape=(1,))\n"
                  "w.attach_grad()\nb.attach_grad()\n"
                  "for epoch in range(3):\n"
                  "    for i in range(0, 200, 10):\n"
                  "        X, y = features[i:i + 10], labels[i:i + 10]\n"
                  "        with autograd.record():\n"
                  "            l = ((nd.dot(X, w) + b - y.reshape((-1, 1))) ** 2 / 2)\n"
                  "        l.backward()\n"
                  "        for param in (w, b):\n"
                  "            param[:] = param - 0.1 * param.grad / 10\n"
                  "    train_l = ((nd.dot(features, w) + b - labels.reshape((-1, 1))) ** 2 / 2)\n"
                  "    print('epoch %d, loss %f' % (epoch + 1, train_l.mean().asnumpy()))"),
    new_code_cell("%whos"),
    new_code_cell("float((w.reshape((2,)) - true_w).abs().max().asscalar()) < 0.1"),
]


def _notebook(path, cells):
    nbformat.write(new_notebook(cells=cells), str(path))
    return path


def test_a_d2l_style_notebook_runs_to_the_end_in_nbclient(jupyter_data, tmp_path):
    from nbclient import NotebookClient
    notebook = new_notebook(cells=[nbformat.from_dict(c) for c in D2L_CELLS])
    NotebookClient(notebook, kernel_name="ndsh", timeout=TIMEOUT,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    cells = notebook.cells
    assert [c.get("execution_count") for c in cells] == [None, 1, 2, 3, 4, 5, 6]
    result = cells[2].outputs[0]
    assert result.output_type == "execute_result"
    assert result.data["text/plain"].startswith("(\n[")
    (figure,) = cells[3].outputs                  # `;` hides the value; the figure shows
    assert figure.output_type == "display_data" and "image/png" in figure.data
    printed = "".join(o.get("text", "") for o in cells[4].outputs)
    assert printed.count("epoch ") == 3
    assert "features  NDArray" in cells[5].outputs[0].text
    assert cells[6].outputs[0].data["text/plain"] == "True"


def _run(*args, cwd):
    return subprocess.run([*NDSH, "run", *map(str, args)], capture_output=True, text=True,
                          timeout=TIMEOUT, cwd=cwd)


def test_ndsh_run_runs_the_code_cells_in_order(tmp_path):
    path = _notebook(tmp_path / "book.ipynb", [
        new_markdown_cell("x = this is markdown, never run"),
        new_code_cell("x = nd.ones((2,))\nprint('hello')"),
        new_code_cell("%time y = x * 2"),
        new_code_cell("import os\nprint(os.path.exists('book.ipynb'))"),
        new_code_cell("y"),
        new_code_cell("")])
    done = _run(path, cwd=tmp_path.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("hello\n")
    assert "True\n" in done.stdout                    # run in the notebook's folder
    assert done.stdout.endswith("\n[2. 2.]\n<NDArray 2 @cpu(0)>\n")
    assert "Wall time" in done.stdout + done.stderr
    assert json.loads(path.read_text())["cells"][1]["outputs"] == []   # not written


def test_an_error_exits_1_naming_the_cell_and_its_line(tmp_path):
    path = _notebook(tmp_path / "book.ipynb", [
        new_markdown_cell("intro"),
        new_code_cell("a = nd.ones((2, 3))"),
        new_code_cell("b = nd.ones((4,))\nc = a + b"),
        new_code_cell("print('never')")])
    done = _run(path, cwd=tmp_path)
    assert done.returncode == 1
    assert "never" not in done.stdout
    lines = done.stderr.splitlines()
    assert "  Cell In[2], line 2" in lines and "    c = a + b" in lines
    assert lines[-1] == (f"ndsh: the error is in cell 3 of {path} (In [2]), line 2; the cells "
                         "after it did not run")
    assert "ndsh/" not in done.stderr


def test_a_truncated_or_foreign_file_is_a_clear_error(tmp_path):
    good = json.dumps(nbformat.v4.new_notebook(cells=[new_code_cell("1")]))
    cut = tmp_path / "cut.ipynb"
    cut.write_text(good[:len(good) // 2])
    done = _run(cut, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"ndsh: {cut} is not a notebook: its JSON is broken")
    other = tmp_path / "other.ipynb"
    other.write_text('{"name": "not a notebook"}')
    done = _run(other, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (f"ndsh: {other} is not a Jupyter notebook: it is JSON without a "
                           "list of cells\n")


def test_inplace_writes_the_outputs_back(tmp_path):
    path = _notebook(tmp_path / "book.ipynb", [
        new_markdown_cell("# title"),
        new_code_cell("print('hi')\nnd.arange(3)"),
        new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2]);"),
        new_code_cell("for i in ndsh.progress(range(3), desc='loop'):\n    pass")])
    done = _run("--inplace", path, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    notebook = nbformat.read(str(path), as_version=4)
    nbformat.validate(notebook)
    first, plot, loop = notebook.cells[1:]
    assert first.execution_count == 1
    assert first.outputs[0] == {"output_type": "stream", "name": "stdout", "text": "hi\n"}
    assert first.outputs[1].output_type == "execute_result"
    assert first.outputs[1].data["text/plain"] == "\n[0. 1. 2.]\n<NDArray 3 @cpu(0)>"
    assert "text/html" in first.outputs[1].data
    assert plot.outputs[0].output_type == "display_data" and "image/png" in plot.outputs[0].data
    (bar,) = loop.outputs                               # the bar's last state, once
    assert bar.data["text/plain"].startswith("loop  3/3  [####################]")
    assert not list(tmp_path.glob(".ndsh-*"))           # no temporary file left


def test_inplace_leaves_the_notebook_alone_when_a_cell_fails(tmp_path):
    path = _notebook(tmp_path / "book.ipynb", [new_code_cell("1"), new_code_cell("1 / 0")])
    before = path.read_text()
    done = _run("--inplace", path, cwd=tmp_path)
    assert done.returncode == 1 and "ZeroDivisionError: division by zero" in done.stderr
    assert "was not changed" in done.stderr.splitlines()[-1]
    assert path.read_text() == before


def test_inplace_needs_a_notebook(tmp_path):
    script = tmp_path / "s.nds"
    script.write_text("print(1)\n")
    done = _run("--inplace", script, cwd=tmp_path)
    assert done.returncode == 2 and "--inplace" in done.stderr


@pytest.mark.skipif(importlib.util.find_spec("d2lzh") is None,
                    reason="d2lzh is not installed (pip install --no-deps d2lzh==1.0.0)")
def test_a_d2lzh_section_writes_its_figures_as_svg(tmp_path):
    # d2l's chapter 3.2 as d2lzh 1.0.0 has it: set_figsize() -> use_svg_display()
    path = _notebook(tmp_path / "book.ipynb", [
        new_code_cell("%matplotlib inline\nimport d2lzh as d2l\nfrom mxnet import nd"),
        new_code_cell("d2l.set_figsize()\n"
                      "d2l.plt.scatter(nd.arange(5).asnumpy(), nd.ones(5).asnumpy(), 1);")])
    done = _run("--inplace", path, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    notebook = nbformat.read(str(path), as_version=4)
    nbformat.validate(notebook)
    (figure,) = notebook.cells[1].outputs
    assert sorted(figure.data) == ["image/svg+xml", "text/plain"]
    assert "<svg" in figure.data["image/svg+xml"]
