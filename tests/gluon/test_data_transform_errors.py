"""Transforms refuse images of the wrong layout by name, as MXNet 1.9.1 refuses them (measured
with /work/mxvenv/bin/python, MXNet 1.9.1: RandomLighting on a (1, 4, 4) or (4, 4, 2) image
raises MXNetError 'The last dimension of input image must be the channel dimension with
either 1 or 3 elements'; (4, 4, 1) and (4, 4, 3) pass)."""
from __future__ import annotations

import pytest

from ndsh.engine import nd
from ndsh.engine.mxnet_errors import MXNetError
from ndsh.gluon.data.vision import transforms


@pytest.mark.parametrize("shape", [(1, 4, 4), (4, 4, 2)])
def test_random_lighting_needs_one_or_three_channels_last(shape):
    with pytest.raises(MXNetError, match=r"RandomLighting: the last dimension .* 1 or 3"):
        transforms.RandomLighting(0.1)(nd.ones(shape))


@pytest.mark.parametrize("shape", [(4, 4, 1), (4, 4, 3)])
def test_random_lighting_takes_hwc_images(shape):
    assert transforms.RandomLighting(0.1)(nd.ones(shape)).shape == shape
