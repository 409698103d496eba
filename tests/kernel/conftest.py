"""A kernelspec installed the way a user installs it (`ndsh kernel install --user`) into a
temporary JUPYTER_DATA_DIR, and one running kernel for the tests of a module."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

jupyter_client = pytest.importorskip("jupyter_client")

NDSH = [sys.executable, "-m", "ndsh"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TIMEOUT = 30


def plain(text: str) -> str:
    """Text without ANSI colour codes."""
    return ANSI.sub("", text)


@pytest.fixture(scope="session")
def jupyter_data(tmp_path_factory):
    """JUPYTER_DATA_DIR for the whole run, with the ndsh kernelspec installed in it."""
    folder = tmp_path_factory.mktemp("jupyter-data")
    # the kernels' runtime files and IPython's profile folder stay out of the home folder too
    private = {"JUPYTER_DATA_DIR": folder, "JUPYTER_RUNTIME_DIR": folder / "runtime",
               "IPYTHONDIR": folder / "ipython"}
    saved = {name: os.environ.get(name) for name in private}
    os.environ.update({name: str(path) for name, path in private.items()})
    done = subprocess.run([*NDSH, "kernel", "install", "--user"], capture_output=True,
                          text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    yield folder
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


class Client:
    """A running ndsh kernel and what a cell produced."""

    def __init__(self, manager, client):
        self.manager, self.client = manager, client

    def execute(self, code: str, timeout: float = TIMEOUT):
        """(the execute_reply's content, [(msg_type, content)] of the cell's IOPub outputs)."""
        outputs = []
        # stop_on_error=False: after an error ipykernel drops the requests already queued,
        # and under load the next cell of a test could be one of them
        reply = self.client.execute_interactive(code, output_hook=outputs.append,
                                                timeout=timeout, stop_on_error=False)
        shown = [(m["msg_type"], m["content"]) for m in outputs
                 if m["msg_type"] not in ("status", "execute_input")]
        return reply["content"], shown

    def request(self, method: str, *args, **kwargs):
        msg_id = getattr(self.client, method)(*args, **kwargs)
        return self.reply_to(msg_id)["content"]

    def reply_to(self, msg_id: str):
        """The shell reply to `msg_id` (replies to earlier requests are passed over)."""
        while True:
            reply = self.client.get_shell_msg(timeout=TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply


@pytest.fixture(scope="module")
def kernel(jupyter_data, tmp_path_factory):
    from jupyter_client.manager import start_new_kernel
    folder = tmp_path_factory.mktemp("kernel-cwd")
    manager, client = start_new_kernel(kernel_name="ndsh", startup_timeout=TIMEOUT,
                                       cwd=str(folder))
    try:
        yield Client(manager, client)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
