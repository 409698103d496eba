"""Random sampling, `nd.random.*`, gathered here (ops/__init__.py imports this module to
register it): the per-device streams and `nd.random.seed` (random_streams.py), the
distributions, their `*_like` forms and MXNet's older names (random_distributions.py), shuffle
and multinomial (random_draws.py).
"""
from __future__ import annotations

from ndsh.engine.ops.random_distributions import (
    exponential,
    exponential_like,
    gamma,
    gamma_like,
    generalized_negative_binomial,
    generalized_negative_binomial_like,
    negative_binomial,
    negative_binomial_like,
    normal,
    normal_like,
    poisson,
    poisson_like,
    randint,
    randn,
    random_exponential,
    sample_exponential,
    sample_normal,
    uniform,
    uniform_like,
)
from ndsh.engine.ops.random_draws import multinomial, shuffle
from ndsh.engine.ops.random_streams import _generator, seed  # noqa: F401  (ops/image.py's coin)

__all__ = ["seed", "normal", "uniform", "randn", "randint", "exponential", "gamma", "poisson",
           "negative_binomial", "generalized_negative_binomial", "shuffle", "multinomial",
           "normal_like", "uniform_like", "exponential_like", "gamma_like", "poisson_like",
           "negative_binomial_like", "generalized_negative_binomial_like", "sample_normal",
           "random_exponential", "sample_exponential"]
