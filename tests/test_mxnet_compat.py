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


@pytest.mark.parametrize("code", ["import mxnet.gluon", "from mxnet import gluon",
                                  "import mxnet as mx\nmx.symbol"])
def test_without_mxnet_installed_no_dead_end_is_offered(monkeypatch, code):
    monkeypatch.setattr(mxnet_compat, "installed_mxnet", lambda: None)
    line = _import_error(code)
    assert "is not part of ndsh" in line and "No MXNet is installed here" in line
    assert "--no-mxnet-alias" not in line


def test_with_a_real_mxnet_the_flag_is_offered_with_its_place(monkeypatch):
    monkeypatch.setattr(mxnet_compat, "installed_mxnet", lambda: "/opt/py/mxnet")
    line = _import_error("import mxnet.gluon")
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
    done = subprocess.run([sys.executable, "-m", "ndsh", "-c", "import mxnet.gluon"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1 and "--no-mxnet-alias" not in done.stderr
    site = tmp_path / "site" / "mxnet"
    site.mkdir(parents=True)
    (site / "__init__.py").write_text("")
    env["PYTHONPATH"] = str(tmp_path / "site")
    done = subprocess.run([sys.executable, "-m", "ndsh", "-c", "import mxnet.gluon"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert f"--no-mxnet-alias to import the MXNet installed at {site} instead" in done.stderr
