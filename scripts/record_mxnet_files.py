"""Golden `nd.save` files written by the real MXNet 1.9.1, and the check in the other direction.

Oracle: Apache MXNet 1.9.1 (the CPU wheel) with numpy 1.23.5 on Python 3.11, in a separate
virtual environment. MXNet is NOT a dependency of ndsh and never runs in CI; the files this
script writes are committed as test data and `tests/engine/test_serialization.py` checks ndsh
against them (loads bit for bit, writes byte for byte).

Three modes, run from the repository root:

    <mxnet-venv>/bin/python scripts/record_mxnet_files.py
        MXNet writes each case of CASES into tests/engine/golden/mxnet_files/ with manifest.json
        (per file: sha256, size, list or dict, names, and per array dtype, shape, context,
        values and the raw little-endian data in hex). Rerunning gives identical files.

    python scripts/record_mxnet_files.py --write-ndsh DIR
        ndsh (the project's Python, no MXNet) saves the same cases, plus NDSH_ONLY_CASES that
        MXNet cannot create, into DIR with a manifest.json of the same form.

    <mxnet-venv>/bin/python scripts/record_mxnet_files.py --verify DIR
        MXNet loads every file in DIR's manifest and checks dtypes, shapes, names and every bit
        of the data; files of a golden case must also be byte-identical to MXNet's own. Prints
        one line per file and exits 1 on any mismatch.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import re
import sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)
GOLDEN_DIR = os.path.join(ROOT, "tests", "engine", "golden", "mxnet_files")


def _bits(dtype, words):
    """A float array from raw bit patterns (NaN payloads, -0.0 and denormals exactly)."""
    return np.array(words, dtype=f"<u{np.dtype(dtype).itemsize}").view(dtype)


F32 = _bits(np.float32, [0x00000000, 0x80000000, 0x3FC00000, 0xC0100000,       # 0 -0 1.5 -2.25
                         0x7FC00000, 0x7FC00001, 0x7F800000, 0xFF800000,       # nan, payload, +-inf
                         0x00000001, 0x00800000, 0x7F7FFFFF, 0x3DCCCCCD]).reshape(3, 4)
F64 = _bits(np.float64, [0x0, 0x8000000000000000, 0x7FF8000000000000, 0x7FF0000000000000,
                         0xFFF0000000000000, 0x1, 0x7FEFFFFFFFFFFFFF, 0x3FB999999999999A])
F16 = _bits(np.float16, [0x0000, 0x8000, 0x7BFF, 0x0001, 0x7E00, 0x7C00, 0xFC00, 0x2E66])
ARANGE3D = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 8 - 1

# name -> (list of (array name or None, numpy array, context)); a dict case has names.
CASES = {
    "float32": [(None, F32, "cpu(0)")],
    "float64": [(None, F64, "cpu(0)")],
    "float16": [(None, F16, "cpu(0)")],
    "uint8": [(None, np.array([0, 1, 127, 128, 255], np.uint8), "cpu(0)")],
    "int8": [(None, np.array([-128, -1, 0, 1, 127], np.int8), "cpu(0)")],
    "int32": [(None, np.array([[-2**31, -1, 0], [1, 7, 2**31 - 1]], np.int32), "cpu(0)")],
    "int64": [(None, np.array([-2**63, -1, 0, 2**53 + 1, 2**63 - 1], np.int64), "cpu(0)")],
    "bool": [(None, np.array([True, False, True]), "cpu(0)")],
    "nd3": [(None, ARANGE3D, "cpu(0)")],
    "list_mixed": [(None, np.ones(3, np.float32), "cpu(0)"),
                   (None, np.array([[1, 2]], np.int64), "cpu(0)"),
                   (None, np.array([0.5], np.float64), "cpu(0)")],
    "dict_mixed": [("weight", np.array([[1.0, -1.0], [0.25, 2.0]], np.float32), "cpu(0)"),
                   ("bias", np.array([0.1, 0.2, 0.3]), "cpu(0)"),
                   ("index", np.array([3, 1], np.int64), "cpu(0)")],
    "dict_names": [("", np.array([1.0], np.float32), "cpu(0)"),
                   ("é∂ unicode", np.array([2.0], np.float32), "cpu(0)"),
                   ("net.0.weight", np.array([[3.0]], np.float32), "cpu(0)")],
    "empty_list": [],
    "contexts": [(None, np.array([1.0, 2.0], np.float32), "cpu(1)"),
                 (None, np.array([3], np.int32), "cpu_pinned(0)")],
}
DICT_CASES = {"dict_mixed", "dict_names"}
# Written only by MXNet: ndsh reads them but writes V2 files and refuses 0-d arrays.
MXNET_ONLY_CASES = {
    "np_shape": [(None, np.array([1.0, 2.0], np.float32), "cpu(0)"),      # NDARRAY_V3_MAGIC
                 (None, np.array(5.0, np.float32), "cpu(0)"),
                 (None, np.zeros((0, 3), np.float32), "cpu(0)")],
    "scalar_legacy": [(None, np.array(5.0, np.float32), "cpu(0)")],         # MXNet can't reload
}
# Written only by ndsh, for --verify: shapes MXNet's legacy mode cannot create.
NDSH_ONLY_CASES = {
    "zero_size": [(None, np.zeros((0, 3), np.float32), "cpu(0)"),
                  (None, np.array([4.0], np.float32), "cpu(0)")],
    "random_64x64": [(None, np.random.default_rng(6).standard_normal((64, 64)).astype(np.float32),
                      "cpu(0)")],
    "nd6": [(None, np.arange(64, dtype=np.float64).reshape(2, 2, 2, 2, 2, 2), "cpu(0)")],
}


# ----- the manifest -----------------------------------------------------------------------
def _plain(value):
    """JSON for nested lists of Python numbers: NaN/Inf as strings."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def describe_array(a: np.ndarray, context: str) -> dict:
    little = a.astype(a.dtype.newbyteorder("<"))
    return {"dtype": a.dtype.name, "shape": list(a.shape), "context": context,
            "values": _plain(a.tolist()), "data_hex": little.tobytes().hex()}


def describe_file(path: str, entries: list, is_dict: bool) -> dict:
    with open(path, "rb") as f:
        blob = f.read()
    return {"sha256": hashlib.sha256(blob).hexdigest(), "size": len(blob),
            "form": "dict" if is_dict else "list",
            "names": [n for n, _, _ in entries] if is_dict else [],
            "arrays": [describe_array(a, ctx) for _, a, ctx in entries]}


def write_manifest(folder: str, files: dict, made_with: dict) -> None:
    """JSON with one line per file: short, and a rerun's diff shows which file changed."""
    line = lambda value: json.dumps(value, sort_keys=True, ensure_ascii=False)
    entries = ",\n  ".join(f"{line(k)}: {line(v)}" for k, v in sorted(files.items()))
    with open(os.path.join(folder, "manifest.json"), "w", encoding="utf-8") as f:
        f.write(f'{{"made_with": {line(made_with)},\n "files": {{\n  {entries}\n }}\n}}\n')


def _context(text: str):
    kind, index = re.fullmatch(r"(\w+)\((\d+)\)", text).groups()
    return kind, int(index)


# ----- MXNet side -------------------------------------------------------------------------
def _mx_arrays(mx, entries):
    out = []
    for _, a, ctx in entries:
        kind, index = _context(ctx)
        out.append(mx.nd.array(a, dtype=a.dtype, ctx=mx.Context(kind, index)))
    return out


def record() -> None:
    import mxnet as mx
    os.makedirs(GOLDEN_DIR, exist_ok=True)
    files = {}
    for name, entries in {**CASES, **MXNET_ONLY_CASES}.items():
        path = os.path.join(GOLDEN_DIR, name)
        with mx.util.np_shape(name == "np_shape"):
            arrays = _mx_arrays(mx, entries)
            is_dict = name in DICT_CASES
            data = dict(zip([n for n, _, _ in entries], arrays)) if is_dict else arrays
            mx.nd.save(path, data)
            problems = [] if name == "scalar_legacy" else \
                _check_mxnet_load(mx, path, entries, is_dict)   # MXNet can't reload a 0-d array
            if problems:
                sys.exit(f"{name}: MXNet does not load back what it saved: {problems}")
        files[name] = describe_file(path, entries, is_dict)
        files[name]["ndsh_writes_same_bytes"] = name in CASES
        print(f"{name:14s} {files[name]['size']:5d} bytes")
    write_manifest(GOLDEN_DIR, files, {"mxnet": mx.__version__, "numpy": np.__version__,
                                       "python": platform.python_version()})


def _check_mxnet_load(mx, path, entries, is_dict) -> list[str]:
    """Problems found when MXNet loads `path` (empty if it holds exactly `entries`)."""
    try:
        loaded = mx.nd.load(path)
    except mx.base.MXNetError as error:
        return [f"MXNet cannot load it: {str(error).strip().splitlines()[-1]}"]
    problems = []
    if is_dict != isinstance(loaded, dict):
        return [f"loaded a {type(loaded).__name__}, expected a {'dict' if is_dict else 'list'}"]
    if is_dict and list(loaded) != [n for n, _, _ in entries]:
        problems.append(f"names {list(loaded)}")
    got = list(loaded.values()) if is_dict else loaded
    if len(got) != len(entries):
        return problems + [f"{len(got)} arrays, expected {len(entries)}"]
    for i, ((_, want, _), array) in enumerate(zip(entries, got)):
        host = array.asnumpy()
        if host.dtype != want.dtype or host.shape != want.shape:
            problems.append(f"array {i} is {host.dtype}{host.shape}, expected "
                            f"{want.dtype}{want.shape}")
        elif host.tobytes() != want.tobytes():
            problems.append(f"array {i} differs in its bits")
    return problems


def _entries_from_manifest(entry: dict) -> list:
    out = []
    names = entry["names"] or [None] * len(entry["arrays"])
    for name, spec in zip(names, entry["arrays"]):
        flat = np.frombuffer(bytes.fromhex(spec["data_hex"]),
                             np.dtype(spec["dtype"]).newbyteorder("<"))
        out.append((name, flat.astype(spec["dtype"]).reshape(spec["shape"]), spec["context"]))
    return out


def verify(folder: str) -> int:
    import mxnet as mx
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    failures = 0
    for name, entry in sorted(manifest["files"].items()):
        path = os.path.join(folder, name)
        entries = _entries_from_manifest(entry)
        problems = _check_mxnet_load(mx, path, entries, entry["form"] == "dict")
        golden = os.path.join(GOLDEN_DIR, name)
        same = None
        if os.path.exists(golden):
            with open(path, "rb") as a, open(golden, "rb") as b:
                same = a.read() == b.read()
            if not same:
                problems.append("bytes differ from MXNet's own file")
        failures += bool(problems)
        identical = {None: "(no MXNet file)", True: "byte-identical", False: "DIFFERENT"}[same]
        print(f"{name:14s} {'ok  ' if not problems else 'FAIL'} {identical:16s} "
              f"{'; '.join(problems)}")
    print(f"MXNet {mx.__version__} loaded {len(manifest['files'])} ndsh files: "
          f"{failures} failed")
    return 1 if failures else 0


# ----- ndsh side --------------------------------------------------------------------------
def write_ndsh(folder: str) -> None:
    from ndsh import nd
    from ndsh.engine.context import Context
    os.makedirs(folder, exist_ok=True)
    files = {}
    for name, entries in {**CASES, **NDSH_ONLY_CASES}.items():
        arrays = [nd.array(a, dtype=a.dtype, ctx=Context(*_context(ctx)))
                  for _, a, ctx in entries]
        is_dict = name in DICT_CASES
        data = dict(zip([n for n, _, _ in entries], arrays)) if is_dict else arrays
        path = os.path.join(folder, name)
        nd.save(path, data)
        files[name] = describe_file(path, entries, is_dict)
    import ndsh
    write_manifest(folder, files, {"ndsh": getattr(ndsh, "__version__", "?"),
                                   "numpy": np.__version__})
    print(f"ndsh wrote {len(files)} files into {folder}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write-ndsh", metavar="DIR", help="ndsh saves the cases into DIR")
    mode.add_argument("--verify", metavar="DIR", help="MXNet checks the ndsh files in DIR")
    args = parser.parse_args(argv)
    if args.write_ndsh:
        write_ndsh(args.write_ndsh)
        return 0
    if args.verify:
        return verify(args.verify)
    record()
    return 0


if __name__ == "__main__":
    sys.exit(main())
