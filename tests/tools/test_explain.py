"""explain_grad: each reason a gradient is None or zero, told with the line that caused it."""
from __future__ import annotations

import pytest

from ndsh.engine import autograd, nd
from ndsh.tools.explain import explain_grad

HEAD = "x = nd.ones((2,)); x.attach_grad()\nw = nd.ones((2,)); w.attach_grad()\n"

CASES = {
    "never-attached": ("w = nd.ones((2,))\n", "w", ["attach_grad() was never called on w"]),
    "intermediate": (HEAD + "with autograd.record():\n    h = x * 2\n    y = h.sum()\n"
                     "y.backward()\n", "h", ["intermediate result (multiply at case.nds:4)",
                                             "autograd.grad(head, [h])"]),
    "grad-req-null": ("x = nd.ones((2,)); x.attach_grad(grad_req='null')\n", "x",
                      ["grad_req='null'"]),
    "no-backward": (HEAD + "with autograd.record():\n    y = (x * 2).sum()\n", "x",
                    ["used in a recorded computation at case.nds:4", "no backward has run"]),
    "not-used": (HEAD + "with autograd.record():\n    y = (w * 2).sum()\ny.backward()\n", "x",
                 ["last backward (#1 of y, called at case.nds:5)", "was not used",
                  "leaves it reached: w"]),
    "outside-record": (HEAD + "h = x * 3\nwith autograd.record():\n    y = (w * h).sum()\n"
                       "y.backward()\n", "x", ["outside `autograd.record()` at case.nds:3 "
                                               "(multiply)", "used at case.nds:5"]),
    "detached": (HEAD + "with autograd.record():\n    y = (w * x.detach()).sum()\n"
                 "y.backward()\n", "x", ["only through x.detach() at case.nds:4"]),
    "stop-gradient": (HEAD + "with autograd.record():\n    y = (w * nd.stop_gradient(x)).sum()"
                      "\ny.backward()\n", "x", ["only through stop_gradient at case.nds:4"]),
    "cut": (HEAD + "with autograd.record():\n    h = x * 2\nh.attach_grad()\n"
            "with autograd.record():\n    y = (h * 3).sum()\ny.backward()\n", "x",
            ["cut at case.nds:5", "(multiply at case.nds:4)"]),
    "reset": (HEAD + "with autograd.record():\n    y = (x * 2).sum()\ny.backward()\n"
              "x.attach_grad()\n", "x", ["attach_grad() was called on x again"]),
    "overwritten": (HEAD + "with autograd.record():\n    y = (x * 2).sum()\ny.backward()\n"
                    "with autograd.record():\n    z = (x * 0).sum()\nz.backward()\n", "x",
                    ["#2 of z", "backward #1 had written", "grad_req='write' overwrites"]),
    "zero-flow": ("x = -nd.ones((2,)); x.attach_grad()\nwith autograd.record():\n"
                  "    y = nd.relu(x).sum()\ny.backward()\n", "x", ["reached x", "is zero"]),
    "ok": (HEAD + "with autograd.record():\n    y = (x * 2).sum()\ny.backward()\n", "x",
           ["written by the last backward (#1 of y", "largest magnitude 2"]),
}


@pytest.mark.parametrize("reason", sorted(CASES))
def test_each_reason(run, reason):
    code, name, phrases = CASES[reason]
    run(code, "case.nds")
    explanation = run(f"ndsh.explain_grad({name})")
    assert explanation.reason == reason
    text = " ".join(str(explanation).split())
    assert text.startswith(f"{name}.grad: ")
    for phrase in phrases:
        assert phrase in text


def test_pause_is_named_when_the_source_shows_it(run):
    run(HEAD + "with autograd.record():\n    with autograd.pause():\n        h = x * 3\n"
        "    y = (w * h).sum()\ny.backward()\n", "case.nds")
    explanation = run("ndsh.explain_grad(x)")
    assert explanation.reason == "outside-record"
    assert "under `autograd.pause()` at case.nds:5" in " ".join(str(explanation).split())


def test_outside_ndsh_it_says_what_it_cannot_know():
    x = nd.ones((2,))
    x.attach_grad()
    with autograd.record():
        y = (x * 2).sum()
    y.backward()
    assert explain_grad(x).reason == "not-watched"


def test_non_arrays_are_refused():
    with pytest.raises(TypeError, match="expected an NDArray"):
        explain_grad(3.0)
