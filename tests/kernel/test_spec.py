"""`ndsh kernel install / list / remove`, as a user types them (a real subprocess), into a
temporary JUPYTER_DATA_DIR and a --prefix."""
from __future__ import annotations

import json
import os
import subprocess

from tests.kernel.conftest import NDSH, TIMEOUT


def _ndsh(*args, env):
    return subprocess.run([*NDSH, "kernel", *args], capture_output=True, text=True,
                          timeout=TIMEOUT, env=env)


def test_install_list_remove(tmp_path):
    env = {**os.environ, "JUPYTER_DATA_DIR": str(tmp_path / "data")}
    done = _ndsh("install", "--user", "--name", "nd-test", env=env)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "data" / "kernels" / "nd-test"
    assert done.stdout == f"Installed kernelspec nd-test in {folder}\n"
    spec = json.loads((folder / "kernel.json").read_text())
    assert spec["argv"][1:] == ["-m", "ndsh.kernel", "-f", "{connection_file}"]
    assert spec["display_name"] == "ndsh (MXNet API)" and spec["language"] == "python"
    assert {"logo-32x32.png", "logo-64x64.png", "logo-svg.svg"} <= set(os.listdir(folder))
    listed = _ndsh("list", env=env).stdout.splitlines()
    assert any(line.split()[:2] == ["nd-test", str(folder)] and
               line.endswith("(ndsh (MXNet API))") for line in listed)
    done = _ndsh("remove", "nd-test", env=env)
    assert done.returncode == 0 and not folder.exists()
    done = _ndsh("remove", "nd-test", env=env)
    assert done.returncode == 1 and "no kernelspec named 'nd-test'" in done.stderr


def test_install_under_a_prefix_and_one_place_only(tmp_path):
    env = {**os.environ, "JUPYTER_DATA_DIR": str(tmp_path / "data")}
    done = _ndsh("install", "--prefix", str(tmp_path / "env"), env=env)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "env" / "share" / "jupyter" / "kernels" / "ndsh" / "kernel.json").exists()
    done = _ndsh("install", "--user", "--prefix", str(tmp_path), env=env)
    assert done.returncode == 2 and "one of --user, --sys-prefix, --prefix" in done.stderr
