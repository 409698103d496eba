"""Profile one book section under `ndsh run --echo`: the thread CPU time of every op's forward
and of each of its gradients, by op and input shapes, and optionally cProfile by function.

As the book runner's command (it appends the script's name and runs it in the chapter folder):

    python scripts/book.py --section ssd --replace 'range(20):=>range(2):' \\
        --runner "python scripts/book/op_profile.py --out /tmp/prof --cprofile"

writes /tmp/prof/ssd.ops.json (and ssd.prof) and prints the summary at the end of the section's
log. `python scripts/book/op_profile.py --show /tmp/prof/ssd.ops.json` prints it again.

How: each primitive op's forward is reached through a closure cell of its public callable
(the per-call path reads no record field), and its vjps through the op record, which backward
reads at each node; both are wrapped with a timer (time.thread_time: CPU time of this thread,
so a loaded machine does not inflate it). An op's `needs_ans` / `reads` are read from the real
vjps' code before wrapping, so the graph keeps what it kept. Not counted: an elementwise op
the engine runs on its operator fast path (x + y on same-shape arrays) or computes in place
on a temporary (relu of a conv's result) bypasses the forward; the optimizers' update ops are
functions, not primitives, and show in cProfile only. The process CPU time counts from the
script's start (ndsh's import, done before, is left out).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time

CLOCK = time.thread_time


def shapes(args) -> str:
    """The shapes of the array arguments, 'x'-joined, in order (lists of arrays bracketed).

    Example:
        >>> import numpy as np
        >>> shapes((np.zeros((2, 3)), 5, [np.zeros(4), np.zeros((1, 1))]))
        '2x3 [4,1x1]'
    """
    out = []
    for x in args:
        s = getattr(x, "shape", None)
        if s is not None:
            out.append("x".join(map(str, s)) or "()")
        elif isinstance(x, (list, tuple)) and x and hasattr(x[0], "shape"):
            out.append("[" + ",".join("x".join(map(str, y.shape)) for y in x) + "]")
    return " ".join(out)


class OpTimer:
    """Thread CPU seconds and calls by (op, phase, input shapes); phase is 'fwd', 'bwdI' (the
    gradient for input I) or 'bwdI_into_g' and the like (a vjp writing into a buffer).

    Example:
        >>> t = OpTimer()
        >>> f = t.wrap("add", "fwd", lambda xp, a, b: a + b, skip=1)
        >>> f(None, 1, 2)
        3
        >>> [(k, v[0]) for k, v in t.stats.items()]
        [(('add', 'fwd', ''), 1)]
    """

    def __init__(self):
        self.stats = collections.defaultdict(lambda: [0, 0.0])

    def wrap(self, name: str, phase: str, f, skip: int):
        stats = self.stats

        def timed(*args, **kwargs):
            start = CLOCK()
            try:
                return f(*args, **kwargs)
            finally:
                entry = stats[(name, phase, shapes(args[skip:]))]
                entry[0] += 1
                entry[1] += CLOCK() - start
        timed.__wrapped__ = f
        return timed

    def install(self) -> int:
        """Wrap every primitive op of the table; the number of forwards wrapped."""
        import ndsh.engine  # noqa: F401  (fills the table)
        from ndsh.engine.registry import OPS
        wrapped = 0
        for op in OPS.values():
            if op.kind != "primitive":
                continue
            op.needs_ans, op.writes_into, op.reads      # noqa: B018 (cached from the real vjps)
            for call in (op.call, *op.strict_calls.values()):
                for cell in call.__closure__ or ():
                    try:
                        if cell.cell_contents is op.fn:
                            cell.cell_contents = self.wrap(op.name, "fwd", op.fn, 1)
                            wrapped += 1
                    except ValueError:                   # an empty cell
                        pass
            for field, phase in (("vjp_each", "bwd{}"), ("into_g", "bwd{}_into_g"),
                                 ("into_leaf", "bwd{}_into_leaf")):
                fns = getattr(op, field)
                if fns:
                    setattr(op, field, tuple(None if f is None else
                                             self.wrap(op.name, phase.format(i), f, 2)
                                             for i, f in enumerate(fns)))
            if op.vjp_all:
                op.vjp_all = self.wrap(op.name, "bwd", op.vjp_all, 2)
            if op.into_ans:
                op.into_ans = self.wrap(op.name, "bwd0_into_ans", op.into_ans, 2)
        return wrapped

    def rows(self) -> list:
        """[op, phase, shapes, calls, seconds], most seconds first."""
        return sorted(([k[0], k[1], k[2], v[0], round(v[1], 4)] for k, v in self.stats.items()),
                      key=lambda r: -r[4])


def summary(report: dict, top: int = 25) -> str:
    """The profile as text: totals, then seconds by op and direction, then by op, phase and
    shapes.

    Example:
        >>> rows = [["relu", "fwd", "4x4", 2, 0.5], ["relu", "bwd0", "4x4 4x4", 1, 0.25]]
        >>> print(summary({"cpu": 2.0, "wall": 3.0, "rows": rows}))
        ... # doctest: +NORMALIZE_WHITESPACE
        process CPU 2.0 s, wall 3.0 s; inside op kernels 0.8 s
        op                        dir    calls  seconds  ms/call
        relu                      fwd        2     0.50   250.00
        relu                      bwd        1     0.25   250.00
        op                        phase           calls  seconds  ms/call  shapes
        relu                      fwd                 2     0.50   250.00  4x4
        relu                      bwd0                1     0.25   250.00  4x4 4x4
    """
    rows = report["rows"]
    lines = [f"process CPU {report['cpu']:.1f} s, wall {report['wall']:.1f} s; inside op "
             f"kernels {sum(r[4] for r in rows):.1f} s",
             f"{'op':25s} {'dir':4s} {'calls':>8s} {'seconds':>8s} {'ms/call':>8s}"]
    by_op = collections.defaultdict(lambda: [0, 0.0])
    for name, phase, _, calls, seconds in rows:
        entry = by_op[(name, "fwd" if phase == "fwd" else "bwd")]
        entry[0] += calls
        entry[1] += seconds
    for (name, way), (calls, seconds) in sorted(by_op.items(), key=lambda kv: -kv[1][1])[:top]:
        lines.append(f"{name:25s} {way:4s} {calls:8d} {seconds:8.2f} {1e3 * seconds / calls:8.2f}")
    lines.append(f"{'op':25s} {'phase':14s} {'calls':>6s} {'seconds':>8s} {'ms/call':>8s}  shapes")
    for name, phase, shape, calls, seconds in rows[:top]:
        lines.append(f"{name:25s} {phase:14s} {calls:6d} {seconds:8.2f} "
                     f"{1e3 * seconds / calls:8.2f}  {shape}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", help="folder for SCRIPT.ops.json (and SCRIPT.prof)")
    parser.add_argument("--cprofile", action="store_true", help="also run cProfile")
    parser.add_argument("--no-ops", action="store_true", help="no op timing (cProfile only)")
    parser.add_argument("--top", type=int, default=25, help="rows in the printed summary")
    parser.add_argument("--show", help="print the summary of a SCRIPT.ops.json and stop")
    parser.add_argument("script", nargs="?")
    args = parser.parse_args(argv)
    if args.show:
        with open(args.show, encoding="utf-8") as fin:
            print(summary(json.load(fin), args.top))
        return 0
    if not args.script:
        parser.error("give the script to run (or --show FILE)")
    stem = os.path.splitext(os.path.basename(args.script))[0]
    out = args.out or "."
    os.makedirs(out, exist_ok=True)
    timer = None if args.no_ops else OpTimer()
    if timer is not None:
        timer.install()
    from ndsh.cli import main as ndsh_main
    profiler = None
    if args.cprofile:
        import cProfile
        profiler = cProfile.Profile()
    wall, cpu = time.perf_counter(), time.process_time()
    code = 0
    try:
        if profiler is not None:
            profiler.enable()
        ndsh_main(["run", "--echo", args.script])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(os.path.join(out, stem + ".prof"))
        report = {"script": stem, "wall": time.perf_counter() - wall,
                  "cpu": time.process_time() - cpu, "rows": timer.rows() if timer else []}
        with open(os.path.join(out, stem + ".ops.json"), "w", encoding="utf-8") as fout:
            json.dump(report, fout, indent=0)
        print("\n--- profile ---\n" + summary(report, args.top), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
