"""`%matplotlib [inline]`: with matplotlib (the optional `[plot]` extra), figures are saved as
figure-N.png and named; without it, one line says how to install it."""
from __future__ import annotations

import sys

import pytest


@pytest.fixture
def pyplot(monkeypatch, tmp_path):
    plt = pytest.importorskip("matplotlib.pyplot",
                              reason="matplotlib is the optional [plot] extra")
    monkeypatch.chdir(tmp_path)
    before = plt.get_backend()
    yield plt
    plt.close("all")
    plt.switch_backend(before)


def test_without_matplotlib_the_magic_says_how_to_get_it(shell, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)        # import fails as if missing
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    shell.run_cell("%matplotlib inline")
    assert shell.out() == ""
    assert shell.err() == ("%matplotlib: matplotlib is not installed: pip install 'ndsh[plot]' "
                           "(or pip install matplotlib). ndsh.plot(y) and ndsh.show(x) draw in "
                           "the terminal without it.\n")
    shell.run_cell("1 + 1")
    assert shell.out() == "Out[2]: 2\n"


def test_inline_saves_each_figure_and_names_it(shell, pyplot, tmp_path):
    for line in ("%matplotlib inline", "%matplotlib", "import matplotlib.pyplot as plt"):
        shell.run_cell(line)
        assert (shell.out(), shell.err()) == ("", "")
    shell.run_cell("plt.plot([1, 3, 2]); plt.show()")
    assert shell.out() == "saved figure-1.png\n" and shell.err() == ""
    assert (tmp_path / "figure-1.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    (tmp_path / "figure-2.png").write_bytes(b"mine")           # never overwritten
    shell.run_cell("fig, ax = plt.subplots()\nax.hist([1, 2, 2, 3])")   # no plt.show(): as a
    assert shell.out().endswith("saved figure-3.png\n")                  # notebook, at the end
    assert (tmp_path / "figure-2.png").read_bytes() == b"mine"
    assert pyplot.get_fignums() == []
    shell.run_cell("plt.figure(); x = 1")                       # nothing drawn: nothing saved
    assert shell.out() == "" and not (tmp_path / "figure-4.png").exists()


def test_a_window_backend_that_cannot_open_is_one_line(shell, pyplot):
    shell.run_cell("%matplotlib nosuchgui")
    err = shell.err()
    assert err.startswith("%matplotlib nosuchgui: ") and err.count("\n") == 1, err
    assert err.endswith("%matplotlib (or inline) saves figures as figure-N.png instead.\n")
