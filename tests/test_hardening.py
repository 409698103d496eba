"""Hardening (issue 6, item 4): absurd allocations give a message with the size, huge arrays
print at once, broken pipes end quietly, Ctrl-C during a save loses nothing, and a damaged
history file never stops the shell from starting. The shell and `ndsh run` are driven in child
processes, as a user would run them."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from ndsh import nd

NDSH = [sys.executable, "-m", "ndsh"]
POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="signals and ptys are POSIX")


def _run_script(tmp_path, text: str, **kwargs) -> subprocess.CompletedProcess:
    (tmp_path / "s.nds").write_text(text)
    return subprocess.run(NDSH + ["run", "s.nds"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, **kwargs)


# ----- the engine -------------------------------------------------------------------------
@pytest.mark.parametrize("make", [
    lambda: nd.zeros((10**6, 10**6)), lambda: nd.ones((10**6, 10**6)),
    lambda: nd.full((10**6, 10**6), 3), lambda: nd.empty((10**6, 10**6)),
    lambda: nd.random.normal(shape=(10**6, 10**6))],
    ids=["zeros", "ones", "full", "empty", "random.normal"])
def test_absurd_allocation_names_the_shape_and_size_at_once(make):
    started = time.perf_counter()
    with pytest.raises(MemoryError) as caught:
        make()
    assert time.perf_counter() - started < 0.5
    assert "(1000000, 1000000)" in str(caught.value) and "3.6" in str(caught.value)
    assert "TiB" in str(caught.value)


def test_absurd_allocation_size_does_not_overflow():
    with pytest.raises(MemoryError, match="PiB"):
        nd.zeros((2**62, 4))
    with pytest.raises(MemoryError, match=r"\(9223372036854775808, 2\)"):
        nd.zeros((2**63, 2))


@pytest.mark.parametrize("shape", [(10**8,), (10**4, 10**4)])
def test_printing_a_huge_array_is_summarised_at_once(shape):
    x = nd.zeros(shape)                      # untouched zero pages: cheap to create
    started = time.perf_counter()
    text = repr(x)
    assert time.perf_counter() - started < 0.5
    assert "..." in text and len(text) < 2000


# ----- ndsh run ---------------------------------------------------------------------------
def test_memory_error_in_a_script_reports_the_size_and_exits_1(tmp_path):
    done = _run_script(tmp_path, "x = nd.zeros((10**6, 10**6))\nprint('after')\n")
    assert done.returncode == 1
    assert "MemoryError" in done.stderr and "TiB" in done.stderr and "(1000000, 1000000)" in \
        done.stderr
    assert 'File "s.nds", line 1' in done.stderr and "ndsh/engine" not in done.stderr
    assert "after" not in done.stdout


@POSIX_ONLY
def test_broken_pipe_ends_quietly(tmp_path):
    (tmp_path / "s.nds").write_text("for i in range(100000):\n    print(nd.ones(3))\n")
    writer = subprocess.Popen(NDSH + ["run", "s.nds"], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    reader = subprocess.Popen(["head", "-1"], stdin=writer.stdout, stdout=subprocess.PIPE)
    writer.stdout.close()                    # only `head` holds the read end now
    reader.communicate(timeout=60)
    stderr = writer.communicate(timeout=60)[1].decode()
    assert stderr == ""
    assert writer.returncode in (0, 141, -signal.SIGPIPE)


@POSIX_ONLY
@pytest.mark.parametrize("delay", [0.0, 0.07, 0.2])
def test_ctrl_c_during_a_save_keeps_the_file_whole(tmp_path, delay):
    target = tmp_path / "params"
    nd.save(target, [nd.array([1, 2, 3])])
    (tmp_path / "s.nds").write_text(
        "big = nd.ones((2000, 2000))\nprint('ready', flush=True)\n"
        f"while True:\n    nd.save({str(target)!r}, [big])\n")
    child = subprocess.Popen(NDSH + ["run", "s.nds"], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "ready\n"
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    stderr = child.communicate(timeout=60)[1]
    assert child.returncode == 130 and "KeyboardInterrupt" in stderr
    assert [a.shape for a in nd.load(target)] in ([(3,)], [(2000, 2000)])
    assert sorted(os.listdir(tmp_path)) == ["params", "s.nds"]


# ----- the shell --------------------------------------------------------------------------
def _shell(tmp_path, history: str):
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ, NDSH_HISTORY=history, TERM="dumb", NO_COLOR="1",
               XDG_STATE_HOME=str(tmp_path / "state"))
    child = pexpect.spawn(NDSH[0], NDSH[1:], env=env, encoding="utf-8", timeout=30,
                          dimensions=(24, 100))
    child.expect(r"In \[1\]: ")
    return child


def _garbage_history(tmp_path):
    path = tmp_path / "history"
    path.write_bytes(b"\xff\xfe\x00 not utf-8\n+x = \x00\n# \n+" + os.urandom(64))
    return str(path)


@POSIX_ONLY
@pytest.mark.parametrize("history", [
    _garbage_history, lambda p: str(p), lambda p: str(p / "missing" / "dir" / "history"),
    lambda p: os.devnull + "/history"],
    ids=["garbage", "a_directory", "missing_folder", "not_a_folder"])
def test_shell_starts_whatever_the_history_file(tmp_path, history):
    child = _shell(tmp_path, history(tmp_path))
    try:
        child.sendline("6 * 7")
        child.expect("42")
    finally:
        child.close(force=True)


@POSIX_ONLY
def test_memory_error_at_the_prompt_shows_the_size_and_the_shell_goes_on(tmp_path):
    child = _shell(tmp_path, str(tmp_path / "history"))
    try:
        child.sendline("nd.zeros((10**6, 10**6))")
        child.expect("MemoryError: .*3.6 TiB")
        child.sendline("6 * 7")
        child.expect("42")
    finally:
        child.close(force=True)
