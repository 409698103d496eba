"""Observers of the engine, for tracing and graphs. Free when nobody listens: the engine checks
the one flag ACTIVE before calling any of them."""
from __future__ import annotations

ACTIVE = False
KEEPS_GRAPH = False     # an observer reads the whole graph and its gradients at on_backward_end
_observers: list = []

EVENTS = ("on_record", "on_backward_begin", "on_backward", "on_backward_end",
          "on_backward_done", "on_unrecorded", "on_cut")


def add_observer(observer) -> None:
    """Register an object with any of on_record(node), on_backward_begin(heads),
    on_backward(node, grad), on_backward_end(heads, leaf_grads) (before the graph is freed),
    on_backward_done(heads, leaf_grads) (after backward() wrote the .grad buffers),
    on_unrecorded(op, inputs, result) (an op that ran while not recording, or a
    non-differentiable one), on_cut(array) (attach_grad on a recorded result).

    Backward frees each node once its gradient has moved on, and may reuse gradient buffers:
    an observer that reads nodes' inputs or keeps gradients until on_backward_end says
    `keeps_graph = True`, and backward then keeps the whole graph until that event."""
    global ACTIVE
    _observers.append(observer)
    _bind()
    ACTIVE = True


def remove_observer(observer) -> None:
    global ACTIVE
    if observer in _observers:
        _observers.remove(observer)
    _bind()
    ACTIVE = bool(_observers)


def _nobody(*args) -> None:
    pass


def _fan_out(listeners: list):
    def notify(*args) -> None:
        for fn in listeners:
            fn(*args)
    return notify


def _bind() -> None:
    """Bind each event name of this module to its listeners: the observer's own method when
    there is one (a Session listens all the time, so the dispatch of every op must be one
    call), a loop over them when there are several, a no-op when there are none."""
    global KEEPS_GRAPH
    KEEPS_GRAPH = any(getattr(o, "keeps_graph", False) for o in _observers)
    for event in EVENTS:
        listeners = [getattr(o, event) for o in _observers if callable(getattr(o, event, None))]
        globals()[event] = (_nobody if not listeners else listeners[0] if len(listeners) == 1
                            else _fan_out(listeners))


on_record = on_backward_begin = on_backward = on_backward_end = _nobody
on_backward_done = on_unrecorded = on_cut = _nobody
