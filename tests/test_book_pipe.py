"""The book runners (scripts/book.py, scripts/book_en.py) piped into a reader that leaves early
(`--list | head -2`) exit quietly with 141, as a shell reports SIGPIPE: no traceback on stderr."""
import doctest
import json
import subprocess
import sys
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
