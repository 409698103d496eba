"""Observers of the engine, for tracing and graphs. Free when nobody listens: the engine checks
the one flag ACTIVE before calling any of them."""
from __future__ import annotations

ACTIVE = False
_observers: list = []


def add_observer(observer) -> None:
    """Register an object with any of on_record(node), on_backward(node, grad),
    on_backward_done(heads, leaf_grads)."""
    global ACTIVE
    _observers.append(observer)
    ACTIVE = True


def remove_observer(observer) -> None:
    global ACTIVE
    if observer in _observers:
        _observers.remove(observer)
    ACTIVE = bool(_observers)


def _notify(method: str, *args) -> None:
    for observer in list(_observers):
        fn = getattr(observer, method, None)
        if fn is not None:
            fn(*args)


def on_record(node) -> None:
    _notify("on_record", node)


def on_backward(node, grad) -> None:
    _notify("on_backward", node, grad)


def on_backward_done(heads, leaf_grads) -> None:
    _notify("on_backward_done", heads, leaf_grads)
