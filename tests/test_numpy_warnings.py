"""numpy's RuntimeWarnings ("divide by zero encountered in divide") never come out of ndsh's
own ops: MXNet gives inf / nan silently. numpy called directly from user code still warns."""
from __future__ import annotations

import io
import subprocess
import sys
import warnings

from ndsh.display.console import Output
from ndsh.repl.state import ShellState
from ndsh.session import Session, quiet_own_warnings
from tests.test_cli import clean_env

SLIPS = ("print(nd.ones(2) / 0)\nnd.log(nd.zeros(1))\nprint(nd.array([-1]).sqrt())\n"
         "print(nd.zeros(1) / nd.zeros(1))\n")


def caught(run) -> list[str]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        run()
    return [f"{w.category.__name__}: {w.message}" for w in seen]


def test_ops_in_a_session_do_not_warn_and_numpy_itself_still_does(capsys):
    session = Session(Output(stdout=io.StringIO(), color="never"))
    assert caught(lambda: session.run(SLIPS)) == []
    assert capsys.readouterr().out.count("nan") == 2          # and inf, no error
    assert caught(lambda: session.run("np.ones(1) / 0")) == [
        "RuntimeWarning: divide by zero encountered in divide"]


def test_the_filter_is_taken_out_afterwards_and_user_filters_stay():
    before = list(warnings.filters)
    session = Session(Output(stdout=io.StringIO(), color="never"))
    try:
        session.run("import warnings\nwarnings.filterwarnings('ignore', message='mine')")
        assert warnings.filters[1:] == before
        assert warnings.filters[0][1].pattern == "mine"
    finally:
        warnings.filters[:] = before
        warnings._filters_mutated()
    with quiet_own_warnings(), quiet_own_warnings():       # nested: one filter, kept
        assert len(warnings.filters) == len(before) + 1
    assert warnings.filters == before


def test_the_shell_and_its_magics_do_not_warn():
    state = ShellState(Session(Output(stdout=io.StringIO(), stderr=io.StringIO(),
                                      color="never")))
    import ndsh.repl.magic_builtins  # noqa: F401 - registers %time
    assert caught(lambda: [state.run_cell(line) for line in SLIPS.splitlines()]
                  + [state.run_cell("nd.array([1.0, -1.0]) / 0"),
                     state.run_cell("%time nd.log(nd.zeros(1))")]) == []


def test_ndsh_run_c_and_trace_print_nothing_on_stderr(tmp_path):
    script = tmp_path / "s.nds"
    script.write_text(SLIPS + "x = nd.array([0.0, 1.0])\nx.attach_grad()\n"
                      "with autograd.record():\n    y = (x.log() * x.sqrt()).sum()\n"
                      "y.backward()\nprint(x.grad)\n")
    env = clean_env(PYTHONWARNINGS="default")
    plain = subprocess.run([sys.executable, "-m", "ndsh", "run", str(script)], env=env,
                           capture_output=True, text=True, timeout=60)
    assert plain.returncode == 0 and plain.stderr == "" and "[nan  1.]" in plain.stdout
    traced = subprocess.run([sys.executable, "-m", "ndsh", "run", "--trace", str(script)],
                            env=env, capture_output=True, text=True, timeout=60)
    assert traced.returncode == 0 and "Warning" not in traced.stderr
    assert traced.stderr.startswith("backward #1 at")
    one_liner = subprocess.run([sys.executable, "-m", "ndsh", "-c", "print(nd.ones(2) / 0)"],
                               env=env, capture_output=True, text=True, timeout=60)
    assert one_liner.stderr == "" and "[inf inf]" in one_liner.stdout
