"""mx.image.imrotate / random_rotate and transforms.Rotate / RandomRotation against MXNet 1.9.1
(golden values recorded by scripts/record_rotate.py, whose `cases` runs here with ndsh's mx),
and in np mode."""
from __future__ import annotations

import doctest
import json
import os
import sys

import numpy as np
import pytest

from ndsh.engine import autograd, nd
from ndsh.mxnet_compat import mxnet as mx

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from record_rotate import GOLDEN, cases  # noqa: E402

with open(GOLDEN) as _f:
    EXPECTED = json.load(_f)["cases"]
MEASURED = cases(mx)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_as_mxnet(name):
    want, got = EXPECTED[name], MEASURED[name]
    if isinstance(want, str):
        assert got == want
    else:
        np.testing.assert_allclose(got, want, atol=2e-5)


def test_random_rotation_draws_from_numpys_generator_like_random_rotate():
    image = nd.array(np.random.RandomState(3).uniform(size=(1, 6, 6)).astype("float32"))
    np.random.seed(7)
    np.random.random()                   # MXNet's draw for rotate_with_proba comes first
    angle = np.random.uniform(-40, 40)
    np.random.seed(7)
    rotated = mx.gluon.data.vision.transforms.RandomRotation((-40, 40))(image)
    assert np.array_equal(rotated.asnumpy(), mx.image.imrotate(image, angle).asnumpy())
    kept = mx.gluon.data.vision.transforms.RandomRotation((-40, 40), rotate_with_proba=0.0)
    assert kept(image) is image


def test_np_images_come_back_as_np_arrays():
    out = mx.gluon.data.vision.transforms.Rotate(45)(mx.np.ones((3, 4, 4)))
    assert type(out).__module__ == "mxnet.numpy" and out.shape == (3, 4, 4)


def test_module_examples():
    from ndsh.gluon.data.vision import rotate, transforms_rotate
    for module in (rotate, transforms_rotate):
        result = doctest.testmod(module, extraglobs={"nd": nd, "autograd": autograd, "mx": mx,
                                                     "gluon": mx.gluon},
                                 optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
        assert result.attempted > 0 and result.failed == 0
