"""The optimizer base class, its registry and the Updater, as MXNet 1.9.1's `mx.optimizer`.

An Optimizer holds the hyper-parameters and the bookkeeping shared by every update rule: the
learning rate (or a scheduler), weight decay, gradient rescaling and clipping, per-parameter
multipliers and the count of updates made to each weight. A subclass says how to make a state
for a weight (`create_state`) and how to update a weight from its gradient and state
(`update`). The Updater (what `get_updater` returns, and what `gluon.Trainer` drives) keeps one
state per weight index and calls the optimizer.
"""
from __future__ import annotations

import os
import pickle
import warnings

import numpy

from ndsh.engine import NDArray, nd

__all__ = ["Optimizer", "Updater", "register", "create", "get_updater"]


class Optimizer:
    """The base of all optimizers: what every update rule shares.

    Parameters:
        rescale_grad: the gradient is multiplied by this before the update (a Trainer sets it
            to 1/batch_size at each step).
        param_idx2name: {index: parameter name}; with it, weight decay is off by default for the
            names that do not end in '_weight' or '_gamma'.
        wd: the weight decay (L2 penalty) coefficient.
        clip_gradient: clip the (rescaled) gradient into [-clip_gradient, clip_gradient];
            None or 0: no clipping.
        learning_rate: the learning rate; None: the scheduler's, or 0.01 without one. Given
            with a scheduler, it overwrites the scheduler's base_lr.
        lr_scheduler: an `mx.lr_scheduler` schedule, called with the update count.
        sym: accepted for MXNet's signature (ndsh has no symbols); its '__lr_mult__' and
            '__wd_mult__' attributes are read if it has `attr_dict()` and `list_arguments()`.
        begin_num_update: the update count to start from.
        multi_precision: update float16 weights through a float32 master copy.
        param_dict: {index: gluon.Parameter}, whose lr_mult and wd_mult apply (a Trainer
            fills it).

    Example:
        >>> @mx.optimizer.register
        ... class HalfStep(mx.optimizer.Optimizer):
        ...     def update(self, index, weight, grad, state):
        ...         self._update_count(index)
        ...         weight -= 0.5 * self._get_lr(index) * self.rescale_grad * grad
        >>> opt = mx.optimizer.create('halfstep', learning_rate=0.2)
        >>> w = nd.array([1.0, 2.0])
        >>> mx.optimizer.get_updater(opt)(0, nd.array([1.0, -1.0]), w)
        >>> w
        <BLANKLINE>
        [0.9 2.1]
        <NDArray 2 @cpu(0)>
        >>> del mx.optimizer.Optimizer.opt_registry['halfstep']
    """

    opt_registry: dict = {}

    def __init__(self, rescale_grad: float = 1., param_idx2name: dict | None = None,
                 wd: float = 0., clip_gradient: float | None = None,
                 learning_rate: float | None = None, lr_scheduler=None, sym=None,
                 begin_num_update: int = 0, multi_precision: bool = False,
                 param_dict: dict | None = None):
        self.rescale_grad = rescale_grad
        self.lr_scheduler = lr_scheduler
        if self.lr_scheduler is None and learning_rate is None:
            learning_rate = 0.01
        self.lr = learning_rate
        if self.lr_scheduler is not None and learning_rate is not None \
                and self.lr_scheduler.base_lr != learning_rate:
            # MXNet prints this (it does not warn through the warnings module)
            print(UserWarning("learning rate from ``lr_scheduler`` has been overwritten by "
                              "``learning_rate`` in optimizer."))
            self.lr_scheduler.base_lr = learning_rate
        self.wd = wd
        self.lr_mult: dict = {}
        self.wd_mult: dict = {}
        self.begin_num_update = begin_num_update
        self.num_update = begin_num_update
        self._all_index_update_counts: dict = {0: {}}
        self._index_update_count = self._all_index_update_counts[0]
        self.clip_gradient = clip_gradient
        self.multi_precision = multi_precision
        self.aggregate_num = 0
        if param_idx2name is None:
            param_idx2name = {}
        assert isinstance(param_idx2name, dict), \
            "param_idx2name should be a dict of param indexes to names."
        self.idx2name = param_idx2name.copy()
        self.sym_info = (sym.attr_dict(), sym.list_arguments()) if sym is not None else ()
        self.param_dict = param_dict if param_dict else {}
        self.allow_np_array = False
        self.set_lr_mult({})
        self.set_wd_mult({})

    # ----- the registry -------------------------------------------------------------------
    @staticmethod
    def register(klass: type) -> type:
        """Register an Optimizer subclass under its lower-cased class name (a decorator).

        Example:
            >>> @mx.optimizer.Optimizer.register
            ... class Nothing(mx.optimizer.Optimizer):
            ...     def update(self, index, weight, grad, state):
            ...         pass
            >>> type(mx.optimizer.Optimizer.create_optimizer('NOTHING')).__name__
            'Nothing'
            >>> del mx.optimizer.Optimizer.opt_registry['nothing']
        """
        assert isinstance(klass, type)
        name = klass.__name__.lower()
        if name in Optimizer.opt_registry:
            old = Optimizer.opt_registry[name]
            warnings.warn(f"WARNING: New optimizer {klass.__module__}.{klass.__name__} is "
                          f"overriding existing optimizer {old.__module__}.{old.__name__}",
                          stacklevel=2)
        Optimizer.opt_registry[name] = klass
        return klass

    @staticmethod
    def create_optimizer(name: str, **kwargs) -> "Optimizer":
        """An optimizer made from its registered name (any case) and keyword arguments.

        Example:
            >>> opt = mx.optimizer.Optimizer.create_optimizer('sgd', learning_rate=0.1,
            ...                                              momentum=0.9)
            >>> type(opt).__name__, opt.lr, opt.momentum
            ('SGD', 0.1, 0.9)
        """
        if name.lower() in Optimizer.opt_registry:
            return Optimizer.opt_registry[name.lower()](**kwargs)
        raise ValueError(f"Cannot find optimizer {name}")

    # ----- the learning rate --------------------------------------------------------------
    @property
    def learning_rate(self) -> float:
        """The current learning rate: the scheduler's at the current update count, or lr."""
        if self.lr_scheduler is not None:
            return self.lr_scheduler(self.num_update)
        return self.lr

    def set_learning_rate(self, lr: float) -> None:
        """Set the learning rate (refused, as MXNet refuses it, when a scheduler sets it).

        Example:
            >>> opt = mx.optimizer.create('sgd'); opt.set_learning_rate(0.5); opt.learning_rate
            0.5
        """
        if self.lr_scheduler is not None:
            raise UserWarning("LRScheduler of the optimizer has already been defined. Note "
                              "that set_learning_rate can mutate the value of the learning "
                              "rate of the optimizer only when the LRScheduler of the "
                              "optimizer is undefined.")
        self.lr = lr

    def set_lr_scale(self, args_lrscale):  # noqa: ARG002  (MXNet's deprecated name)
        """[Deprecated in MXNet] Use set_lr_mult."""
        raise DeprecationWarning

    def set_lr_mult(self, args_lr_mult: dict) -> None:
        """Set learning-rate multipliers, keyed by parameter index or name.

        Example:
            >>> opt = mx.optimizer.create('sgd', learning_rate=0.1); opt.set_lr_mult({0: 0.5})
            >>> opt._get_lr(0), opt._get_lr(1)
            (0.05, 0.1)
        """
        self.lr_mult = {}
        if self.sym_info:
            attr, arg_names = self.sym_info
            for name in arg_names:
                if name in attr and "__lr_mult__" in attr[name]:
                    self.lr_mult[name] = float(attr[name]["__lr_mult__"])
        self.lr_mult.update(args_lr_mult)

    def set_wd_mult(self, args_wd_mult: dict) -> None:
        """Set weight-decay multipliers, keyed by parameter index or name. With
        param_idx2name, the names not ending in '_weight' or '_gamma' start at 0.

        Example:
            >>> names = {0: 'fc_weight', 1: 'fc_bias'}
            >>> opt = mx.optimizer.create('sgd', wd=0.1, param_idx2name=names)
            >>> opt._get_wd(0), opt._get_wd(1)
            (0.1, 0.0)
        """
        self.wd_mult = {}
        for n in self.idx2name.values():
            if not (n.endswith("_weight") or n.endswith("_gamma")):
                self.wd_mult[n] = 0.0
        if self.sym_info:
            attr, arg_names = self.sym_info
            for name in arg_names:
                if name in attr and "__wd_mult__" in attr[name]:
                    self.wd_mult[name] = float(attr[name]["__wd_mult__"])
        self.wd_mult.update(args_wd_mult)

    # ----- states and updates -------------------------------------------------------------
    def create_state(self, index, weight: NDArray):
        """The auxiliary state of a weight (momentum, moments...); None if it needs none."""

    def create_state_multi_precision(self, index, weight: NDArray):
        """The state of a weight, with a float32 master copy first when multi_precision is on
        and the weight is float16: (weight32, state)."""
        if self.multi_precision and weight.dtype == numpy.float16:
            master = weight.astype(numpy.float32)
            return (master,) + (self.create_state(index, master),)
        if weight.dtype == numpy.float16 and not self.multi_precision:
            warnings.warn("Accumulating with float16 in optimizer can lead to poor accuracy or "
                          "slow convergence. Consider using multi_precision=True option of the "
                          "optimizer", stacklevel=2)
        return self.create_state(index, weight)

    def update(self, index, weight: NDArray, grad: NDArray, state) -> None:
        """Update `weight` in place from `grad` and `state` (a subclass says how)."""
        raise NotImplementedError()

    def update_multi_precision(self, index, weight: NDArray, grad: NDArray, state) -> None:
        """`update`, through the float32 master copy when the state holds one."""
        if self.multi_precision and weight.dtype == numpy.float16:
            master, inner = state
            self.update(index, master, grad.astype(numpy.float32), inner)
            nd.cast(master, dtype=weight.dtype, out=weight)
        else:
            self.update(index, weight, grad, state)

    # ----- bookkeeping --------------------------------------------------------------------
    def _set_current_context(self, device_id: int) -> None:
        if device_id not in self._all_index_update_counts:
            self._all_index_update_counts[device_id] = {}
        self._index_update_count = self._all_index_update_counts[device_id]

    def _update_count(self, index) -> None:
        """Count one more update of each index; num_update is the largest count."""
        for idx in index if isinstance(index, (list, tuple)) else [index]:
            if idx not in self._index_update_count:
                self._index_update_count[idx] = self.begin_num_update
            self._index_update_count[idx] += 1
            self.num_update = max(self._index_update_count[idx], self.num_update)

    def _get_lrs(self, indices) -> list:
        lr = self.lr_scheduler(self.num_update) if self.lr_scheduler is not None else self.lr
        return [lr * self._multiplier(index, self.lr_mult, "lr_mult") for index in indices]

    def _get_lr(self, index) -> float:
        return self._get_lrs([index])[0]

    def _get_wds(self, indices) -> list:
        return [self.wd * self._multiplier(index, self.wd_mult, "wd_mult") for index in indices]

    def _get_wd(self, index) -> float:
        return self._get_wds([index])[0]

    def _multiplier(self, index, table: dict, attribute: str) -> float:
        # a Parameter's own multiplier first, then the table by index, then by name
        if index in self.param_dict:
            return getattr(self.param_dict[index], attribute)
        if index in table:
            return table[index]
        if index in self.idx2name:
            return table.get(self.idx2name[index], 1.0)
        return 1.0

    def __getstate__(self):
        state = self.__dict__.copy()
        del state["param_dict"]     # a Trainer sets it again after loading
        return state

    def __setstate__(self, state):
        self.__dict__ = state
        self.param_dict = {}


register = Optimizer.register
create = Optimizer.create_optimizer


def aggregation_size(default: str) -> int:
    """MXNET_OPTIMIZER_AGGREGATION_SIZE, as MXNet's SGD and LAMB read it."""
    return int(os.getenv("MXNET_OPTIMIZER_AGGREGATION_SIZE", default))


def zeros_like_weight(weight: NDArray, dtype=None) -> NDArray:
    """A zero state for `weight`: its shape, context and (unless given) dtype."""
    return nd.zeros(weight.shape, ctx=weight.context, dtype=dtype or weight.dtype)


class Updater:
    """Keeps one state per weight index and applies the optimizer: `updater(index, grad,
    weight)` updates weight in place (index, grad and weight may be lists). What `get_updater`
    returns and what a Trainer drives.

    Example:
        >>> opt = mx.optimizer.create('sgd', learning_rate=0.1, momentum=0.9)
        >>> upd = mx.optimizer.Updater(opt)
        >>> w = nd.array([1.0, -2.0])
        >>> upd(0, nd.array([0.5, 1.0]), w); upd(0, nd.array([0.5, 1.0]), w)
        >>> w
        <BLANKLINE>
        [ 0.855 -2.29 ]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self, optimizer: Optimizer):
        self.optimizer = optimizer
        self.states: dict = {}
        self.states_synced: dict = {}
        self.aggregate_updates = optimizer.aggregate_num > 0

    def __call__(self, index, grad, weight) -> None:
        if not isinstance(index, (list, tuple)):
            indices, grads, weights = [index], [grad], [weight]
        else:
            indices, grads, weights = list(index), list(grad), list(weight)
        if weights:
            self.optimizer._set_current_context(weights[0].context.device_id)
        for i, idx in enumerate(indices):
            if isinstance(idx, bytes):
                indices[i] = idx = idx.decode("utf-8")
            if idx not in self.states:
                self.states[idx] = self.optimizer.create_state_multi_precision(idx, weights[i])
                self.states_synced[idx] = True
            elif not self.states_synced[idx]:
                self.states[idx] = self.sync_state_context(self.states[idx],
                                                           weights[i].context)
                self.states_synced[idx] = True
        if not self.aggregate_updates:
            for i, w, g in zip(indices, weights, grads):
                self.optimizer.update_multi_precision(i, w, g, self.states[i])
            return
        # MXNet's grouping: weights of one dtype, aggregate_num at a time, as lists
        by_dtype: dict = {}
        for i, w, g in zip(indices, weights, grads):
            by_dtype.setdefault(w.dtype, []).append((i, w, g))
        size = self.optimizer.aggregate_num
        for group in by_dtype.values():
            for start in range(0, len(group), size):
                idx, ws, gs = zip(*group[start:start + size])
                self.optimizer.update_multi_precision(
                    list(idx), list(ws), list(gs), [self.states[i] for i in idx])

    def sync_state_context(self, state, context):
        """The state moved to `context` (after loading states saved elsewhere)."""
        if isinstance(state, NDArray):
            return state.as_in_context(context)
        if isinstance(state, (tuple, list)):
            synced = [self.sync_state_context(s, context) for s in state]
            return tuple(synced) if isinstance(state, tuple) else synced
        return state

    def set_states(self, states: bytes) -> None:
        """Load the states (and the optimizer, if saved with it) from get_states' bytes."""
        states = pickle.loads(states)
        if isinstance(states, tuple) and len(states) == 2:
            self.states, self.optimizer = states
            # MXNet keeps the first optimizer's choice and fails on a loaded optimizer of
            # another kind; the loaded one decides here
            self.aggregate_updates = self.optimizer.aggregate_num > 0
        else:
            self.states = states
        self.states_synced = dict.fromkeys(self.states.keys(), False)

    def get_states(self, dump_optimizer: bool = False) -> bytes:
        """The states (with the optimizer if dump_optimizer) as pickled bytes."""
        return pickle.dumps((self.states, self.optimizer) if dump_optimizer else self.states)


def get_updater(optimizer: Optimizer) -> Updater:
    """An Updater for `optimizer`: `upd(index, grad, weight)` updates weight in place.

    Example:
        >>> upd = mx.optimizer.get_updater(mx.optimizer.create('adam', learning_rate=0.1))
        >>> w = nd.array([1.0, -2.0, 0.5]); upd(0, nd.array([0.5, 1.0, -3.0]), w); w
        <BLANKLINE>
        [ 0.8999994 -2.1000006  0.6000006]
        <NDArray 3 @cpu(0)>
    """
    return Updater(optimizer)
