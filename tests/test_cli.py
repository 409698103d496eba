"""The `ndsh` command through real subprocesses: exit codes, the stdout/stderr split, closed
pipes, colour, argv, stdin, -c, shebang scripts, --echo and the mxnet imports.

Each subprocess costs about 0.3 s of start-up, so assertions are batched per run."""
from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest

ESC = "\x1b["
NDSH = [sys.executable, "-m", "ndsh"]


def clean_env(**extra: str) -> dict:
    """The environment without the variables that change ndsh's output."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "FORCE_COLOR", "NDSH_TRACEBACK", "TERM", "COLUMNS")}
    env.update(extra)
    return env


def ndsh(*args: str, stdin: str = "", cwd=None, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([*NDSH, *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, env=clean_env(**env), timeout=60)


def write(folder, name: str, text: str):
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


ERROR_SCRIPT = """
    print("before")
    a = nd.ones((2, 3))
    b = nd.ones((2, 3), dtype='int32')

    def combine(x, y):
        return x + y

    c = combine(a, b)
    print("never")
"""


def test_runtime_error_exit_1_stdout_stderr_split(tmp_path):
    write(tmp_path, "s.nds", ERROR_SCRIPT)
    result = ndsh("run", "s.nds", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == "before\n"
    assert result.stderr == textwrap.dedent("""\
        Traceback (most recent call last):
          File "s.nds", line 8, in <module>
            c = combine(a, b)
                ^^^^^^^^^^^^^
          File "s.nds", line 6, in combine
            return x + y
                   ^^^^^
        TypeError: add: the operands have different dtypes, float32 and int32, and ndsh (like \
MXNet) does not promote types. Convert the second operand with `.astype('float32')`. In `x + y`, \
x has \
shape (2, 3), dtype float32, on cpu(0); y has shape (2, 3), dtype int32, on cpu(0).
        """)


def test_full_traceback_with_flag_and_env(tmp_path):
    write(tmp_path, "s.nds", ERROR_SCRIPT)
    flagged = ndsh("run", "--traceback", "s.nds", cwd=tmp_path)
    by_env = ndsh("s.nds", cwd=tmp_path, NDSH_TRACEBACK="1")
    for result in (flagged, by_env):
        assert result.returncode == 1
        assert "ndsh/engine" in result.stderr and 'File "s.nds", line 6' in result.stderr
        assert result.stderr.rstrip().endswith("`.astype('float32')`.")


def test_syntax_error_exit_1(tmp_path):
    write(tmp_path, "bad.nds", "x = 1\ny = [1,\n")
    result = ndsh("bad.nds", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == ('  File "bad.nds", line 2\n    y = [1,\n        ^\n'
                             "SyntaxError: '[' was never closed\n")


def test_usage_errors_exit_2(tmp_path):
    missing = ndsh("run", "nope.nds", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.nds" in missing.stderr
    assert "No such file" in missing.stderr and missing.stdout == ""
    unknown = ndsh("run", "--bogus", "s.nds")
    assert unknown.returncode == 2 and "No such option: --bogus" in unknown.stderr
    bad_color = ndsh("--color", "sometimes", "-c", "pass")
    assert bad_color.returncode == 2 and "sometimes" in bad_color.stderr


def test_argv_goes_to_the_script_and_print_is_mxnet_text(tmp_path):
    write(tmp_path, "s.nds", """
        import sys
        print(sys.argv)
        print(nd.arange(3))
    """)
    explicit = ndsh("run", "s.nds", "--lr", "0.1", "-c", "x", "--help", cwd=tmp_path)
    implicit = ndsh("s.nds", "--lr", "0.1", cwd=tmp_path)
    assert explicit.returncode == implicit.returncode == 0
    assert explicit.stdout.startswith("['s.nds', '--lr', '0.1', '-c', 'x', '--help']\n")
    assert implicit.stdout == "['s.nds', '--lr', '0.1']\n\n[0. 1. 2.]\n<NDArray 3 @cpu(0)>\n"
    assert explicit.stderr == implicit.stderr == ""


def test_dash_c_and_stdin():
    one_liner = ndsh("-c", "import sys; print(sys.argv, nd.ones(2).sum().asscalar())", "a", "b")
    assert (one_liner.returncode, one_liner.stdout) == (0, "['-c', 'a', 'b'] 2.0\n")
    piped = ndsh(stdin="import sys\nprint(sys.argv, 1 + 1)\n")
    assert (piped.returncode, piped.stdout) == (0, "[''] 2\n")
    dash = ndsh("run", "-", "x", stdin="import sys\nprint(sys.argv)\nprint(undefined)\n")
    assert dash.returncode == 1 and dash.stdout == "['-', 'x']\n"
    assert 'File "<stdin>", line 3, in <module>' in dash.stderr
    assert "NameError: name 'undefined' is not defined" in dash.stderr


def test_sys_exit_codes_pass_through():
    assert ndsh("-c", "import sys; sys.exit(3)").returncode == 3
    message = ndsh("-c", "raise SystemExit('stopped here')")
    assert (message.returncode, message.stderr) == (1, "stopped here\n")


def test_echo_gives_a_transcript(tmp_path):
    write(tmp_path, "nb.nds", """
        x = nd.arange(4).reshape((2, 2))
        x
        x.shape
        x.sum().asscalar()
        print("printed")
        None
        _
    """)
    result = ndsh("run", "--echo", "nb.nds", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("\n[[0. 1.]\n [2. 3.]]\n<NDArray 2x2 @cpu(0)>\n(2, 2)\n6.0\n"
                             "printed\n6.0\n")
    assert ndsh("nb.nds", cwd=tmp_path).stdout == "printed\n"


MXNET_SCRIPT = """
    import mxnet as mx
    from mxnet import nd as nd1, autograd as ag1
    import mxnet.ndarray as nd2
    from mxnet import ndarray as nd3
    import mxnet.autograd as ag2
    print(mx.__version__)
    print(mx.nd is nd1 is nd2 is nd3 is nd, ag1 is ag2 is autograd)
    print(mx.cpu(), mx.gpu(1), mx.context.num_gpus(), list(mx.test_utils.list_gpus()))
    mx.random.seed(7); a = mx.nd.random.normal(shape=2)
    mx.random.seed(7); print((a == nd.random.normal(shape=2)).sum().asscalar())
    try:
        from mxnet import kvstore
    except ImportError as error:
        print("ImportError:", "not part of ndsh" in str(error))
"""


def test_mxnet_imports_give_the_engine_even_with_a_real_mxnet(tmp_path):
    fake = tmp_path / "site" / "mxnet"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("__version__ = 'the real one'\n")
    write(tmp_path, "m.nds", MXNET_SCRIPT)
    result = ndsh("m.nds", cwd=tmp_path, PYTHONPATH=str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    version, same, contexts, seeded, symbol = result.stdout.splitlines()
    assert version.startswith("ndsh ") and "MXNet 1.9.1 API" in version
    assert (same, contexts, seeded, symbol) == ("True True", "cpu(0) gpu(1) 0 []", "2.0",
                                               "ImportError: True")
    real = ndsh("--no-mxnet-alias", "-c", "import mxnet; print(mxnet.__version__)",
                PYTHONPATH=str(tmp_path / "site"))
    assert real.stdout == "the real one\n"


def test_shebang_script(tmp_path):
    installed = shutil.which("ndsh")
    if installed is None:
        pytest.skip("the ndsh console script is not on PATH")
    script = write(tmp_path, "tool", """
        #!/usr/bin/env ndsh
        import sys
        print(sys.argv[1:], nd.ones(1).asscalar())
    """)
    script.chmod(0o755)
    env = clean_env(PATH=os.path.dirname(installed) + os.pathsep + os.environ["PATH"])
    result = subprocess.run([str(script), "--flag", "1"], capture_output=True, text=True,
                            env=env, timeout=60)
    assert (result.returncode, result.stdout) == (0, "['--flag', '1'] 1.0\n")


def test_closed_pipe_ends_quietly():
    process = subprocess.Popen([*NDSH, "-c", "for i in range(10**6): print(i)"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=clean_env())
    assert process.stdout.readline() == b"0\n"
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert stderr == ""


def test_ctrl_c_exits_130(tmp_path):
    write(tmp_path, "slow.nds", """
        import time
        print("ready", flush=True)
        time.sleep(30)
    """)
    process = subprocess.Popen([*NDSH, "slow.nds"], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=clean_env())
    assert process.stdout.readline() == "ready\n"
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 130
    stderr = process.stderr.read()
    assert stderr.rstrip().endswith("KeyboardInterrupt") and "ndsh/" not in stderr


COLOUR_SCRIPT = "print(nd.ones(1))\nnd.ones(1)\nundefined_name\n"


def test_colour_in_pipes_follows_force_and_no_color(tmp_path):
    write(tmp_path, "c.nds", COLOUR_SCRIPT)
    cases = {(): False, ("FORCE_COLOR", "1"): True}    # empty values: tests/display
    for env, coloured in cases.items():
        result = ndsh("--echo", "c.nds", cwd=tmp_path, **dict([env] if env else []))
        assert result.returncode == 1
        assert (ESC in result.stdout, ESC in result.stderr) == (coloured, coloured), env
        # print() gives MXNet's exact text, coloured or not
        assert result.stdout.startswith("\n[1.]\n<NDArray 1 @cpu(0)>\n")
    both = ndsh("--echo", "c.nds", cwd=tmp_path, NO_COLOR="1", FORCE_COLOR="1")
    assert ESC not in both.stdout + both.stderr
    forced = ndsh("--color", "always", "--echo", "c.nds", cwd=tmp_path, NO_COLOR="1")
    assert ESC in forced.stdout and ESC in forced.stderr


def run_in_pty(args: list[str], env: dict) -> str:
    """Run ndsh with stdout and stderr on a pseudo-terminal; everything it wrote."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=follower,
                               stderr=follower, env=env)
    os.close(follower)
    chunks, deadline = [], time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1)
        if not ready:
            if process.poll() is not None:
                break
            continue
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=30)
    os.close(leader)
    return b"".join(chunks).decode()


def test_colour_at_a_terminal_unless_no_color_or_dumb(tmp_path):
    path = write(tmp_path, "c.nds", COLOUR_SCRIPT)
    args = [*NDSH, "--echo", str(path)]
    assert ESC in run_in_pty(args, clean_env(TERM="xterm"))
    assert ESC not in run_in_pty(args, clean_env(TERM="xterm", NO_COLOR="1"))
    assert ESC not in run_in_pty(args, clean_env(TERM="dumb"))


def test_python_dash_m_usage_says_ndsh():
    result = ndsh("--help")
    assert result.returncode == 0 and result.stdout.startswith("Usage: ndsh ")
    assert "run" in result.stdout and "doc" in result.stdout and ESC not in result.stdout


def test_doc_page_plain_when_piped_and_unknown_names(tmp_path):
    page = ndsh("doc", "nd.dot")
    assert page.returncode == 0 and ESC not in page.stdout
    assert page.stdout.startswith("nd.dot(lhs, rhs, transpose_a=False")
    missing = ndsh("doc", "nd.dott")
    assert missing.returncode == 1 and missing.stdout == ""
    assert "no page for 'nd.dott'" in missing.stderr and "nd.dot" in missing.stderr


def test_doc_never_evaluates_its_argument(tmp_path):
    marker = tmp_path / "ran"
    for name in (f"__import__('os').system('touch {marker}')", f"open('{marker}', 'w')"):
        result = ndsh("doc", name, cwd=tmp_path)
        assert result.returncode == 1
    assert not marker.exists()


def test_run_and_doc_import_neither_prompt_toolkit_nor_jedi(tmp_path):
    write(tmp_path, "empty.nds", "")
    for args in (["run", "empty.nds"], ["doc", "nd.dot"]):
        result = subprocess.run([sys.executable, "-X", "importtime", "-m", "ndsh", *args],
                                cwd=tmp_path, capture_output=True, text=True, env=clean_env())
        assert result.returncode == 0
        imported = {line.rsplit("|", 1)[1].strip().split(".")[0]
                    for line in result.stderr.splitlines() if line.startswith("import time:")}
        assert "numpy" in imported
        assert not imported & {"prompt_toolkit", "jedi"}, args
