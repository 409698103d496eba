"""What a Block writes and prints: save_parameters / load_parameters (MXNet's parameter files,
keyed by structural names) and summary() (the table of layers, shapes and parameter counts).

Kept apart from block.py so that the Block class reads as the API it is; these functions take
the block as their first argument and use only its public face and `_collect_params_with_prefix`.
"""
from __future__ import annotations

from collections import OrderedDict, defaultdict

from ndsh.engine import NDArray, nd
from ndsh.gluon.parameter import brief_list


def save_parameters(block, filename: str, deduplicate: bool = False) -> None:
    """Write `block`'s parameters with nd.save, keyed by structural name ('0.weight'); a
    parameter shared under several names is written once (its last name) with `deduplicate`."""
    params = block._collect_params_with_prefix()
    if deduplicate:
        last_name = {id(param): name for name, param in params.items()}
        params = {name: param for name, param in params.items() if last_name[id(param)] == name}
    nd.save(filename, {name: param._reduce() for name, param in params.items()})


def load_parameters(block, filename: str, ctx=None, allow_missing: bool = False,
                    ignore_extra: bool = False, cast_dtype: bool = False,
                    dtype_source: str = "current") -> None:
    """Read a file of structural names into `block`'s parameters (see Block.load_parameters);
    a file of prefixed names (no '.' in any key) goes through collect_params().load."""
    loaded = nd.load(filename)
    if not isinstance(loaded, dict):
        raise ValueError(f"load_parameters: '{filename}' holds a list of {len(loaded)} arrays "
                         f"without names; a parameter file maps names to arrays")
    params = block._collect_params_with_prefix()
    if not loaded and not params:
        return
    if not any("." in key for key in loaded):
        block.collect_params().load(filename, ctx, allow_missing, ignore_extra, block.prefix,
                                    cast_dtype=cast_dtype, dtype_source=dtype_source)
        return
    if not allow_missing:
        names_of = defaultdict(list)         # a shared parameter: found under any of its names
        for name, param in params.items():
            names_of[id(param)].append(name)
        missing = [name for name, param in params.items()
                   if not any(alias in loaded for alias in names_of[id(param)])]
        if missing:
            raise AssertionError(
                f"Parameter '{missing[0]}' is missing in file '{filename}', which contains "
                f"parameters: {brief_list(loaded)}. Set allow_missing=True to ignore missing "
                f"parameters.{_all_of('missing', missing)}")
    extra = [name for name in loaded if name not in params]
    if extra and not ignore_extra:
        raise ValueError(
            f"Parameter '{extra[0]}' loaded from file '{filename}' is not present in "
            f"ParameterDict, which contains parameters {brief_list(params)}. Set "
            f"ignore_extra=True to ignore. {_all_of('not present', extra)}".rstrip())
    for name, array in loaded.items():
        if name in params:
            params[name]._load_init(array, ctx, cast_dtype=cast_dtype, dtype_source=dtype_source)


def _all_of(what: str, names: list) -> str:
    return f" All {len(names)} {what}: {brief_list(names)}." if len(names) > 1 else ""


def _shape_text(value) -> str:
    """MXNet's summary cell for an output: its shape, or the shapes of a (nested) list."""
    def shapes(item):
        if isinstance(item, (list, tuple)):
            return [shapes(element) for element in item]
        return item.shape if isinstance(item, NDArray) else item
    found = shapes(value)
    return str(found)[1:-1] if isinstance(found, list) else str(found)


def print_summary(block, inputs: tuple) -> None:
    """Run `block(*inputs)` with a hook on every layer (containers excepted) and print MXNet's
    table: each layer's output shape and parameter count, then the totals."""
    rows: OrderedDict = OrderedDict()
    seen: set = set()
    handles = []

    def hook(layer, _, outputs):
        key = f"{type(layer).__name__}-{len(rows)}"
        row = rows[key] = {"output_shape": _shape_text(outputs), "n_params": 0,
                           "trainable": 0, "shared": 0}
        for param in layer.params.values():
            size = param.data().size
            row["n_params"] += size
            row["trainable"] += 0 if param.grad_req == "null" else size
            if id(param) in seen:
                row["shared"] += size
            seen.add(id(param))

    def register(layer):
        if getattr(layer, "_active", False):
            raise AssertionError(f'"{layer.name}" must not be hybridized to print summary.')
        if not getattr(layer, "_is_container", False):
            handles.append(layer.register_forward_hook(hook))

    rows["Input"] = {"output_shape": _shape_text(inputs),
                     "n_params": 0, "trainable": 0, "shared": 0}
    try:
        block.apply(register)
        block(*inputs)
        line = "{:>20}  {:>42} {:>15}"
        print("-" * 80)
        print(line.format("Layer (type)", "Output Shape", "Param #"))
        print("=" * 80)
        for name, row in rows.items():
            print(line.format(name, row["output_shape"], row["n_params"]))
        total = sum(row["n_params"] for row in rows.values())
        trainable = sum(row["trainable"] for row in rows.values())
        shared = sum(row["shared"] for row in rows.values())
        print("=" * 80)
        print("Parameters in forward computation graph, duplicate included")
        print(f"   Total params: {total}")
        print(f"   Trainable params: {trainable}")
        print(f"   Non-trainable params: {total - trainable}")
        print(f"Shared params in forward computation graph: {shared}")
        print(f"Unique parameters in model: {total - shared}")
        print("-" * 80)
    finally:
        for handle in handles:
            handle.detach()
