"""The containers (Sequential, HybridSequential) and the basic layers: Dense, Dropout,
Embedding, Flatten, Lambda, HybridLambda (MXNet 1.9.1's `gluon.nn`)."""
from __future__ import annotations

import warnings

from ndsh.engine import mxnet_errors, nd
from ndsh.gluon.block import Block, HybridBlock
from ndsh.gluon.nn.activations import Activation
from ndsh.gluon.parameter import indent

__all__ = ["Sequential", "HybridSequential", "Dense", "Dropout", "Embedding", "Flatten",
           "Lambda", "HybridLambda"]


class _Stack:
    """What Sequential and HybridSequential share: add, indexing, slicing, len, repr."""

    _is_container = True      # summary() lists the layers inside, not the container

    def add(self, *blocks) -> None:
        """Append blocks, in order, as children '0', '1'...

        Parameters:
            *blocks: the blocks to append.

        Example:
            >>> net = gluon.nn.Sequential(); net.add(gluon.nn.Dense(3), gluon.nn.Dense(1))
            >>> len(net)
            2
        """
        for block in blocks:
            self.register_child(block)

    def __repr__(self) -> str:
        lines = [f"  ({key}): {indent(repr(block), 2)}" for key, block in self._children.items()]
        return "{}(\n{}\n)".format(type(self).__name__, "\n".join(lines))

    def __getitem__(self, key):
        layers = list(self._children.values())[key]
        if not isinstance(layers, list):
            return layers
        net = type(self)(prefix=self._prefix)
        with net.name_scope():
            net.add(*layers)
        return net

    def __len__(self) -> int:
        return len(self._children)

    def __iter__(self):
        return iter(self._children.values())


class Sequential(_Stack, Block):
    """Blocks run one after another: each one's output is the next one's input.

    Parameters:
        prefix: the prefix of the names (`sequential0_`).
        params: a ParameterDict to share.

    Example:
        >>> net = gluon.nn.Sequential()
        >>> net.add(gluon.nn.Dense(4, activation='relu'), gluon.nn.Dense(2))
        >>> net
        Sequential(
          (0): Dense(None -> 4, Activation(relu))
          (1): Dense(None -> 2, linear)
        )
        >>> net.initialize(); net(nd.ones((3, 5))).shape
        (3, 2)
        >>> net[1], len(net[:1])
        (Dense(4 -> 2, linear), 1)
    """

    def forward(self, x):
        for block in self._children.values():
            x = block(x)
        return x

    def hybridize(self, active: bool = True, **kwargs) -> None:
        """Hybridize the HybridBlocks inside (warning that a HybridSequential would do, when
        every child is one).

        Parameters:
            active: turn hybrid mode on or off.
            **kwargs: HybridBlock.hybridize's options.

        Example:
            >>> import warnings
            >>> net = gluon.nn.Sequential(); net.add(gluon.nn.Dropout(0.5))
            >>> with warnings.catch_warnings():
            ...     warnings.simplefilter('ignore'); net.hybridize()
            >>> net[0]._active
            True
        """
        if self._children and all(isinstance(c, HybridBlock) for c in self._children.values()):
            warnings.warn(f"All children of this Sequential layer '{self.prefix}' are "
                          f"HybridBlocks. Consider using HybridSequential for the best "
                          f"performance.", stacklevel=2)
        super().hybridize(active, **kwargs)


class HybridSequential(_Stack, HybridBlock):
    """HybridBlocks run one after another (the children must be HybridBlocks).

    Parameters:
        prefix: the prefix of the names (`hybridsequential0_`).
        params: a ParameterDict to share.

    Example:
        >>> net = gluon.nn.HybridSequential()
        >>> net.add(gluon.nn.Dense(2, in_units=2), gluon.nn.Activation('relu'))
        >>> net.initialize(mx.init.One()); net.hybridize()
        >>> net(nd.array([[1, -3]]))
        <BLANKLINE>
        [[0. 0.]]
        <NDArray 1x2 @cpu(0)>
    """

    def hybrid_forward(self, F, x):
        for block in self._children.values():
            x = block(x)
        return x


class Dense(HybridBlock):
    """A fully connected layer: `activation(dot(x, weight.T) + bias)`, weight of shape
    (units, in_units). With flatten (the default) an input (N, a, b...) is taken as
    (N, a·b...), and a 1-D input (k,) as (k, 1); without it, the last axis is the features.

    Parameters:
        units: the number of outputs.
        activation: an Activation act_type applied after ('relu'...), or None.
        use_bias: whether to add a bias.
        flatten: collapse all axes but the first (True) or work on the last axis (False).
        dtype: the parameters' dtype, 'float32'.
        weight_initializer: the weight's initializer; None takes initialize()'s.
        bias_initializer: the bias's initializer, 'zeros'.
        in_units: the number of inputs; 0 leaves it to the first forward.
        prefix: the block's prefix (`dense0_`).
        params: a ParameterDict to share.

    Example:
        >>> layer = gluon.nn.Dense(3); layer
        Dense(None -> 3, linear)
        >>> layer.initialize(); layer(nd.ones((2, 4, 5))).shape
        (2, 3)
        >>> layer, layer.weight.shape
        (Dense(20 -> 3, linear), (3, 20))

    Departs from MXNet:
        An input whose size does not fit the weight raises a ValueError (an MXNetError) that
        names the layer, the weight's shape, the input's shape and the weight it would need;
        MXNet says `Shape inconsistent, Provided = [2,4], inferred shape=(2,5)`.
    """

    def __init__(self, units: int, activation=None, use_bias: bool = True,
                 flatten: bool = True, dtype="float32", weight_initializer=None,
                 bias_initializer="zeros", in_units: int = 0, **kwargs):
        super().__init__(**kwargs)
        self._flatten = flatten
        with self.name_scope():
            self._units = units
            self._in_units = in_units
            self.weight = self.params.get("weight", shape=(units, in_units),
                                          init=weight_initializer, dtype=dtype,
                                          allow_deferred_init=True)
            if use_bias:
                self.bias = self.params.get("bias", shape=(units,), init=bias_initializer,
                                            dtype=dtype, allow_deferred_init=True)
            else:
                self.bias = None
            self.act = Activation(activation, prefix=activation + "_") \
                if activation is not None else None

    def _features(self, x) -> int:
        if not self._flatten:
            return x.shape[-1]
        size = 1
        for dim in x.shape[1:]:
            size *= dim
        return size

    def infer_shape(self, x, *args) -> None:
        """Set in_units from the input: its size past the first axis (flatten), else its
        last axis.

        Parameters:
            x: the input.
            *args: ignored.

        Example:
            >>> layer = gluon.nn.Dense(2, flatten=False); layer.infer_shape(nd.ones((4, 3, 7)))
            >>> layer.weight.shape
            (2, 7)
        """
        self.weight.shape = (self._units, self._features(x))

    def hybrid_forward(self, F, x, weight, bias=None):
        if self._flatten and x.ndim == 1:
            x = x.reshape((-1, 1))
        features = self._features(x)
        if weight.shape[1] != features:
            raise mxnet_errors.ValueError(
                f"Dense '{self.name}': Shape inconsistent: its weight {self.weight.name} has "
                f"shape {weight.shape} (in_units={weight.shape[1]}), but the input of shape "
                f"{x.shape} has {features} features "
                f"({'its size past the first axis' if self._flatten else 'its last axis'}), "
                f"which needs a weight of shape {(self._units, features)}.")
        out = F.FullyConnected(x, weight, bias, no_bias=bias is None, num_hidden=self._units,
                               flatten=self._flatten)
        return self.act(out) if self.act is not None else out

    def __repr__(self) -> str:
        shape = self.weight.shape
        act = self.act if self.act else "linear"
        return f"{type(self).__name__}({shape[1] if shape[1] else None} -> {shape[0]}, {act})"


class Dropout(HybridBlock):
    """Zero each element with probability `rate` while training (inside autograd.record() or
    train_mode()), scaling the others by 1/(1 - rate); outside training, the input unchanged.

    Parameters:
        rate: the fraction dropped, in [0, 1).
        axes: axes along which one mask is shared (whole rows or channels dropped).
        prefix: the block's prefix.
        params: a ParameterDict to share.

    Example:
        >>> drop = gluon.nn.Dropout(0.5); drop
        Dropout(p = 0.5, axes=())
        >>> drop(nd.ones((2, 2)))          # not training: the input as it is
        <BLANKLINE>
        [[1. 1.]
         [1. 1.]]
        <NDArray 2x2 @cpu(0)>
        >>> with autograd.train_mode():
        ...     kept = drop(nd.ones((1000,)))
        >>> sorted(set(kept.asnumpy().tolist()))
        [0.0, 2.0]
    """

    def __init__(self, rate: float, axes=(), **kwargs):
        super().__init__(**kwargs)
        self._rate = rate
        self._axes = axes

    def hybrid_forward(self, F, x):
        if self._rate > 0:
            return F.Dropout(x, p=self._rate, axes=self._axes, cudnn_off=False)
        return F.identity(x)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(p = {self._rate}, axes={self._axes})"


class Embedding(HybridBlock):
    """Map integer indices to rows of a (input_dim, output_dim) weight: an input of shape S
    gives S + (output_dim,). Float indices are truncated, out-of-range ones clipped.

    Parameters:
        input_dim: the number of rows (the vocabulary size).
        output_dim: the size of each row.
        dtype: the weight's dtype, 'float32'.
        weight_initializer: the weight's initializer; None takes initialize()'s.
        sparse_grad: MXNet's row_sparse gradient; accepted, and the gradient is dense.
        prefix: the block's prefix (`embedding0_`).
        params: a ParameterDict to share.

    Example:
        >>> emb = gluon.nn.Embedding(10, 4); emb
        Embedding(10 -> 4, float32)
        >>> emb.initialize(); emb(nd.array([[1, 2, 3], [4, 5, 9]])).shape
        (2, 3, 4)
    """

    def __init__(self, input_dim: int, output_dim: int, dtype="float32",
                 weight_initializer=None, sparse_grad: bool = False, **kwargs):
        super().__init__(**kwargs)
        self._kwargs = {"input_dim": input_dim, "output_dim": output_dim, "dtype": dtype,
                        "sparse_grad": sparse_grad}
        self.weight = self.params.get("weight", shape=(input_dim, output_dim),
                                      init=weight_initializer, dtype=dtype,
                                      allow_deferred_init=True,
                                      grad_stype="row_sparse" if sparse_grad else "default")

    def hybrid_forward(self, F, x, weight):
        return F.Embedding(x, weight, **self._kwargs)

    def __repr__(self) -> str:
        kw = self._kwargs
        return f"{type(self).__name__}({kw['input_dim']} -> {kw['output_dim']}, {kw['dtype']})"


class Flatten(HybridBlock):
    """Collapse every axis but the first: (N, a, b...) -> (N, a·b...).

    Parameters:
        prefix: the block's prefix.
        params: a ParameterDict to share.

    Example:
        >>> gluon.nn.Flatten()(nd.ones((2, 3, 4))).shape
        (2, 12)
    """

    def hybrid_forward(self, F, x):
        return F.flatten(x)

    def __repr__(self) -> str:
        return type(self).__name__


def _nd_function(function, kind: str):
    if isinstance(function, str):
        if not hasattr(nd, function):
            raise AssertionError(f"Function name {function} is not found in {kind}.")
        return getattr(nd, function), function
    if callable(function):
        return function, function.__name__
    raise ValueError(f"Unrecognized function in lambda: {function} of type {type(function)}")


class Lambda(Block):
    """A Block that applies a function: a callable, or the name of an nd function ('tanh').

    Parameters:
        function: the callable, or the name of an nd function.
        prefix: the block's prefix.

    Example:
        >>> double = gluon.nn.Lambda(lambda x: x * 2); double
        Lambda(<lambda>)
        >>> double(nd.array([1, 2]))
        <BLANKLINE>
        [2. 4.]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self, function, prefix: str | None = None):
        super().__init__(prefix=prefix)
        self._func_impl, _ = _nd_function(function, "ndarray")

    def forward(self, *args):
        return self._func_impl(*args)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._func_impl.__name__})"


class HybridLambda(HybridBlock):
    """A HybridBlock that applies a function `f(F, x, *args)`, or an nd function by name.

    Parameters:
        function: the callable taking (F, x, *args), or the name of an nd function.
        prefix: the block's prefix.

    Example:
        >>> act = gluon.nn.HybridLambda(lambda F, x: F.LeakyReLU(x, slope=0.1)); act
        HybridLambda(<lambda>)
        >>> gluon.nn.HybridLambda('relu')(nd.array([-1, 1]))
        <BLANKLINE>
        [0. 1.]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self, function, prefix: str | None = None):
        super().__init__(prefix=prefix)
        func, self._func_name = _nd_function(function, "symbol/ndarray")
        name = self._func_name          # F's function of that name: nd's, or mx.sym's
        self._func = (lambda F, *args: getattr(F, name)(*args)) \
            if isinstance(function, str) else func

    def hybrid_forward(self, F, x, *args):
        return self._func(F, x, *args)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._func_name})"
