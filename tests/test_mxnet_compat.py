"""`import mxnet.X` for a part ndsh lacks says what is true on this machine: the way out
(--no-mxnet-alias) only where a real MXNet is installed to import instead."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from ndsh import mxnet_compat
from ndsh.display.console import Output
from ndsh.session import Session


def _import_error(code: str) -> str:
    outcome = Session(Output(stdout=io.StringIO(), color="never")).run(code, filename="m.nds")
    assert isinstance(outcome.error, (ImportError, AttributeError))
    return next(line for line in outcome.report.plain().splitlines()
                if line.startswith(("ImportError: ", "AttributeError: ")))


@pytest.mark.parametrize("code", ["import mxnet.kvstore", "from mxnet import kvstore",
                                  "import mxnet as mx\nmx.kvstore"])
def test_without_mxnet_installed_no_dead_end_is_offered(monkeypatch, code):
    monkeypatch.setattr(mxnet_compat, "installed_mxnet", lambda: None)
    line = _import_error(code)
    assert "is not part of ndsh" in line and "No MXNet is installed here" in line
    assert "--no-mxnet-alias" not in line


def test_with_a_real_mxnet_the_flag_is_offered_with_its_place(monkeypatch):
    monkeypatch.setattr(mxnet_compat, "installed_mxnet", lambda: "/opt/py/mxnet")
    line = _import_error("import mxnet.kvstore")
    assert line.endswith("Run ndsh with --no-mxnet-alias to import the MXNet installed at "
                         "/opt/py/mxnet instead.")


def test_installed_mxnet_looks_past_the_alias(tmp_path, monkeypatch):
    with mxnet_compat.mxnet_alias():
        assert mxnet_compat.installed_mxnet() is None      # this machine: numpy 2, no MXNet
        (tmp_path / "mxnet").mkdir()
        (tmp_path / "mxnet" / "__init__.py").write_text("")
        monkeypatch.syspath_prepend(str(tmp_path))
        assert mxnet_compat.installed_mxnet() == str(tmp_path / "mxnet")


def test_ndsh_run_says_the_same(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("NDSH_TRACEBACK", "PYTHONPATH")}
    done = subprocess.run([sys.executable, "-m", "ndsh", "-c", "import mxnet.kvstore"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1 and "--no-mxnet-alias" not in done.stderr
    site = tmp_path / "site" / "mxnet"
    site.mkdir(parents=True)
    (site / "__init__.py").write_text("")
    env["PYTHONPATH"] = str(tmp_path / "site")
    done = subprocess.run([sys.executable, "-m", "ndsh", "-c", "import mxnet.kvstore"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert f"--no-mxnet-alias to import the MXNet installed at {site} instead" in done.stderr


GLUON_SCRIPT = """
import sys
import mxnet as mx
from mxnet import gluon, init
from mxnet.gluon import nn
import mxnet.gluon.nn as nn2
import mxnet.gluon.parameter
print(nn is nn2 is gluon.nn is mx.gluon.nn, init is mx.init is mx.initializer)
print(mxnet.gluon.parameter.Parameter is gluon.Parameter, mx.name.NameManager.__name__)
net = nn.Dense(2, in_units=3); net.initialize(mx.init.One())
print(net(mx.nd.ones((1, 3))).asnumpy().tolist())
try:
    import mxnet.gluon.nope
except ImportError as error:
    print("ImportError:", "mxnet.gluon.nope is not part of ndsh" in str(error))
"""


def test_gluon_inside_ndsh(capsys):
    outcome = Session(Output(stdout=io.StringIO(), color="never")).run(GLUON_SCRIPT,
                                                                       filename="g.nds")
    assert outcome.error is None, outcome.report.plain()
    assert capsys.readouterr().out.splitlines() == ["True True", "True NameManager", "[[3.0, 3.0]]",
                                              "ImportError: True"]


def test_gluon_modules_aliased_during_a_session_are_forgotten_after():
    with mxnet_compat.mxnet_alias():
        import mxnet.gluon.parameter  # noqa: F401
        assert sys.modules["mxnet.gluon.parameter"] is sys.modules["ndsh.gluon.parameter"]
    assert "mxnet.gluon.parameter" not in sys.modules and "mxnet.gluon" not in sys.modules
    from ndsh.gluon import parameter
    assert parameter.__spec__.name == "ndsh.gluon.parameter"     # its own spec, kept


def test_mx_contrib_has_the_older_autograd_api_and_contrib_nd():
    # MXNet 1.9.1 ships mx.contrib.autograd (train_section, compute_gradient...) and
    # mx.contrib.ndarray (= nd.contrib); its own tests use both
    from ndsh.engine import autograd, nd
    from ndsh.mxnet_compat import mxnet as mx
    assert mx.contrib.ndarray is nd.contrib and mx.contrib.nd.CTCLoss is nd.contrib.CTCLoss
    x, dx = nd.array([1.0, 2.0]), nd.zeros((2,))
    mx.contrib.autograd.mark_variables([x], [dx])
    with mx.contrib.autograd.train_section():
        assert autograd.is_recording() and autograd.is_training()
        y = x * x
        with mx.contrib.autograd.test_section():
            assert not autograd.is_recording()
    mx.contrib.autograd.compute_gradient([y])
    assert dx.asnumpy().tolist() == [2.0, 4.0]
    grads, loss = mx.contrib.autograd.grad_and_loss(lambda a, b: a * b, argnum=1)(
        nd.array([3.0]), nd.array([4.0]))
    assert [g.asscalar() for g in grads] == [3.0] and loss.asscalar() == 12.0


NP_SHAPE_SCRIPT = """
import mxnet as mx
from mxnet import npx
print(mx.util.is_np_shape())
print(mx.util.set_np_shape(True), mx.util.is_np_shape(), npx.is_np_shape(), npx.is_np_array())
print(mx.util.set_np_shape(False))
with mx.util.np_shape(True):
    print('in', mx.util.is_np_shape())
print('out', mx.util.is_np_shape())
npx.set_np(); print(mx.util.is_np_shape())
"""


def test_mx_util_np_shape_switch_reports_as_mxnet_does(capsys):
    # what MXNet 1.9.1 printed for this script (the oracle venv, numpy 1.23.5)
    outcome = Session(Output(stdout=io.StringIO(), color="never")).run(NP_SHAPE_SCRIPT,
                                                                       filename="s.nds")
    assert outcome.error is None, outcome.report.plain()
    assert capsys.readouterr().out.splitlines() == [
        "False", "False True True False", "True", "in True", "out False", "True"]
