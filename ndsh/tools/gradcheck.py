"""`ndsh.gradcheck(f, *inputs)`: autograd's gradient beside a finite-difference one.

The output of `f` is reduced to a number with fixed random weights (a plain sum can hide a
wrong gradient whose errors cancel), differentiated by autograd, then every input entry is
nudged both ways for a central difference. The check runs in float64 unless `f` insists on
its own dtype.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from ndsh.engine import autograd
from ndsh.engine.ndarray import array_on
from ndsh.tools.names import array_names, caller_namespace
from ndsh.tools.np_arrays import engine_array, is_array

MAX_ENTRIES = 2000          # entries checked per input; larger inputs are sampled
_SHOWN = 6                  # table rows per input when it has more entries than this
_TOLERANCE = {"float64": (1e-6, 1e-5, 1e-7), "float32": (1e-3, 2e-2, 1e-3),
              "float16": (1e-2, 1e-1, 1e-2)}  # dtype -> (eps, rtol, atol)


@dataclass
class Entry:
    """One checked entry: its input, index, both gradients and their errors."""

    input: str
    index: tuple
    autograd: float
    numeric: float

    @property
    def abs_error(self) -> float:
        return abs(self.autograd - self.numeric)

    @property
    def rel_error(self) -> float:
        scale = max(abs(self.autograd), abs(self.numeric))
        return self.abs_error / scale if scale > 0 else 0.0


@dataclass
class GradCheck:
    """The result of `gradcheck`: `ok`, `worst` (the entry with the largest relative error),
    `entries`, and a table (`print(result)`). True when the check passed."""

    function: str
    dtype: str
    eps: float
    rtol: float
    atol: float
    entries: list[Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def failed(self, entry: Entry) -> bool:
        return entry.abs_error > self.atol + self.rtol * abs(entry.numeric)

    @property
    def ok(self) -> bool:
        return not any(self.failed(e) for e in self.entries)

    @property
    def worst(self) -> Entry | None:
        return max(self.entries, key=lambda e: e.rel_error, default=None)

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        from ndsh.display.segments import plain
        return plain(self.lines())

    __repr__ = __str__

    def _ndsh_show_(self, output) -> None:
        from ndsh.display.segments import show_segments
        show_segments(output, self.lines())

    def lines(self) -> list:
        """The table as styled lines (see `ndsh.display.segments`)."""
        from ndsh.display.trace_view import number
        header = ["input", "index", "autograd", "numeric", "abs err", "rel err"]
        rows = [[e.input, str(list(e.index)), number(e.autograd), number(e.numeric),
                 number(e.abs_error), number(e.rel_error)] for e in self._shown()]
        widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
        out = [[("bold", f"gradcheck of {self.function} in {self.dtype}, eps {self.eps:g}")]]
        out.append([("dim", (" " + "  ".join(h.ljust(w) for h, w in zip(header, widths)))
                     .rstrip())])
        for entry, cells in zip(self._shown(), rows):
            bad = self.failed(entry)
            text = " " + "  ".join(c.ljust(w) for c, w in zip(cells, widths))
            out.append([("bold red" if bad else "", text.rstrip() + ("  <- wrong" if bad
                                                                     else ""))])
        worst = self.worst
        if worst is not None:
            verdict = ("ok", "bold green") if self.ok else ("FAILED", "bold red")
            out.append([("", f"worst relative error {number(worst.rel_error)} at "
                             f"{worst.input}{list(worst.index)} (rtol {self.rtol:g}, atol "
                             f"{self.atol:g}): "), (verdict[1], verdict[0])])
        counts = {e.input: 0 for e in self.entries}
        for e in self.entries:
            counts[e.input] += 1
        notes = [f"{name}: the {_SHOWN} worst of {n} entries shown" for name, n in counts.items()
                 if n > _SHOWN] + self.notes
        for note in notes:
            out += [[("dim", line)] for line in textwrap.wrap(f"({note})", 92)]
        return out

    def _shown(self) -> list[Entry]:
        by_input: dict[str, list[Entry]] = {}
        for entry in self.entries:
            by_input.setdefault(entry.input, []).append(entry)
        shown = []
        for entries in by_input.values():
            if len(entries) > _SHOWN:
                entries = sorted(entries, key=lambda e: -e.rel_error)[:_SHOWN]
            shown += entries
        return shown


def gradcheck(f: Callable, *inputs: Any, eps: float | None = None, rtol: float | None = None,
              atol: float | None = None, dtype: str | None = "float64",
              seed: int = 0) -> GradCheck:
    """Check `f`'s gradients: autograd's beside central finite differences, as a table with
    the worst relative error. True when they agree (`assert ndsh.gradcheck(f, x)`).

    f: a function of NDArrays returning an NDArray (or a tuple of them), e.g. your own
    `autograd.Function`; or of `mx.np` arrays returning np arrays (after `npx.set_np()`).
    dtype: the dtype to check in ("float64"; None keeps the inputs').
    eps, rtol, atol: the step and tolerances (defaults depend on the dtype).

    Example:
        >>> x = nd.array([1., 2., 3.])
        >>> gradcheck(lambda x: (x ** 2).sum(), x).ok
        True
    """
    arrays = [engine_array(a) for a in inputs if is_array(a)]
    if not arrays:
        raise TypeError("ndsh.gradcheck: give at least one NDArray (or mx.np array) input to "
                        "differentiate")
    names = array_names(caller_namespace())
    labels = [names.get(id(a), f"input {i}") for i, a in enumerate(arrays)]
    notes = []
    try:
        return _check(f, inputs, labels, dtype, eps, rtol, atol, seed, notes)
    except TypeError as error:
        if dtype is None or "dtype" not in str(error):
            raise
        notes.append(f"checked in the inputs' own dtype: in {dtype}, f failed with: {error}")
        return _check(f, inputs, labels, None, eps, rtol, atol, seed, notes)


def _check(f, inputs, labels, dtype, eps, rtol, atol, seed, notes) -> GradCheck:
    xs = [a.astype(dtype) if dtype and is_array(a) else
          (a.copy() if is_array(a) else a) for a in inputs]
    for a in xs:
        if is_array(a):
            a.attach_grad()
    arrays = [engine_array(a) for a in xs if is_array(a)]     # np arrays: the engine's
    kind = arrays[0]._data.dtype.name
    default = _TOLERANCE.get(kind, _TOLERANCE["float32"])
    result = GradCheck(getattr(f, "__name__", type(f).__name__), kind,
                       eps or default[0], rtol or default[1], atol or default[2], notes=notes)
    weights = []

    def scalar():
        outputs = f(*xs)
        outputs = [outputs] if is_array(outputs) else list(outputs)
        outputs = [engine_array(o) for o in outputs]
        if not weights:
            rng = np.random.default_rng(seed)
            weights.extend(rng.uniform(0.5, 1.5, size=o.shape).astype(o._data.dtype)
                           for o in outputs)
        total = None
        for o, w in zip(outputs, weights):
            term = (o * array_on(w, o._ctx)).sum()
            total = term if total is None else total + term
        return total

    with autograd.record():
        loss = scalar()
    loss.backward()
    analytic = [a._grad.asnumpy().astype(np.float64) for a in arrays]
    rng = np.random.default_rng(seed + 1)
    for a, label, grad in zip(arrays, labels, analytic):
        data = a._data
        indices = list(np.ndindex(data.shape))
        if len(indices) > MAX_ENTRIES:
            picks = rng.choice(len(indices), MAX_ENTRIES, replace=False)
            indices = [indices[i] for i in sorted(picks)]
            notes.append(f"{label}: {MAX_ENTRIES} of its {data.size} entries checked, chosen "
                         f"at random")
        for index in indices:
            saved = data[index].item()
            data[index] = saved + result.eps
            up = float(scalar().asscalar())
            data[index] = saved - result.eps
            down = float(scalar().asscalar())
            data[index] = saved
            result.entries.append(Entry(label, index, float(grad[index]),
                                        (up - down) / (2 * result.eps)))
    return result
