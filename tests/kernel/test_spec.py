"""`ndsh kernel install / list / remove` (typer's CliRunner, in-process; conftest.py installs
through a real subprocess) into a temporary JUPYTER_DATA_DIR and a --prefix."""
from __future__ import annotations

import json
import os

from typer.testing import CliRunner

from ndsh.cli import app


def _ndsh(*args, data):
    return CliRunner().invoke(app, ["kernel", *args], env={"JUPYTER_DATA_DIR": str(data)})


def test_install_list_remove(tmp_path):
    data = tmp_path / "data"
    done = _ndsh("install", "--user", "--name", "nd-test", data=data)
    assert done.exit_code == 0, done.output
    folder = data / "kernels" / "nd-test"
    assert done.output == f"Installed kernelspec nd-test in {folder}\n"
    spec = json.loads((folder / "kernel.json").read_text())
    assert spec["argv"][1:] == ["-m", "ndsh.kernel", "-f", "{connection_file}"]
    assert spec["display_name"] == "ndsh (MXNet API)" and spec["language"] == "python"
    assert {"logo-32x32.png", "logo-64x64.png", "logo-svg.svg"} <= set(os.listdir(folder))
    listed = _ndsh("list", data=data).output.splitlines()
    assert any(line.split()[:2] == ["nd-test", str(folder)] and
               line.endswith("(ndsh (MXNet API))") for line in listed)
    done = _ndsh("remove", "nd-test", data=data)
    assert done.exit_code == 0 and not folder.exists()
    done = _ndsh("remove", "nd-test", data=data)
    assert done.exit_code == 1 and "no kernelspec named 'nd-test'" in done.output


def test_install_under_a_prefix_and_one_place_only(tmp_path):
    data = tmp_path / "data"
    done = _ndsh("install", "--prefix", str(tmp_path / "env"), data=data)
    assert done.exit_code == 0, done.output
    assert (tmp_path / "env" / "share" / "jupyter" / "kernels" / "ndsh" / "kernel.json").exists()
    done = _ndsh("install", "--user", "--prefix", str(tmp_path), data=data)
    assert done.exit_code == 2 and "one of --user, --sys-prefix, --prefix" in done.output
