"""What a Block writes and prints: save_parameters / load_parameters (MXNet's parameter files,
keyed by structural names) and summary() (the table of layers, shapes and parameter counts).

Kept apart from block.py so that the Block class reads as the API it is; these functions take
the block as their first argument and use only its public face and `_collect_params_with_prefix`.
"""
from __future__ import annotations

import warnings
from collections import OrderedDict, defaultdict

from ndsh.engine import NDArray, nd
from ndsh.gluon.np_mode import is_np, np_array_on, to_np
from ndsh.gluon.parameter_base import brief_list


def save_parameters(block, filename: str, deduplicate: bool = False) -> None:
    """Write `block`'s parameters with nd.save (npx.save in np mode), keyed by structural
    name ('0.weight'); a
    parameter shared under several names is written once (its last name) with `deduplicate`."""
    params = block._collect_params_with_prefix()
    if deduplicate:
        last_name = {id(param): name for name, param in params.items()}
        params = {name: param for name, param in params.items() if last_name[id(param)] == name}
    arrays = {name: param._reduce() for name, param in params.items()}
    if np_array_on():         # MXNet writes npx.save's np-shape records in np mode
        from ndsh.mxnp.npx_io import save
        save(filename, {name: to_np(array) for name, array in arrays.items()})
        return
    nd.save(filename, arrays)


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
        return item.shape if isinstance(item, NDArray) or is_np(item) else item
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


class BlockFiles:
    """Block's parameter files and summary, as methods (Block inherits them)."""

    def save_parameters(self, filename: str, deduplicate: bool = False) -> None:
        """Save the parameters in MXNet's format (nd.save of a dict keyed by structural names,
        `0.weight`, `body.1.bias`: MXNet 1.9.1 loads the file), replacing the file atomically.

        Parameters:
            filename: the file to write.
            deduplicate: save a parameter shared by several blocks once, under its last name.

        Example:
            >>> import os, tempfile; path = os.path.join(tempfile.mkdtemp(), 'net.params')
            >>> net = gluon.nn.Sequential()
            >>> net.add(gluon.nn.Dense(3, in_units=4), gluon.nn.Dense(1, in_units=3))
            >>> net.initialize(); net.save_parameters(path); sorted(nd.load(path))
            ['0.bias', '0.weight', '1.bias', '1.weight']
        """
        save_parameters(self, filename, deduplicate)

    def load_parameters(self, filename: str, ctx=None, allow_missing: bool = False,
                        ignore_extra: bool = False, cast_dtype: bool = False,
                        dtype_source: str = "current") -> None:
        """Load parameters from a file save_parameters wrote (here or in MXNet), matching by
        structural name; it initializes parameters not yet initialized, even deferred ones.
        A file of prefixed names (save_params, collect_params().save) loads too.

        Parameters:
            filename: the file to read.
            ctx: the contexts for parameters not yet initialized; cpu(0) by default.
            allow_missing: let parameters the file lacks keep their values.
            ignore_extra: skip names of the file this block does not have.
            cast_dtype: convert saved arrays of another dtype instead of refusing them.
            dtype_source: with cast_dtype, keep the 'current' dtype or take the 'saved' one.

        Example:
            >>> import os, tempfile; path = os.path.join(tempfile.mkdtemp(), 'net.params')
            >>> nd.save(path, {'weight': nd.ones((1, 2)), 'bias': nd.zeros(1)})
            >>> net = gluon.nn.Dense(1); net.load_parameters(path)
            >>> net
            Dense(2 -> 1, linear)
            >>> net(nd.array([[1, 2]]))
            <BLANKLINE>
            [[3.]]
            <NDArray 1x1 @cpu(0)>

        Departs from MXNet:
            When the file holds names the block lacks, the error lists the names the block
            has and every name it lacks (MXNet 1.9.1 lists a container's own, often empty,
            parameters); when the block has names the file lacks, the error ends with all of
            them.
        """
        load_parameters(self, filename, ctx, allow_missing, ignore_extra, cast_dtype,
                        dtype_source)

    def save_params(self, filename: str) -> None:
        """[Deprecated] Save the parameters keyed by full name less this block's prefix
        (`dense0_weight`); use save_parameters.

        Parameters:
            filename: the file to write.

        Example:
            >>> import os, tempfile, warnings; path = os.path.join(tempfile.mkdtemp(), 'p')
            >>> net = gluon.nn.Dense(1, in_units=1, prefix='fc_'); net.initialize()
            >>> with warnings.catch_warnings():
            ...     warnings.simplefilter('ignore'); net.save_params(path)
            >>> sorted(nd.load(path))
            ['bias', 'weight']
        """
        warnings.warn("save_params is deprecated. Please use save_parameters. Note that if you "
                      "want load from SymbolBlock later, please use export instead. For "
                      "details, see https://mxnet.apache.org/tutorials/gluon/save_load_params"
                      ".html", stacklevel=2)
        try:
            self.collect_params().save(filename, strip_prefix=self.prefix)
        except ValueError as error:
            raise ValueError(f"{error}\nsave_params is deprecated. Using save_parameters may "
                             f"resolve this error.") from error

    def load_params(self, filename: str, ctx=None, allow_missing: bool = False,
                    ignore_extra: bool = False) -> None:
        """[Deprecated] load_parameters under its old name.

        Parameters:
            filename: the file to read.
            ctx: the contexts for parameters not yet initialized.
            allow_missing: let parameters the file lacks keep their values.
            ignore_extra: skip names of the file this block does not have.

        Example:
            >>> import os, tempfile, warnings; path = os.path.join(tempfile.mkdtemp(), 'p')
            >>> nd.save(path, {'weight': nd.ones((1, 1)), 'bias': nd.ones(1)})
            >>> net = gluon.nn.Dense(1)
            >>> with warnings.catch_warnings():
            ...     warnings.simplefilter('ignore'); net.load_params(path)
            >>> net.bias.data()
            <BLANKLINE>
            [1.]
            <NDArray 1 @cpu(0)>
        """
        warnings.warn("load_params is deprecated. Please use load_parameters.", stacklevel=2)
        self.load_parameters(filename, ctx, allow_missing, ignore_extra)

    def summary(self, *inputs) -> None:
        """Print a table of every layer's output shape and parameter count for `inputs`, and
        the totals, as MXNet prints it (the block must be initialized).

        Parameters:
            *inputs: the inputs of one forward pass.

        Example:
            >>> net = gluon.nn.Sequential()
            >>> net.add(gluon.nn.Dense(4, in_units=3), gluon.nn.Dense(2, in_units=4))
            >>> net.initialize(); net.summary(nd.ones((2, 3)))  # doctest: +NORMALIZE_WHITESPACE
            --------------------------------------------------------------------------------
                    Layer (type)                                Output Shape         Param #
            ================================================================================
                           Input                                      (2, 3)               0
                         Dense-1                                      (2, 4)              16
                         Dense-2                                      (2, 2)              10
            ================================================================================
            Parameters in forward computation graph, duplicate included
               Total params: 26
               Trainable params: 26
               Non-trainable params: 0
            Shared params in forward computation graph: 0
            Unique parameters in model: 26
            --------------------------------------------------------------------------------

        Departs from MXNet:
            MXNet traces a network with deferred shapes symbolically, and its hooks then
            print extra rows such as `Activation-1  <Symbol dense0_relu_fwd>`; ndsh has no
            symbols, so a layer's row appears once, with its real output shape.
        """
        print_summary(self, inputs)
