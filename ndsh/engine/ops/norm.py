"""The normalisation layer ops, as MXNet 1.9.1 computes them, gathered here (ops/__init__.py
imports this module to register them): BatchNorm (norm_batch.py), InstanceNorm and GroupNorm
(norm_group.py), what they share (norm_common.py). L2Normalization and LRN are in
norm_scale.py, LayerNorm in sequence.py.
"""
from __future__ import annotations

from ndsh.engine.ops.norm_batch import BatchNorm
from ndsh.engine.ops.norm_group import GroupNorm, InstanceNorm

__all__ = ["BatchNorm", "InstanceNorm", "GroupNorm"]
