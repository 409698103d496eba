"""Learning-rate schedules, as MXNet 1.9.1's `mx.lr_scheduler`: a scheduler is called with the
number of updates done so far and returns the learning rate to use.

Schedulers keep state, as MXNet's do: `FactorScheduler` and `MultiFactorScheduler` lower their
`base_lr` as the update count passes each step and never raise it again, so calling one with a
smaller count afterwards returns the lowered rate. An optimizer given a `learning_rate` and an
`lr_scheduler` writes that rate into the scheduler's `base_lr` (see `ndsh.gluon.optimizer`).
"""
from __future__ import annotations

import logging
from math import cos, pi

__all__ = ["LRScheduler", "FactorScheduler", "MultiFactorScheduler", "PolyScheduler",
           "CosineScheduler"]

_log = logging.getLogger(__name__)


class LRScheduler:
    """The base of the learning-rate schedulers: a warm-up phase, then `__call__` of a subclass.

    Parameters:
        base_lr: the learning rate the schedule starts from (after any warm-up).
        warmup_steps: how many updates the warm-up lasts (0: none).
        warmup_begin_lr: the learning rate at update 0 of the warm-up.
        warmup_mode: 'linear' (rising in equal steps to base_lr) or 'constant'
            (warmup_begin_lr throughout).

    Example:
        >>> class Halving(mx.lr_scheduler.LRScheduler):
        ...     def __call__(self, num_update):
        ...         if num_update < self.warmup_steps:
        ...             return self.get_warmup_lr(num_update)
        ...         return self.base_lr / 2 ** num_update
        >>> s = Halving(base_lr=1.0, warmup_steps=2, warmup_begin_lr=0.5)
        >>> [s(i) for i in range(5)]
        [0.5, 0.75, 0.25, 0.125, 0.0625]
    """

    def __init__(self, base_lr: float = 0.01, warmup_steps: int = 0,
                 warmup_begin_lr: float = 0, warmup_mode: str = "linear"):
        self.base_lr = base_lr
        assert isinstance(warmup_steps, int)
        self.warmup_steps = warmup_steps
        self.warmup_final_lr = base_lr
        self.warmup_begin_lr = warmup_begin_lr
        if self.warmup_begin_lr > self.warmup_final_lr:
            raise ValueError("Base lr has to be higher than warmup_begin_lr")
        if self.warmup_steps < 0:
            raise ValueError("Warmup steps has to be positive or 0")
        if warmup_mode not in ("linear", "constant"):
            raise ValueError("Supports only linear and constant modes of warmup")
        self.warmup_mode = warmup_mode

    def get_warmup_lr(self, num_update: int) -> float:
        """The learning rate at update `num_update` of the warm-up (which must not be over).

        Example:
            >>> s = mx.lr_scheduler.FactorScheduler(step=5, base_lr=1.0, warmup_steps=4)
            >>> s.get_warmup_lr(1)
            0.25
        """
        assert num_update < self.warmup_steps
        if self.warmup_mode == "constant":
            return self.warmup_begin_lr
        rise = (self.warmup_final_lr - self.warmup_begin_lr) * float(num_update) \
            / float(self.warmup_steps)
        return self.warmup_begin_lr + rise

    def __call__(self, num_update: int) -> float:
        raise NotImplementedError("must override this")


class FactorScheduler(LRScheduler):
    """Multiply the learning rate by `factor` each time the update count passes another `step`.

    The rate is `base_lr * factor**k` once the count exceeds `k * step` (after the warm-up,
    which the count includes), and never goes below `stop_factor_lr`.

    Parameters:
        step: how many updates between two decays (at least 1).
        factor: the multiplier (at most 1).
        stop_factor_lr: the floor of the learning rate.
        base_lr, warmup_steps, warmup_begin_lr, warmup_mode: as LRScheduler's.

    Example:
        >>> s = mx.lr_scheduler.FactorScheduler(step=3, factor=0.5, base_lr=1.0)
        >>> [s(i) for i in range(9)]
        [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25]
    """

    def __init__(self, step: int, factor: float = 1, stop_factor_lr: float = 1e-8,
                 base_lr: float = 0.01, warmup_steps: int = 0, warmup_begin_lr: float = 0,
                 warmup_mode: str = "linear"):
        super().__init__(base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        if step < 1:
            raise ValueError("Schedule step must be greater or equal than 1 round")
        if factor > 1.0:
            raise ValueError("Factor must be no more than 1 to make lr reduce")
        self.step = step
        self.factor = factor
        self.stop_factor_lr = stop_factor_lr
        self.count = 0

    def __call__(self, num_update: int) -> float:
        if num_update < self.warmup_steps:
            return self.get_warmup_lr(num_update)
        while num_update > self.count + self.step:
            self.count += self.step
            self.base_lr *= self.factor
            if self.base_lr < self.stop_factor_lr:
                self.base_lr = self.stop_factor_lr
                _log.info("Update[%d]: now learning rate arrived at %0.5e, will not change in "
                          "the future", num_update, self.base_lr)
            else:
                _log.info("Update[%d]: Change learning rate to %0.5e", num_update, self.base_lr)
        return self.base_lr


class MultiFactorScheduler(LRScheduler):
    """Multiply the learning rate by `factor` each time the update count passes one of `step`.

    Parameters:
        step: an increasing list of update counts (each at least 1).
        factor: the multiplier (at most 1).
        base_lr, warmup_steps, warmup_begin_lr, warmup_mode: as LRScheduler's.

    Example:
        >>> s = mx.lr_scheduler.MultiFactorScheduler(step=[2, 5], factor=0.1, base_lr=1.0)
        >>> [round(s(i), 6) for i in range(8)]
        [1.0, 1.0, 1.0, 0.1, 0.1, 0.1, 0.01, 0.01]
    """

    def __init__(self, step: list, factor: float = 1, base_lr: float = 0.01,
                 warmup_steps: int = 0, warmup_begin_lr: float = 0, warmup_mode: str = "linear"):
        super().__init__(base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        assert isinstance(step, list) and len(step) >= 1
        for i, each in enumerate(step):
            if i != 0 and step[i] <= step[i - 1]:
                raise ValueError("Schedule step must be an increasing integer list")
            if each < 1:
                raise ValueError("Schedule step must be greater or equal than 1 round")
        if factor > 1.0:
            raise ValueError("Factor must be no more than 1 to make lr reduce")
        self.step = step
        self.cur_step_ind = 0
        self.factor = factor
        self.count = 0

    def __call__(self, num_update: int) -> float:
        if num_update < self.warmup_steps:
            return self.get_warmup_lr(num_update)
        while self.cur_step_ind < len(self.step) \
                and num_update > self.step[self.cur_step_ind]:
            self.count = self.step[self.cur_step_ind]
            self.cur_step_ind += 1
            self.base_lr *= self.factor
            _log.info("Update[%d]: Change learning rate to %0.5e", num_update, self.base_lr)
        return self.base_lr


class PolyScheduler(LRScheduler):
    """Decay the learning rate along a polynomial: after the warm-up,
    `final_lr + (base_lr - final_lr) * (1 - t / (max_update - warmup_steps)) ** pwr`, where t
    counts the updates since the warm-up; past max_update the rate stays where it got to.

    Parameters:
        max_update: the update count at which the decay reaches final_lr.
        base_lr: the starting rate; pwr: the power; final_lr: the end rate.
        warmup_steps, warmup_begin_lr, warmup_mode: as LRScheduler's.

    Example:
        >>> s = mx.lr_scheduler.PolyScheduler(max_update=10, base_lr=1.0, pwr=2)
        >>> [round(s(i), 6) for i in (0, 1, 5, 10, 12)]
        [1.0, 0.81, 0.25, 0.0, 0.0]
    """

    def __init__(self, max_update: int, base_lr: float = 0.01, pwr: float = 2,
                 final_lr: float = 0, warmup_steps: int = 0, warmup_begin_lr: float = 0,
                 warmup_mode: str = "linear"):
        super().__init__(base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        assert isinstance(max_update, int)
        if max_update < 1:
            raise ValueError("maximum number of updates must be strictly positive")
        self.power = pwr
        # MXNet decays from the rate given here: an optimizer that later overwrites base_lr
        # changes nothing once the first update is past the warm-up.
        self.base_lr_orig = self.base_lr
        self.max_update = max_update
        self.final_lr = final_lr
        self.max_steps = self.max_update - self.warmup_steps

    def __call__(self, num_update: int) -> float:
        if num_update < self.warmup_steps:
            return self.get_warmup_lr(num_update)
        if num_update <= self.max_update:
            done = float(num_update - self.warmup_steps) / float(self.max_steps)
            self.base_lr = self.final_lr + (self.base_lr_orig - self.final_lr) \
                * pow(1 - done, self.power)
        return self.base_lr


class CosineScheduler(LRScheduler):
    """Decay the learning rate along half a cosine: after the warm-up,
    `final_lr + (base_lr - final_lr) * (1 + cos(pi * t / (max_update - warmup_steps))) / 2`,
    where t counts the updates since the warm-up; past max_update the rate stays at final_lr.

    Parameters:
        max_update: the update count at which the decay reaches final_lr.
        base_lr: the starting rate; final_lr: the end rate.
        warmup_steps, warmup_begin_lr, warmup_mode: as LRScheduler's.

    Example:
        >>> s = mx.lr_scheduler.CosineScheduler(max_update=10, base_lr=1.0, warmup_steps=2)
        >>> [round(s(i), 6) for i in (0, 1, 2, 6, 10, 11)]
        [0.0, 0.5, 1.0, 0.5, 0.0, 0.0]
    """

    def __init__(self, max_update: int, base_lr: float = 0.01, final_lr: float = 0,
                 warmup_steps: int = 0, warmup_begin_lr: float = 0, warmup_mode: str = "linear"):
        super().__init__(base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        assert isinstance(max_update, int)
        if max_update < 1:
            raise ValueError("maximum number of updates must be strictly positive")
        self.base_lr_orig = base_lr
        self.max_update = max_update
        self.final_lr = final_lr
        self.max_steps = self.max_update - self.warmup_steps

    def __call__(self, num_update: int) -> float:
        if num_update < self.warmup_steps:
            return self.get_warmup_lr(num_update)
        if num_update <= self.max_update:
            angle = pi * (num_update - self.warmup_steps) / self.max_steps
            self.base_lr = self.final_lr + (self.base_lr_orig - self.final_lr) \
                * (1 + cos(angle)) / 2
        return self.base_lr
