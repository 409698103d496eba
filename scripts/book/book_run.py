"""The d2l-zh runner's running side (scripts/book.py imports it from here; book_en.py uses it
through book.py): the run folder and its environment (`prepare`), one section's script run under
a command with a timeout (`run_one`, giving a `Result`), its first error (`first_error`) and
CPU seconds (`cpu_seconds`), and the sections run on a few threads (`run_all`), stopped at once
(`Running`) when the run is cut short: stdout's reader went away, or Ctrl-C.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent import futures
from dataclasses import dataclass

from book_source import Section

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))    # scripts/
SHIM = os.path.join(SCRIPTS, "book", "shim")
GPU_SECTIONS = {"use-gpu", "auto-parallelism", "multiple-gpus", "multiple-gpus-gluon"}
TIME = "/usr/bin/time"       # GNU time: the CPU seconds of a section's process, by rusage


@dataclass
class Result:
    section: Section
    status: str             # pass, fail, timeout, gpu
    seconds: float
    error: str              # the first error, one line ('' when it passed)
    cpu: float | None = None    # user + system seconds of the script's process (and children)


def first_error(stderr: str, script: str) -> str:
    """One line: the exception that ended the script (not the "Exception ignored in" noise
    of objects torn down at exit) and the script line it came from.

    Example:
        >>> first_error('Traceback (most recent call last):\\n  File "a.py", line 3, in <m>\\n'
        ...             'KeyError: 1\\nException ignored in: <f>\\nTraceback (most recent call '
        ...             'last):\\nAttributeError: x', "a.py")
        'KeyError: 1 [line 3]'
    """
    blocks, ignored = [], False             # (traceback text, ignored?) in order
    for line in stderr.splitlines():
        if line.startswith("Exception ignored"):
            ignored = True
        elif line.startswith("Traceback (most recent call last)"):
            blocks.append([[], ignored])
            ignored = False
        elif blocks:
            blocks[-1][0].append(line)
    kept = [b for b, skip in blocks if not skip]
    lines = kept[-1] if kept else [line for line in stderr.splitlines() if line.strip()]
    text = "\n".join(lines)
    where = re.findall(rf'File "[^"]*{re.escape(os.path.basename(script))}", line (\d+)', text)
    error = ""
    for line in reversed(lines):
        if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit|Warning)\b", line):
            error = line.strip()
            break
    if not error:
        error = lines[-1].strip() if lines else "(no output)"
    if where:
        error += f" [line {where[-1]}]"
    return error[:300]


def cpu_seconds(path: str) -> float | None:
    """User + system seconds from the file `/usr/bin/time -f '%U %S' -o path` wrote (None when
    it wrote none: a section killed at its timeout, or no GNU time).

    Example:
        >>> import tempfile
        >>> path = tempfile.mktemp()
        >>> _ = open(path, "w").write("Command exited with non-zero status 1\\n12.50 0.75\\n")
        >>> cpu_seconds(path), cpu_seconds(path + ".missing")
        (13.25, None)
    """
    try:
        with open(path, encoding="utf-8") as fin:
            user, system = fin.read().split()[-2:]
        return round(float(user) + float(system), 2)
    except (OSError, ValueError):
        return None


class Running:
    """The sections' processes running now, so that a run cut short can stop them all: `stop`
    kills each one's process group, and any started after it.

    Example:
        >>> running = Running()
        >>> proc = subprocess.Popen(["sleep", "60"], start_new_session=True)
        >>> running.started(proc)
        >>> running.stop()
        >>> proc.wait(timeout=10) == -signal.SIGKILL
        True
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._procs: set = set()
        self.stopped = False

    def started(self, proc: subprocess.Popen) -> None:
        with self._lock:
            self._procs.add(proc)
            if not self.stopped:
                return
        _kill(proc)

    def finished(self, proc: subprocess.Popen) -> None:
        with self._lock:
            self._procs.discard(proc)

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            procs = list(self._procs)
        for proc in procs:
            _kill(proc)


def _kill(proc: subprocess.Popen) -> None:
    if proc.returncode is None:             # not yet reaped: its pid is still its own
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def run_all(todo: list, run, jobs: int, each) -> list:
    """run(section, running) for each section on `jobs` threads, and each(result) in the
    book's order as they come; the results. When the loop is cut short (each raises, e.g.
    BrokenPipeError when stdout's reader went away, or Ctrl-C), the sections not yet started
    are cancelled and the running ones' processes killed before the error goes on, so that the
    run ends at once instead of running the rest of the book first.

    Example:
        >>> run_all(["a", "b"], lambda s, running: s.upper(), 2, print)
        A
        B
        ['A', 'B']
    """
    results = []
    running = Running()
    with futures.ThreadPoolExecutor(jobs) as pool:
        pending = [pool.submit(run, s, running) for s in todo]
        try:
            for job in pending:
                results.append(job.result())
                each(results[-1])
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            running.stop()
            raise
    return results


def run_one(section: Section, root: str, command: list[str], timeout: float,
            env: dict, running: Running | None = None) -> Result:
    """Run the section's script, saved as root/CHAPTER/NAME.py, as `command NAME.py` in its
    chapter's folder (its output in root/logs/NAME.log), killed after timeout seconds, or
    by running.stop()."""
    folder = os.path.join(root, section.chapter)
    os.makedirs(folder, exist_ok=True)
    script = os.path.join(folder, section.name + ".py")
    with open(script, "w", encoding="utf-8") as fout:
        fout.write(section.code)
    log = os.path.join(root, "logs", section.name + ".log")
    cpu_file = os.path.join(root, "logs", section.name + ".cpu")
    if os.path.exists(cpu_file):
        os.remove(cpu_file)
    if os.access(TIME, os.X_OK):
        command = [TIME, "-f", "%U %S", "-o", cpu_file] + command
    start = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.Popen(command + [os.path.basename(script)], cwd=folder, env=env,
                                stdout=out, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        if running is not None:
            running.started(proc)
        try:
            _, stderr = proc.communicate(timeout=timeout)
            status = "pass" if proc.returncode == 0 else "fail"
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            _, stderr = proc.communicate()
            status = "timeout"
        finally:
            if running is not None:
                running.finished(proc)
        out.write("\n--- stderr ---\n" + stderr)
    seconds = time.perf_counter() - start
    error = "" if status == "pass" else first_error(stderr, script)
    if status == "timeout":
        with open(log, encoding="utf-8", errors="replace") as fin:
            printed = [line.strip() for line in fin.read().split("\n--- stderr ---\n")[0]
                       .splitlines() if line.strip()]
        error = f"timed out after {timeout:.0f} s" + (
            f"; last output: {printed[-1][:120]}" if printed else "")
    elif status == "fail" and section.name in GPU_SECTIONS and re.search(r"gpu|GPU", error):
        status = "gpu"
    return Result(section, status, seconds, error, cpu_seconds(cpu_file))


def prepare(book: str, root: str, compat: bool, data_args: list[str]) -> dict:
    """Fill root with the book's img/, the synthetic data and a HOME; return the run's env."""
    sys.path.insert(0, SCRIPTS)
    import make_book_data
    make_book_data.main(["--book", book, "--root", root] + data_args)
    shutil.copytree(os.path.join(book, "img"), os.path.join(root, "img"), dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.svg", "*.gif", "*.mp4", "frontpage"))
    os.makedirs(os.path.join(root, "logs"), exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("MXNET_HOME", "PYTHONPATH")}
    env.update(HOME=os.path.join(root, "home"), MPLBACKEND="Agg", NO_COLOR="1",
               NDSH_BOOK_SHA1=os.path.join(root, "book-sha1.json"), OMP_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", MXNET_GLUON_REPO="http://127.0.0.1:9/",
               PYTHONPATH=SHIM)
    if compat:
        env["NDSH_BOOK_LOOK_PAST"] = "1"
    return env
