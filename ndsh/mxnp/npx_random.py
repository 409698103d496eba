"""`mx.npx.random`: seeding the generator that `mx.np.random` draws from (the engine's), and
bernoulli, normal_n, uniform_n (ndsh/mxnp/random_more.py)."""
from __future__ import annotations

from ndsh.engine import nd
from ndsh.mxnp.random_more import NPX_RANDOM

__all__ = ["seed", *sorted(NPX_RANDOM)]
globals().update(NPX_RANDOM)


def seed(seed, ctx="all"):  # noqa: A002  (MXNet's name)
    """Seed the random generators (of every context, or of `ctx`): the same seed gives the same
    samples from np.random and nd.random afterwards.

    Parameters:
        seed: an int.
        ctx: 'all', or the context whose generator to seed.

    Example:
        >>> npx.random.seed(3); a = np.random.uniform(size=3)
        >>> npx.random.seed(3); b = np.random.uniform(size=3)
        >>> bool((a == b).all())
        True
    """
    nd.random.seed(seed, ctx=ctx)
