"""`IPython.display.set_matplotlib_formats` inside ndsh (ndsh/ipython_compat.py): IPython 9
removed it and d2lzh 1.0.0's `use_svg_display()` calls it. Code run by a Session finds it;
`ndsh run` accepts it and draws figures where it drew them before. (The kernel's SVG figures:
tests/kernel/test_kernel.py and test_notebook.py.)"""
from __future__ import annotations

import doctest
import importlib.util
import io
import subprocess
import sys
import types

import pytest

from ndsh import ipython_compat
from ndsh.display.console import Output
from ndsh.engine import autograd, nd
from ndsh.session import Session

pytest.importorskip("IPython")
NDSH = [sys.executable, "-m", "ndsh"]
needs_d2lzh = pytest.mark.skipif(importlib.util.find_spec("d2lzh") is None,
                                 reason="d2lzh is not installed (pip install --no-deps "
                                        "d2lzh==1.0.0): the book's own functions are not tried")


@pytest.fixture(autouse=True)
def png_again():
    yield
    ipython_compat.reset_figure_formats()


@pytest.fixture
def session():
    out = io.StringIO()
    made = Session(Output(stdout=out, stderr=out, color="never"))
    made.out = out
    return made


def test_docstring_examples():
    result = doctest.testmod(ipython_compat, extraglobs={"nd": nd, "autograd": autograd})
    assert result.attempted > 5 and result.failed == 0


def test_d2ls_exact_call_runs_in_a_session_and_records_the_format(session):
    outcome = session.run("from IPython import display\n"
                          "display.set_matplotlib_formats('svg')")
    assert outcome.ok, outcome.report and outcome.report.lines()
    assert ipython_compat.figure_formats() == (("svg",), {})
    assert ipython_compat._FINDER not in sys.meta_path        # only while code runs
    outcome = session.run("display.set_matplotlib_formats('png', 'retina', dpi=50)")
    assert ipython_compat.figure_formats() == (("png", "retina"), {"dpi": 50})


def test_without_the_mxnet_alias_too():
    outcome = Session(Output(stdout=io.StringIO(), color="never"), mxnet_alias=False).run(
        "import IPython.display as d\nd.set_matplotlib_formats('jpeg')")
    assert outcome.ok and ipython_compat.figure_formats()[0] == ("jpeg",)


def test_a_format_ipython_does_not_know_is_a_value_error_naming_it(session):
    outcome = session.run("from IPython import display\ndisplay.set_matplotlib_formats('gif')")
    assert isinstance(outcome.error, ValueError)
    assert "'gif' is not a figure format" in str(outcome.error)
    assert "'svg'" in str(outcome.error)
    assert ipython_compat.figure_formats()[0] == ("png",)


def test_an_ipython_that_has_the_function_keeps_its_own():
    def own(*formats):
        return formats
    module = types.ModuleType("IPython.display")
    module.set_matplotlib_formats = own
    ipython_compat.add_missing(module)
    assert module.set_matplotlib_formats is own
    bare = types.ModuleType("IPython.display")
    ipython_compat.add_missing(bare)
    assert bare.set_matplotlib_formats is ipython_compat.set_matplotlib_formats


def test_a_first_import_of_ipython_display_is_completed_as_it_loads(tmp_path):
    # a fresh process: IPython.display is imported by the user's code, through the finder
    script = tmp_path / "first.py"
    script.write_text(
        "import sys\n"
        "print('IPython.display' in sys.modules)\n"
        "from IPython import display\n"
        "display.set_matplotlib_formats('svg')\n"
        "from ndsh.ipython_compat import figure_formats\n"
        "print(figure_formats())\n"
        "print(type(display.__loader__).__name__, display.__spec__.origin.endswith('.py'))\n")
    done = subprocess.run([*NDSH, "run", str(script)], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["False", "(('svg',), {})", "_FinishingLoader True"]


@needs_d2lzh
def test_d2lzh_plots_run_under_ndsh_run_and_draw_where_they_did(tmp_path):
    # MPLBACKEND=Agg as the book runner has it: plt.show() draws nowhere, as before the fix
    script = tmp_path / "plots.py"
    script.write_text(
        "import d2lzh as d2l\nfrom mxnet import nd\n"
        "d2l.set_figsize((3.5, 2.5))\n"
        "d2l.plt.scatter(nd.arange(4).asnumpy(), nd.arange(4).asnumpy(), 1)\n"
        "d2l.semilogy(range(1, 4), [1, 0.1, 0.01], 'epochs', 'loss')\n"
        "d2l.show_fashion_mnist(nd.zeros((2, 28, 28)), ['a', 'b'])\n"
        "print(d2l.plt.rcParams['figure.figsize'])\n")
    done = subprocess.run([*NDSH, "run", str(script)], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, env={**_env(), "MPLBACKEND": "Agg"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[3.5, 2.5]\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plots.py"]


def _env() -> dict:
    import os
    return {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
