"""Gradient tracing: the golden trace of a backward that meets a NaN, JSON lines, the flag,
and `ndsh run --trace` end to end."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import numpy as np
import pytest

from ndsh.engine import autograd, hooks, nd
from ndsh.tools.tracing import is_tracing, set_trace, trace
from tests.tools.conftest import check_golden

NAN_SCRIPT = """
    x = nd.array([4., 0., 1.])
    x.attach_grad()
    w = nd.array([1., 2., 3.])
    w.attach_grad()
    with ndsh.trace():
        with autograd.record():
            r = nd.sqrt(x)          # the gradient of sqrt at 0 is inf
            y = r * w
            loss = (y * y).sum()
        loss.backward()
"""


def test_trace_of_a_backward_meeting_a_nan(run):
    with np.errstate(all="ignore"):
        run(NAN_SCRIPT, "nan.nds")
    check_golden("trace_nan.txt", run.err)
    marked = run.err.splitlines()[5]
    assert re.search(r"4  sqrt\s+nan.nds:8\s+\(3,\)", marked) and "<- NaN appears here" in marked
    assert "input x = [4. 0. 1.]" in run.err


def test_trace_as_json_lines(run):
    stream = io.StringIO()
    run.ns["stream"] = stream
    with np.errstate(all="ignore"):
        run(NAN_SCRIPT.replace("ndsh.trace()", "ndsh.trace(file=stream)"), "nan.nds")
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [r["event"] for r in records] == ["backward", "node", "node", "node", "node",
                                             "leaf", "leaf", "nonfinite"]
    culprit = records[-1]
    assert (culprit["op"], culprit["where"], culprit["kind"]) == ("sqrt", "nan.nds:8", "NaN")
    assert culprit["inputs"][0]["values"]["first"] == [4.0, 0.0, 1.0]
    leaves = {r["name"]: r for r in records if r["event"] == "leaf"}
    assert leaves["x"]["finite"] is False and leaves["w"]["finite"] is True
    assert run.err == ""


def test_a_clean_backward_marks_nothing():
    x = nd.array([1., 2.])
    x.attach_grad()
    stream = io.StringIO()
    with trace(file=stream):
        with autograd.record():
            y = (x * x).sum()
        y.backward()
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert all(r.get("finite", True) for r in records)
    assert not any(r["event"] == "nonfinite" or "mark" in r for r in records)


def test_a_nan_head_is_reported_as_coming_from_the_forward(run):
    with np.errstate(all="ignore"):
        run("""
            x = nd.array([-1., 1.]); x.attach_grad()
            with ndsh.trace():
                with autograd.record():
                    y = nd.log(x).sum()
                y.backward()
        """, "head.nds")
    assert "already non-finite" in run.err and "forward pass" in run.err


def test_set_trace_switches_and_tracing_stops_listening():
    assert not hooks.ACTIVE and not is_tracing()
    assert set_trace(True, file=io.StringIO()) is False
    assert is_tracing() and hooks.ACTIVE
    assert set_trace(False) is True
    assert not is_tracing() and not hooks.ACTIVE


@pytest.mark.parametrize("options", [["run", "--trace"], ["--trace"]])
def test_ndsh_run_trace_goes_to_stderr(tmp_path, options):
    script = tmp_path / "t.nds"
    script.write_text("x = nd.array([1., 2.]); x.attach_grad()\n"
                      "with autograd.record():\n    y = (x * 3).sum()\n"
                      "y.backward()\nprint(x.grad.asnumpy())\n")
    done = subprocess.run([sys.executable, "-m", "ndsh", *options, str(script)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[3. 3.]\n"
    assert "backward #1 at t.nds:4 of y (1,)" in done.stderr
    assert "multiply  t.nds:3" in done.stderr


def test_ndsh_run_trace_file_writes_json_lines(tmp_path):
    script = tmp_path / "t.nds"
    script.write_text("x = nd.array([1., 2.]); x.attach_grad()\n"
                      "with autograd.record():\n    y = (x * 3).sum()\ny.backward()\n")
    out = tmp_path / "trace.jsonl"
    done = subprocess.run([sys.executable, "-m", "ndsh", "run", "--trace-file", str(out),
                           str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == ""
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert records[0]["called_at"] == "t.nds:4"
    assert [r["op"] for r in records if r["event"] == "node"] == ["sum", "multiply"]


def test_a_script_that_exits_leaves_the_trace_closed_cleanly(tmp_path):
    """sys.exit() in a traced script: the trace is switched off before ndsh exits (it was
    closed at interpreter shutdown, printing an AttributeError from tracing.py)."""
    script = tmp_path / "t.nds"
    script.write_text("x = nd.array([1., 2.]); x.attach_grad()\n"
                      "with autograd.record():\n    y = (x * 3).sum()\ny.backward()\n"
                      "import sys\nsys.exit(0)\n")
    out = tmp_path / "trace.jsonl"
    for options in (["run", "--trace"], ["run", "--trace-file", str(out)]):
        done = subprocess.run([sys.executable, "-m", "ndsh", *options, str(script)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0
        assert "Error" not in done.stderr and "Exception" not in done.stderr, done.stderr
    assert out.read_text().count('"event"') >= 3
