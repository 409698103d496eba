"""Tracing and graphs cost nothing unless asked for: the engine has no listener outside a
Session, `import ndsh` loads no rich, and a Session's watcher leaves when its code is done."""
from __future__ import annotations

import subprocess
import sys

from ndsh.engine import hooks


def test_engine_and_package_import_without_rich_or_the_tools():
    code = ("import sys, ndsh; from ndsh import nd, autograd; "
            "x = nd.ones((2,)); x.attach_grad()\n"
            "with autograd.record():\n    y = (x * 2).sum()\n"
            "y.backward()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('rich', 'prompt_toolkit', 'typer') or m.startswith('ndsh.tools')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_nobody_listens_outside_a_session(run):
    assert not hooks.ACTIVE
    run("y = nd.ones((2,)) * 2")
    assert not hooks.ACTIVE and hooks.on_record is hooks._nobody


def test_listeners_are_bound_directly_and_unbound_after():
    class Watcher:
        def __init__(self):
            self.seen = []

        def on_record(self, node):
            self.seen.append(node)

    one, two = Watcher(), Watcher()
    hooks.add_observer(one)
    try:
        assert hooks.on_record == one.on_record and hooks.on_backward is hooks._nobody
        hooks.add_observer(two)
        hooks.on_record("node")
        assert one.seen == two.seen == ["node"]
    finally:
        hooks.remove_observer(one)
        hooks.remove_observer(two)
    assert not hooks.ACTIVE and hooks.on_record is hooks._nobody


def test_a_watched_backward_frees_the_graph_as_it_goes():
    """The Session's watcher (source lines, frozen graph shapes) lets backward free each node
    and reuse its buffers, as an unwatched backward does: `ndsh run` keeps the same peak
    memory as plain Python. Only a keeps_graph observer (the tracer) holds the graph whole."""
    import tracemalloc

    import numpy as np

    from ndsh import nd
    from ndsh.engine import autograd
    from ndsh.tools.provenance import watching
    from ndsh.tools.tracing import Tracer

    big = np.random.default_rng(0).random(1 << 20, dtype=np.float32)

    def backward_peak():
        x = nd.array(big)
        x.attach_grad()
        with autograd.record():
            y = (x * 2 + 1).exp().sum()
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        y.backward()
        peak = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
        np.testing.assert_allclose(x.grad.asnumpy(), 2 * np.exp(big * 2 + 1), rtol=1e-5)
        return peak, y

    with watching() as seen:
        assert hooks.ACTIVE and not hooks.KEEPS_GRAPH
        peak, y = backward_peak()
        assert y._node.freed and seen.frozen_inputs     # freed, its shape kept for graph()
    assert peak < 1.5 * big.nbytes                      # exp's saved result became the grad
    tracer = Tracer(lambda trace: None)
    hooks.add_observer(tracer)
    try:
        assert hooks.KEEPS_GRAPH
        kept_peak, _ = backward_peak()
    finally:
        hooks.remove_observer(tracer)
    assert not hooks.KEEPS_GRAPH and kept_peak > 1.5 * big.nbytes
