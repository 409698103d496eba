"""The d2l-en runner's failure grouping (scripts/book_en.py imports it from here): CAUSES, the
root causes and the patterns of a section's first error that name them, `cause` (one first
error's root cause) and `causes` (the failed sections grouped by root cause, most common first,
the markdown list printed under the table), and GPU_SECTIONS, the sections that need a GPU.
It imports scripts/book.py (the d2l-zh runner), so scripts/ must be on the path, as book_en.py
puts it.
"""
from __future__ import annotations

import re

import book  # scripts/book.py, the d2l-zh runner (its GPU sections)

GPU_SECTIONS = book.GPU_SECTIONS | {"multiple-gpus-concise"}

# (root cause, pattern of the first error), most specific first; `{name}` is the pattern's group
CAUSES = [
    ("Gluon in np mode: a Block called on np arrays refuses them", r"In HybridBlock, there must"),
    ("missing name: mxnet.gluon.parameter.ParameterDict", r"'ndsh\.gluon\.parameter' has no "
     r"attribute 'ParameterDict'"),
    ("np mode: DataLoader batches, Parameter.data(), dataset items or mx.image.imread give "
     "legacy nd.NDArray", r"legacy mx\.nd\.NDArray|'NDArray' object has no attribute 'as_in_ctx'"
     r"|transpose\(\) takes from 2 to 3 positional arguments"),
    ("Gluon in np mode: gluon.rnn layers refuse np arrays", r"RNN: data must be an NDArray"),
    ("Gluon in np mode: a gluon.rnn layer takes one np state array for a list of states",
     r"Invalid recurrent state shape\. Expecting \(\d+, \d+, \d+\), got \(\d+, \d+\)"),
    ("missing np/npx name: {name}", r"(mx\.npx?\.\w+) is in MXNet 1\.9\.1's numpy interface"),
    ("missing name: {name}", r"module '((?:mxnet|ndsh)[\w.]*)' has no attribute '(\w+)'"),
    ("missing name: {name}", r"cannot import name '(\w+)' from '((?:mxnet|ndsh)[\w.]*)'"),
    ("missing module: {name}", r"No module named '([\w.]+)'"),
    ("missing module: {name}", r"(mxnet\.\w+) is not part of ndsh"),
    ("np functions refuse Python scalars", r"expected an NDArray argument, got a (?:float|int)\b"),
    ("an nd op given an mx.np array", r"expected an NDArray argument, got a ndarray"
     r"|can be combined only with another NDArray .*not a ndarray"),
    ("no stand-in data (the runner's, not ndsh's)", r"no stand-in for|Could not download"),
    ("stand-in data smaller than the real set the section hardcodes (the runner's)",
     r"into shape \(2000, -1\)"),
    ("stand-in data gives fewer than 5 batches an epoch (d2l's train_ch13 updates its plot "
     "every num_batches // 5; the runner's)", r"\(at `num_batches // 5`\)"),
    ("needs a GPU (d2l.try_all_gpus() is [] without one)",
     r"DeviceUnavailable|split_and_load\(\w+, devices|^(?:IndexError: list index out of range"
     r"|ZeroDivisionError: [\w ]*by zero|ValueError: Cannot reset context for Parameter)\b.*"
     r"\(a GPU section\)$"),
    ("still training at the time limit (the runner's --timeout, on a shared 2-core machine)",
     r"^timed out after"),
    ("numpy 2 refuses ragged lists (MXNet's numpy 1.23 made object arrays)", r"inhomogeneous"),
    ("matplotlib 3.8 removed stem(use_line_collection=)", r"use_line_collection"),
]


def cause(error: str) -> str:
    """The root cause of a first error, by CAUSES ('other: ERROR' when none matches).

    Example:
        >>> cause("AttributeError: mx.np.genfromtxt is in MXNet 1.9.1's numpy interface but")
        'missing np/npx name: mx.np.genfromtxt'
        >>> cause("KeyError: 3 [line 2]")
        'other: KeyError: 3'
    """
    for title, pattern in CAUSES:
        found = re.search(pattern, error)
        if found:
            return title.format(name=".".join(found.groups()))
    return "other: " + re.sub(r" \[line \d+\]$", "", error)[:100]


def causes(results: list) -> str:
    """The failed sections grouped by root cause, most common first, as a markdown list.

    Example:
        >>> def failed(name, error):
        ...     return book.Result(book.Section("chapter_x", 3, name, "", 0), "fail", 1.0, error)
        >>> print(causes([failed("a", "ModuleNotFoundError: No module named 'mxnet.foo' [line 1]"),
        ...               failed("b", "KeyError: 3 [line 2]"),
        ...               failed("c", "ImportError: No module named 'mxnet.foo'")]), end="")
        - **2** missing module: mxnet.foo: a (3), c (3)
        - **1** other: KeyError: 3: b (3)
    """
    groups: dict[str, list[str]] = {}
    for r in results:
        if r.status != "pass":
            # d2l 1.0.3's try_all_gpus() is [] on a CPU: split_and_load(X, []) divides by 0;
            # initialize(ctx=[]) then reset_ctx([]) refuses a deferred Parameter (as MXNet's)
            gpu = (r.section.name in GPU_SECTIONS or r.status == "gpu" or (
                "try_all_gpus" in r.section.code and re.search(
                    r"(?:modulo|division) by zero|Cannot reset context", r.error)))
            groups.setdefault(cause(r.error + (" (a GPU section)" if gpu else "")), []).append(
                f"{r.section.name} ({r.section.number})")
    return "".join(f"- **{len(names)}** {title}: {', '.join(names)}\n"
                   for title, names in sorted(groups.items(), key=lambda kv: -len(kv[1])))
