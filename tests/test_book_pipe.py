"""The book runners (scripts/book.py, scripts/book_en.py) piped into a reader that leaves early
(`--list | head -2`) exit quietly with 141, as a shell reports SIGPIPE: no traceback on stderr."""
import doctest
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import book  # noqa: E402


def piped_to_a_closed_reader(args: list[str]) -> tuple[int, str]:
    """Run a script with its stdout a pipe whose read end is closed before it writes (what
    `| head -2` becomes once head has its lines), and give its exit code and stderr."""
    proc = subprocess.Popen([sys.executable] + args, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    proc.stdout.close()
    stderr = proc.stderr.read()
    return proc.wait(timeout=60), stderr


def test_book_en_list_into_a_closed_pipe_exits_quietly(tmp_path):
    (tmp_path / "chapter_x").mkdir()
    (tmp_path / "index.md").write_text("```toc\n:numbered:\nchapter_x/index\n```\n")
    (tmp_path / "chapter_x" / "index.md").write_text("```toc\nsec\n```\n")
    (tmp_path / "chapter_x" / "sec.md").write_text("```{.python .input}\nx = 1\n```\n")
    listed = subprocess.run([sys.executable, "scripts/book_en.py", "--book", str(tmp_path),
                             "--work", str(tmp_path / "work"), "--list"],
                            capture_output=True, text=True, cwd=ROOT)
    assert listed.returncode == 0 and listed.stdout.split() == [
        "1", "chapter_x", "sec", "8", "lines"], listed.stderr
    code, stderr = piped_to_a_closed_reader(["scripts/book_en.py", "--book", str(tmp_path),
                                             "--work", str(tmp_path / "work"), "--list"])
    assert (code, stderr) == (141, "")


def test_book_render_into_a_closed_pipe_exits_quietly(tmp_path):
    run = tmp_path / "run.json"
    run.write_text(json.dumps({"mlp": {"chapter": "chapter_x", "number": 3, "status": "pass",
                                       "seconds": 1.0, "error": ""}}))
    rendered = subprocess.run([sys.executable, "scripts/book.py", "--render", str(run)],
                              capture_output=True, text=True, cwd=ROOT)
    assert rendered.returncode == 0 and "| mlp | pass |" in rendered.stdout, rendered.stderr
    code, stderr = piped_to_a_closed_reader(["scripts/book.py", "--render", str(run)])
    assert (code, stderr) == (141, "")


def test_exit_code_passes_main_s_code_through_and_its_docstring_runs():
    assert book.exit_code(lambda argv: 7) == 7
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner()
    for test in finder.find(book.exit_code, "exit_code", globs=vars(book)):
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0 and runner.tries > 0


def stand_in_book(root: Path, codes: dict[str, str]) -> Path:
    """A d2l-zh work tree of one chapter whose sections are codes {name: code}, with the few
    data files scripts/make_book_data.py cuts short (test_book's stub) and an empty img/."""
    from tests.test_book import shipped_stub
    tree = root / "book"
    for folder in ("chapter_prerequisite", "build", "chapter_x", "img", "data/kaggle_cifar10"):
        (tree / folder).mkdir(parents=True)
    shipped_stub(tree / "data")
    (tree / "build" / "index.rst").write_text("   chapter_x/index\n")
    (tree / "chapter_x" / "index.md").write_text("".join(f"   {n}\n" for n in codes))
    for name, code in codes.items():
        (tree / "chapter_x" / f"{name}.md").write_text(f"```{{.python .input}}\n{code}```\n")
    return tree


def gone(pid: int) -> bool:
    """Whether process pid has ended (and been reaped: by its parent, or soon by init)."""
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_a_book_run_whose_reader_leaves_stops_its_sections_at_once(tmp_path):
    # `book.py | head -2`: the reader leaves after the header; the first section's line then
    # finds no reader. The run must not go on with the rest of the book (three sections of
    # 30 s here, two threads): the ones running are killed (slow1, and slow2 if its thread
    # took it up as the first ended), the one waiting never starts; exit 141, stderr empty.
    go, pids = tmp_path / "go", {n: tmp_path / f"{n}.pid" for n in ("slow1", "slow2", "slow3")}
    slow = {n: f"import os, time\nopen({str(p)!r}, 'w').write(str(os.getpid()))\n"
               "time.sleep(30)\n" for n, p in pids.items()}
    first = (f"import os, time\nwhile not (os.path.exists({str(go)!r}) and "
             f"os.path.exists({str(pids['slow1'])!r})):\n    time.sleep(0.02)\n")
    tree = stand_in_book(tmp_path, {"first": first, **slow})
    proc = subprocess.Popen([sys.executable, "scripts/book.py", "--book", str(tree), "--work",
                             str(tmp_path / "work"), "--jobs", "2", "--runner", sys.executable,
                             "--timeout", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        header = [proc.stdout.readline() for _ in range(2)]
        assert "4 sections; scripts and logs in" in header[1], header
        proc.stdout.close()                 # the reader leaves, then the first section ends
        go.write_text("")
        start = time.monotonic()
        stderr = proc.stderr.read()
        code = proc.wait(timeout=25)
        elapsed = time.monotonic() - start
    finally:
        proc.kill()
    assert (code, stderr) == (141, "")
    assert elapsed < 10, f"{elapsed:.1f} s: the run went on after its reader left"
    assert gone(int(pids["slow1"].read_text())), "slow1 still runs"
    if pids["slow2"].exists():
        assert gone(int(pids["slow2"].read_text())), "slow2 still runs"
    logs = tmp_path / "work" / "run" / "logs"
    assert (logs / "slow1.log").exists() and not (logs / "slow3.log").exists()
    assert not pids["slow3"].exists()
