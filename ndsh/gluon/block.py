"""Block and HybridBlock, the base classes of every Gluon layer and model (MXNet 1.9.1's).

A Block owns Parameters (`self.params`, a ParameterDict under the block's prefix) and child
Blocks (any Block assigned as an attribute, or `register_child`); `collect_params()` gathers
both; calling the block runs `forward` between its hooks. A HybridBlock writes
`hybrid_forward(F, x, ..., **params)` instead, where F is `nd` and the block's own parameters
arrive as keyword arguments; the first call infers the shapes its deferred parameters wait for.

ndsh has no symbolic graph: `hybridize()` is accepted (its options recorded) and the results
are the same, but the Python body keeps running on every call; `export` is refused.
"""
from __future__ import annotations

from ndsh.gluon.block_base import Block, HookHandle
from ndsh.gluon.hybrid_block import HybridBlock

__all__ = ["Block", "HybridBlock", "HookHandle"]
