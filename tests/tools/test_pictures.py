"""Pictures at a fixed width: heatmap, sparkline, row of heatmaps, line, scatter and histogram
plots; plain in pipes and under NO_COLOR, coloured at a terminal; save= without matplotlib."""
from __future__ import annotations

import io
import re
import sys

import numpy as np
import pytest

from ndsh.display.console import Output
from ndsh.engine import nd
from ndsh.tools.output import using_output
from ndsh.tools.pictures import plot, show
from tests.tools.conftest import check_golden

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def drawn(draw, color: bool = False, environ: dict | None = None) -> str:
    stream = Terminal() if color or environ else io.StringIO()
    output = Output(stdout=stream, color="auto" if environ else "always" if color else "never",
                    environ=environ if environ is not None else {"COLORTERM": "truecolor"})
    with using_output(output):
        draw()
    return stream.getvalue()


WAVE = nd.array(np.outer(np.sin(np.linspace(0, 3, 6)), np.cos(np.linspace(0, 3, 8))))
RAMP = nd.array(np.sin(np.linspace(0, 6, 24)))
CUBE = nd.arange(3 * 4 * 5).reshape((3, 4, 5))


def test_pictures_plain_at_a_fixed_width():
    text = drawn(lambda: (show(WAVE, width=60), show(RAMP, width=60), show(CUBE, width=60)))
    check_golden("pictures_plain.txt", text)
    assert "\x1b" not in text
    assert "scale: '.' = -0.9738 ... '@' = 0.9738" in text
    assert "[0]" in text and "[2]" in text


def test_pictures_in_colour():
    text = drawn(lambda: (show(WAVE, width=60), show(CUBE, width=60)), color=True)
    assert "\x1b[38;2;" in text and "▀" in text          # truecolor half blocks
    assert "(0 in the middle)" in text                    # a diverging scale for +/- data
    check_golden("pictures_colour_stripped.txt", ANSI.sub("", text))


def test_no_color_at_a_terminal_gives_plain_characters():
    text = drawn(lambda: show(WAVE, width=60), environ={"NO_COLOR": "1"})
    assert "\x1b" not in text and "▀" not in text and "@" in text


def test_plots_plain_at_a_fixed_width():
    y, z = nd.array(np.sin(np.linspace(0, 6, 40))), nd.array(np.cos(np.linspace(0, 6, 40)))
    normal = nd.array(np.random.default_rng(0).normal(size=500))
    text = drawn(lambda: (plot(y, z, width=50, height=8),
                          plot(y, z, kind="scatter", width=50, height=6),
                          plot(normal, kind="hist", bins=10, width=50, height=6)))
    check_golden("plots_plain.txt", text)
    assert "* y   o z" in text


def test_plots_in_colour_use_braille_and_one_colour_a_series():
    y = nd.array(np.sin(np.linspace(0, 6, 40)))
    text = drawn(lambda: plot(y, y * 2, width=50, height=6), color=True)
    assert re.search("[\u2801-\u28ff]", text)
    assert "\x1b[36m" in text and "\x1b[35m" in text     # cyan and magenta series


def test_one_value_nan_and_bad_input():
    text = drawn(lambda: (show(nd.array([7.0]), width=40),
                          show(nd.array([1.0, float("nan"), 3.0]), width=40)))
    assert "min 7  max 7" in text and "(1 NaN/Inf, drawn as ?)" in text and "?" in text
    with pytest.raises(ValueError, match="1-, 2- and 3-d"):
        drawn(lambda: show(nd.zeros((1, 1, 1, 2))))
    with pytest.raises(ValueError, match="kind must be"):
        plot(RAMP, kind="pie")


@pytest.mark.parametrize("draw", [lambda path: plot(RAMP, save=path),
                                  lambda path: show(RAMP, save=path),
                                  lambda path: show(nd.ones((2, 2)), save=path)],
                         ids=["plot", "show-1d", "show-2d"])
def test_save_without_matplotlib_says_how_to_get_it(monkeypatch, tmp_path, draw):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ModuleNotFoundError) as raised:
        draw(str(tmp_path / "f.png"))
    message = str(raised.value)
    assert "needs" not in message and "\n" not in message
    assert "matplotlib, which is not installed: it is an optional extra of ndsh, installed " \
           "with pip install 'ndsh[plot]'" in message
    assert not (tmp_path / "f.png").exists()


def test_save_writes_an_image_with_matplotlib(tmp_path):
    pytest.importorskip("matplotlib")
    plot(RAMP, RAMP * 2, save=str(tmp_path / "f.png"))
    assert (tmp_path / "f.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 4), (1,)])
def test_show_saves_an_image_as_the_docs_say(tmp_path, shape):
    """The user's report: docs/tools.md documents ndsh.show(x, save="f.png"); it raised
    TypeError."""
    pytest.importorskip("matplotlib")
    x = nd.array(np.arange(np.prod(shape), dtype=np.float32).reshape(shape) - 3)
    assert drawn(lambda: show(x, save=str(tmp_path / "f.png"))) == ""
    assert (tmp_path / "f.png").read_bytes()[:4] == b"\x89PNG"


def test_saving_leaves_the_users_matplotlib_backend_alone(tmp_path):
    matplotlib = pytest.importorskip("matplotlib")
    backend = matplotlib.get_backend()
    show(nd.ones((2, 2)), save=str(tmp_path / "a.png"))
    plot(RAMP, save=str(tmp_path / "b.png"))
    assert matplotlib.get_backend() == backend


def test_show_save_refuses_what_is_not_an_array(run, tmp_path):
    run("x = nd.ones(2)\nx.attach_grad()\nwith autograd.record():\n    y = x * 2\n")
    with pytest.raises(TypeError, match="writes arrays as images; a Graph is drawn in the "
                                        "terminal only"):
        show(run("ndsh.graph(y)"), save=str(tmp_path / "g.png"))
    with pytest.raises(ValueError, match="1-, 2- and 3-d"):
        show(nd.zeros((1, 1, 1, 2)), save=str(tmp_path / "g.png"))
    assert not (tmp_path / "g.png").exists()
