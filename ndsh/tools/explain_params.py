"""`ndsh.explain_grad(net)`: for each parameter of a Gluon net (or a ParameterDict, a Trainer,
one Parameter), one line saying whether the last backward gave it a gradient and, if not, why.

Read from the parameters themselves (deferred shapes, `grad_req`, the Trainer's `step` having
used the gradient) and from what the Session's watcher saw of the backwards
(`ndsh.tools.provenance`). Parameters are named as MXNet names them (`dense0_weight`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ndsh.gluon.parameter import Parameter
from ndsh.tools.locations import format_location
from ndsh.tools.names import parameters_of
from ndsh.tools.nets import parameter_count
from ndsh.tools.provenance import PROVENANCE

PARAM_REASONS = ("ok", "zero", "stale", "not-used", "no-backward", "grad-req-null",
                 "deferred", "not-initialized", "not-watched")


@dataclass
class ParamLine:
    """One parameter: its MXNet name, a reason (one of `PARAM_REASONS`) and the words."""

    name: str
    reason: str
    text: str


@dataclass
class ParamExplanation:
    """`explain_grad` of a net: a heading and one `ParamLine` per parameter (`.lines`);
    `.reasons` maps each parameter's name to its reason."""

    title: str
    lines: list[ParamLine] = field(default_factory=list)

    @property
    def reasons(self) -> dict[str, str]:
        return {line.name: line.reason for line in self.lines}

    def __str__(self) -> str:
        width = max([len(line.name) for line in self.lines] + [0])
        reason_width = max([len(line.reason) for line in self.lines] + [0])
        return "\n".join([self.title] + [
            f"  {line.name.ljust(width)}  {line.reason.ljust(reason_width)}  {line.text}"
            for line in self.lines])

    __repr__ = __str__

    def _ndsh_show_(self, output) -> None:
        from ndsh.display.segments import show_segments
        width = max([len(line.name) for line in self.lines] + [0])
        reason_width = max([len(line.reason) for line in self.lines] + [0])
        styled = [[("bold", self.title)]]
        for line in self.lines:
            colour = "bold green" if line.reason == "ok" else "bold yellow"
            styled.append([("", "  "), ("yellow", line.name.ljust(width)), ("", "  "),
                           (colour, line.reason.ljust(reason_width)), ("", "  "),
                           ("", line.text)])
        show_segments(output, styled)


def explain_params(holder: Any, name: str = "net",
                   known: dict[int, str] | None = None) -> ParamExplanation:
    """One line per parameter of a Gluon Block, ParameterDict, Trainer or Parameter: whether
    the last backward gave it a gradient, and if not why (not used in that backward's graph,
    `grad_req='null'`, stale since the last `Trainer.step`, deferred or not initialized).

    Example:
        >>> net = gluon.nn.Dense(1, in_units=2, prefix='dense0_'); net.initialize()
        >>> print(explain_params(net))
        gradients of net's 2 parameters: no backward watched yet
          dense0_weight  no-backward  no backward has run yet
          dense0_bias    no-backward  no backward has run yet
    """
    params = [holder] if isinstance(holder, Parameter) else parameters_of(holder)
    params = list({id(p): p for p in params}.values())
    last = PROVENANCE.last_backward
    words = _backward_words(last, known or {})
    whose = f"{params[0].name}" if isinstance(holder, Parameter) else \
        f"{name}'s {len(params)} parameters"
    title = f"gradients of {whose}: " + (
        f"last backward {words}" if last is not None else "no backward watched yet")
    return ParamExplanation(title, [ParamLine(p.name, *_reason(p, last, words))
                                    for p in params])


def _reason(param: Parameter, last, words: str) -> tuple[str, str]:
    if param._data is None:
        if parameter_count(param) is None:
            return "deferred", (f"shape {param.shape}: the first forward (net(X)) sets its "
                                f"0s and its values")
        return "not-initialized", "no values yet: call net.initialize()"
    if param.grad_req == "null":
        return "grad-req-null", "grad_req='null': backward skips it (not trained)"
    data = param._data[0]
    history = PROVENANCE.history(data)
    used = PROVENANCE.recorded_use(data)
    if last is None:
        if data._fresh_grad:
            return "not-watched", "written by a backward that ndsh did not watch"
        if used is not None:
            return "no-backward", (f"used at {format_location(used[1]) or '?'}, but no "
                                   f"backward has run yet")
        return "no-backward", "no backward has run yet"
    if used is not None and used[0] > last.seq:
        return "no-backward", (f"used at {format_location(used[1]) or '?'} after the last "
                               f"backward: call backward() on the loss")
    grad = np.asarray(param._grad[0].asnumpy())
    if history is None or history.last != last.number:
        stale = (f"; .grad still holds backward #{history.last}'s gradient (stale)"
                 if history is not None else "")
        return "not-used", f"not used in the graph of the last backward{stale}"
    if not data._fresh_grad and grad.any():
        return "stale", (f"Trainer.step used the gradient of backward #{last.number} and no "
                         f"backward ran since: stale until the next one")
    if history.got_none or not grad.any():
        return "zero", ("reached by the last backward, but the gradient is zero (relu of "
                        "negatives, stop_gradient...): ndsh.explain_grad(param.data()) says "
                        "more")
    return "ok", f"largest magnitude {float(np.abs(grad).max()):.4g}"


def _backward_words(last, known: dict[int, str]) -> str:
    if last is None:
        return ""
    heads = [ref() for ref in last.heads]
    named = [known.get(id(h), "") for h in heads if h is not None]
    call = f"{' and '.join(n for n in named if n) or 'loss'}.backward()"
    at = format_location(last.called_at)
    return f"#{last.number} ({call}{' at ' + at if at else ''})"
