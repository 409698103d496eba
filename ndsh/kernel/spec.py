"""The kernelspec: what `ndsh kernel install` registers where Jupyter looks (as
`python -m ipykernel install` does for IPython's kernel), `list` and `remove`. jupyter_client
finds the folders (JUPYTER_DATA_DIR, --user, --sys-prefix, --prefix) and copies the files.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from typing import Any

NAME = "ndsh"
DISPLAY_NAME = "ndsh (MXNet API)"
RESOURCES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "resources")


def kernel_json(display_name: str = DISPLAY_NAME, python: str | None = None) -> dict[str, Any]:
    """The kernel.json: this Python starting `ndsh.kernel`, interrupted by SIGINT.

    Example:
        >>> spec = kernel_json(python="/venv/bin/python")
        >>> spec["argv"], spec["language"], spec["display_name"]
        (['/venv/bin/python', '-m', 'ndsh.kernel', '-f', '{connection_file}'], 'python', \
'ndsh (MXNet API)')
    """
    return {"argv": [python or sys.executable, "-m", "ndsh.kernel", "-f", "{connection_file}"],
            "display_name": display_name, "language": "python", "interrupt_mode": "signal",
            "metadata": {"debugger": False}}


def install(user: bool = False, prefix: str | None = None, name: str = NAME,
            display_name: str | None = None) -> str:
    """Install the kernelspec `name` (for this user, or under `prefix`, or system-wide when
    neither); the folder it went to. An older spec of that name is replaced."""
    from jupyter_client.kernelspec import KernelSpecManager
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, name)
        os.makedirs(source)
        for logo in os.listdir(RESOURCES):
            shutil.copy(os.path.join(RESOURCES, logo), source)
        with open(os.path.join(source, "kernel.json"), "w") as file:
            json.dump(kernel_json(display_name or DISPLAY_NAME), file, indent=1)
        return KernelSpecManager().install_kernel_spec(source, kernel_name=name, user=user,
                                                       prefix=prefix)


def installed() -> dict[str, tuple[str, str]]:
    """Every kernelspec Jupyter finds: name -> (folder, display name)."""
    from jupyter_client.kernelspec import KernelSpecManager
    manager = KernelSpecManager()
    found = {}
    for name, folder in sorted(manager.find_kernel_specs().items()):
        try:
            display = manager.get_kernel_spec(name).display_name
        except Exception:             # a broken kernel.json: list it all the same
            display = "?"
        found[name] = (folder, display)
    return found


def remove(name: str = NAME) -> str:
    """Remove the kernelspec `name`; the folder removed. KeyError when there is none."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    try:
        return KernelSpecManager().remove_kernel_spec(name)
    except NoSuchKernel:
        raise KeyError(name) from None
