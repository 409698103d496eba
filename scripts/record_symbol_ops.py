"""Record MXNet 1.9.1's operator facts that `mx.sym` needs into ndsh/symbol/mxnet_ops.py.

For every op name ndsh's tables know (nd, nd.contrib, nd.random, nd.linalg, the internal ops)
and the internal scalar ops that Symbol's operators make (`_plus_scalar`...), the oracle says
which registered op the name stands for (an alias such as `flatten` is `Flatten`) and, for each
such op, its inputs in order (the arguments of type NDArray-or-Symbol), its variadic input and
the attribute counting it (`num_args`), and its other arguments in order.

Run: /work/venv/bin/python scripts/record_symbol_ops.py   (it calls the MXNet 1.9.1 oracle at
/work/mxvenv/bin/python; MXNet is never a dependency of ndsh).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ORACLE = "/work/mxvenv/bin/python"
OUT = Path(__file__).resolve().parent.parent / "ndsh" / "symbol" / "mxnet_ops.py"
PREFIXES = {"nd": ("",), "_internal": ("",), "nd.contrib": ("_contrib_",),
            "nd.random": ("_random_", "_sample_"), "nd.linalg": ("_linalg_",)}
# what Symbol's operators and mx.sym's Python functions create (MXNet's symbol.py)
EXTRA = ["_plus", "_minus", "_mul", "_div", "_mod", "_power", "_maximum", "_minimum", "_hypot",
         "_equal", "_not_equal", "_greater", "_greater_equal", "_lesser", "_lesser_equal",
         "_zeros", "_ones", "_full", "_arange", "_eye", "_linspace", "_copy"]
EXTRA += [f"_{base}_scalar" for base in (
    "plus", "minus", "rminus", "mul", "div", "rdiv", "mod", "rmod", "power", "rpower",
    "maximum", "minimum", "hypot", "equal", "not_equal", "greater", "greater_equal", "lesser",
    "lesser_equal")]

ORACLE_CODE = r"""
import ctypes, json, sys
import mxnet
from mxnet.base import _LIB, check_call, py_str
names = json.load(sys.stdin)
aliases, ops = {}, {}
for name in names:
    handle = ctypes.c_void_p()
    try:
        check_call(_LIB.NNGetOpHandle(ctypes.c_char_p(name.encode()), ctypes.byref(handle)))
    except Exception:
        continue
    if not handle.value:
        continue
    real, desc, ret = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_char_p()
    num = ctypes.c_uint()
    arg_names, arg_types, arg_descs = (ctypes.POINTER(ctypes.c_char_p)() for _ in range(3))
    key_var = ctypes.c_char_p()
    check_call(_LIB.MXSymbolGetAtomicSymbolInfo(
        handle, ctypes.byref(real), ctypes.byref(desc), ctypes.byref(num),
        ctypes.byref(arg_names), ctypes.byref(arg_types), ctypes.byref(arg_descs),
        ctypes.byref(key_var), ctypes.byref(ret)))
    real = py_str(real.value)
    if real != name:
        aliases[name] = real
    inputs, variadic, attrs = [], "", []
    for i in range(num.value):
        arg, kind = py_str(arg_names[i]), py_str(arg_types[i])
        if kind.startswith(("NDArray", "Symbol")):
            if kind.endswith("[]"):
                variadic = arg
            else:
                inputs.append(arg)
        else:
            attrs.append(arg)
    ops[real] = [inputs, variadic, py_str(key_var.value or b""), attrs]
json.dump({"oracle": "MXNet " + mxnet.__version__, "aliases": aliases, "ops": ops},
          sys.stdout, indent=0, sort_keys=True)
"""


def ndsh_names() -> list[str]:
    """Every op name of ndsh's tables, as MXNet's registry spells it (`_random_normal`...)."""
    import ndsh.engine  # noqa: F401  (fills the table)
    from ndsh.engine.registry import NAMESPACES
    names = set(EXTRA)
    for namespace, prefixes in PREFIXES.items():
        for name in NAMESPACES.get(namespace, {}):
            names.update(prefix + name for prefix in prefixes)
    return sorted(names)


HEADER = '''"""MXNet 1.9.1's operator facts for `mx.sym`, recorded from the {oracle} oracle by
scripts/record_symbol_ops.py (do not edit by hand; rerun the script).

ALIASES: a name -> the registered op it stands for, where they differ (`flatten` -> `Flatten`).
OPS: a registered op -> (its inputs in order, its variadic input or "", the attribute counting
the variadic inputs or "", its other arguments in order).
"""

'''


def module_text(table: dict) -> str:
    """The generated module: two dict literals, one entry a line."""
    lines = [HEADER.format(oracle=table["oracle"]), "ALIASES = {"]
    lines += [f"    {key!r}: {value!r}," for key, value in sorted(table["aliases"].items())]
    lines += ["}", "", "OPS = {"]
    for key, (inputs, variadic, counter, attrs) in sorted(table["ops"].items()):
        entry = f"    {key!r}: ({tuple(inputs)!r}, {variadic!r}, {counter!r}, {tuple(attrs)!r}),"
        fits = len(entry) <= 100
        lines.append(entry if fits else _wrapped(key, inputs, variadic, counter, attrs))
    return "\n".join(lines + ["}", ""])


def _wrapped(key, inputs, variadic, counter, attrs) -> str:
    out = [f"    {key!r}: ({tuple(inputs)!r}, {variadic!r}, {counter!r}, ("]
    line = "        "
    for attr in attrs:
        piece = f"{attr!r}, "
        if len(line) + len(piece) > 99:
            out.append(line.rstrip())
            line = "        "
        line += piece
    out.append(line.rstrip())
    out.append("    )),")
    return "\n".join(out)


def main() -> None:
    result = subprocess.run([ORACLE, "-c", ORACLE_CODE], input=json.dumps(ndsh_names()),
                            capture_output=True, text=True, check=True)
    table = json.loads(result.stdout)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(module_text(table))
    print(f"{OUT}: {len(table['ops'])} ops, {len(table['aliases'])} aliases")


if __name__ == "__main__":
    sys.exit(main())
