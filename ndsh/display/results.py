"""How the shell shows a result: `Out[n]:`, and an NDArray as a rich view.

An NDArray, or an mx.np array, gets a header line (shape, dtype, context, gradient state) above
MXNet's own text (`[...]` with its `<NDArray ...>` trailer, or an np array's `array([...])`);
an array too large to print whole gets a line of statistics; NaN and Inf are flagged in any
array, loudly. Everything here works on the host copy of the data: nothing is recorded, no
gradient is touched.

    Out[3]: NDArray 2x3 float32 @cpu(0)  attached, grad_req='write'
    [[0. 1. 2.]
     [3. 4. 5.]]
    <NDArray 2x3 @cpu(0)>
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ndsh.display.console import Output
from ndsh.display.theme import StyledLine
from ndsh.display.values import array_kind, engine_array, format_value
from ndsh.engine import dask_values
from ndsh.engine.ndarray import NDArray


def gradient_state(x: NDArray) -> str:
    """`attached, grad_req='write'`, `recorded (multiply)`, or `plain`."""
    states = []
    if x._grad_req is not None:
        states.append(f"attached, grad_req={x._grad_req!r}")
    node = x._node
    if node is not None:
        states.append(f"recorded ({getattr(node.op, 'name', node.op)})")
    return "; ".join(states) or "plain"


def array_header(x: Any) -> str:
    """The header line of the shell's view of an array: an NDArray, or an mx.np array (whose
    header starts `ndarray`, its class name in MXNet; the state is its engine array's).

    Example:
        >>> array_header(nd.zeros((2, 3), dtype="int32"))
        'NDArray 2x3 int32 @cpu(0)  plain'
    """
    inner = engine_array(x)
    shape = "x".join(str(d) for d in inner.shape) or "scalar"
    return (f"{array_kind(x)} {shape} {np.dtype(inner.dtype).name} @{inner.context}  "
            f"{gradient_state(inner)}")


def array_alarms(host: np.ndarray) -> list[str]:
    """Sentences flagging NaN and Inf elements; none for a clean or non-float array.

    Example:
        >>> array_alarms(np.array([1.0, np.nan, np.inf, -np.inf]))
        ['NaN! 1 of 4 elements is NaN', 'Inf! 2 of 4 elements are infinite (+1, -1)']
    """
    if not np.issubdtype(host.dtype, np.inexact) or host.size == 0:
        return []
    alarms = []
    nans = int(np.count_nonzero(np.isnan(host)))
    if nans:
        alarms.append(f"NaN! {nans} of {host.size} elements {_is_are(nans)} NaN")
    infinite = np.isinf(host)
    count = int(np.count_nonzero(infinite))
    if count:
        positive = int(np.count_nonzero(infinite & (host > 0)))
        alarms.append(f"Inf! {count} of {host.size} elements {_is_are(count)} infinite "
                      f"(+{positive}, -{count - positive})")
    return alarms


def _is_are(count: int) -> str:
    return "is" if count == 1 else "are"


def array_stats(host: np.ndarray) -> str:
    """One line of statistics over the finite elements, for arrays too large to print whole.

    Example:
        >>> array_stats(np.arange(2000, dtype=np.float32))
        'n=2000  min=0  max=1999  mean=999.5  std=577.35'
    """
    values = host.astype(np.float64, copy=False) if host.dtype == np.bool_ else host
    if np.issubdtype(values.dtype, np.inexact):
        values = values[np.isfinite(values)]
    if values.size == 0:
        return f"n={host.size}  (no finite elements)"
    parts = [f"n={host.size}", f"min={_number(values.min())}", f"max={_number(values.max())}",
             f"mean={_number(values.mean(dtype=np.float64))}",
             f"std={_number(values.std(dtype=np.float64))}"]
    return "  ".join(parts)


def _number(value: Any) -> str:
    return f"{float(value):.5g}"


def result_lines(value: Any, label: str = "", precision: int | None = None
                 ) -> list[StyledLine]:
    """The shell's view of a value as styled lines: `label` starts the first line.

    Example:
        >>> for style, text in result_lines(nd.ones((2,)), "Out[1]: "): print(text)
        Out[1]: NDArray 2 float32 @cpu(0)  plain
        [1. 1.]
        <NDArray 2 @cpu(0)>
    """
    if engine_array(value) is not None:       # an NDArray, or an mx.np array
        return _array_lines(value, label)
    text = format_scalar(value, precision) if precision is not None else None
    text = text if text is not None else format_value(value)
    if "\n" in text and label:
        return [("out-label", label.rstrip())] + [("value", line) for line in text.split("\n")]
    first, *rest = text.split("\n")
    return [("value", label + first)] + [("value", line) for line in rest]


def _array_lines(x: Any, label: str) -> list[StyledLine]:
    """The header, statistics and alarms, then the array's own text (MXNet's print format:
    `[...]` and a `<NDArray ...>` trailer, or `array([...])` for an mx.np array)."""
    lines: list[StyledLine] = [("array-header", label + array_header(x))]
    pad = " " * len(label)
    remote = remote_note(engine_array(x))
    if remote is not None:      # a dask array: compute the corners the text shows, no more
        lines.append(("array-stats", pad + remote))
        body = format_value(x).lstrip("\n")
        return lines + [("value", line) for line in body.split("\n")]
    host = np.asarray(engine_array(x))
    if host.size > np.get_printoptions()["threshold"]:
        lines.append(("array-stats", pad + array_stats(host)))
    lines += [("alarm", pad + alarm) for alarm in array_alarms(host)]
    body = format_value(x).lstrip("\n")
    lines += [("value", line) for line in body.split("\n")]
    return lines


def remote_note(x: NDArray) -> str | None:
    """For an array too large to print whole whose values are elsewhere (a dask array), the
    line that says where they are and that only the corners shown are computed (statistics
    and NaN checks would compute all of it); None for every other array.

    Example:
        >>> remote_note(nd.arange(5000)) is None
        True
    """
    where = dask_values.location(x._data)
    if where is None or x.size <= np.get_printoptions()["threshold"]:
        return None
    return (f"values on {where}{dask_values.placement(x._data)}: only the corners shown are "
            f"computed (x.asnumpy() brings all {x.size:,})")


def format_scalar(value: Any, precision: int) -> str | None:
    """A float shown to `precision` places (`%precision`); None for anything else.

    Example:
        >>> format_scalar(np.float32(22.494442), 3), format_scalar("a", 3)
        ('22.494', None)
    """
    if isinstance(value, (float, np.floating)) and not isinstance(value, bool):
        return f"{value:.{precision}f}"
    return None


def show_result(output: Output, value: Any, label: str = "",
                precision: int | None = None) -> None:
    """Write the shell's view of `value` on stdout: plain, or styled when it has colour."""
    own = getattr(type(value), "_ndsh_show_", None)     # ndsh.graph(...), explain_grad...
    if own is not None:
        if label:
            output.show_lines([("out-label", label.rstrip())])
        return own(value, output)
    lines = result_lines(value, label, precision)
    if not output.color_out:
        output.stdout.write("".join(text + "\n" for _, text in lines))
        output.stdout.flush()
        return
    _print_rich(output, lines, label)


_RICH_STYLES = {"array-header": "bold cyan", "array-stats": "dim", "alarm": "bold red",
                "out-label": "bold red"}


def _print_rich(output: Output, lines: list[StyledLine], label: str) -> None:
    from rich.highlighter import ReprHighlighter
    from rich.text import Text

    console = output.console("out")
    highlight = ReprHighlighter()
    for number, (style, text) in enumerate(lines):
        prefix = label if number == 0 and label and text.startswith(label) else ""
        body = text[len(prefix):]
        line = Text()
        line.append(prefix, style=_RICH_STYLES["out-label"])
        if style == "value":
            value = highlight(Text(body))
            value.highlight_regex(r"(?<![\w.])-?(nan|inf)\b", "bold red")   # loud, as the alarm
            line.append_text(value)
        else:
            line.append(body, style=_RICH_STYLES.get(style, ""))
        console.print(line, markup=False, emoji=False, highlight=False)
