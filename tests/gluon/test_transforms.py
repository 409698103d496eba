"""vision.transforms beyond the golden cases: the random transforms repeat under
mx.random.seed, forked DataLoader workers draw different ones, and where MXNet's kernels go
wrong (uninitialized output, a one-channel gray level) ndsh does the intended thing."""
from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("ndsh.gluon.block", reason="the transforms are the Gluon core's Blocks")

from ndsh.engine import nd  # noqa: E402
from ndsh.gluon.data import DataLoader, Dataset  # noqa: E402
from ndsh.gluon.data.vision import image_ops, transforms  # noqa: E402


def _image():
    return nd.array(np.random.RandomState(0).randint(0, 256, size=(6, 7, 3)), dtype="uint8")


@pytest.mark.parametrize("make", [
    lambda: transforms.RandomFlipLeftRight(), lambda: transforms.RandomBrightness(0.5),
    lambda: transforms.RandomColorJitter(0.3, 0.3, 0.3, 0.2),
    lambda: transforms.RandomLighting(0.5)])
def test_random_transforms_repeat_under_a_seed(make):
    outs = []
    for _ in range(2):
        nd.random.seed(7)
        t = make()
        outs.append([t(_image()).asnumpy() for _ in range(4)])
    for a, b in zip(*outs):
        np.testing.assert_array_equal(a, b)


def test_colour_jitter_with_nothing_to_do_returns_the_image():
    x = _image()
    np.testing.assert_array_equal(transforms.RandomColorJitter()(x).asnumpy(), x.asnumpy())


def test_an_odd_width_image_flips_whole():
    x = nd.arange(6).reshape((2, 3, 1))
    seen = {tuple(transforms.RandomFlipLeftRight()(x)[0, :, 0].asnumpy()) for _ in range(40)}
    assert seen == {(0.0, 1.0, 2.0), (2.0, 1.0, 0.0)}


def test_saturation_blends_with_the_luma_of_all_three_channels():
    img = np.array([[[200, 100, 0]]], np.uint8)
    gray = 0.299 * 200 + 0.587 * 100
    assert image_ops.adjust_saturation(img, 0.0).tolist() == [[[round(gray)] * 3]]


class _Noise(Dataset):
    def __getitem__(self, i):
        return transforms.RandomBrightness(0.9)(nd.full((1, 1, 1), 100.0))

    def __len__(self):
        return 8


def test_forked_workers_draw_different_random_transforms():
    batches = list(DataLoader(_Noise(), batch_size=4, num_workers=2))
    values = np.concatenate([b.asnumpy().ravel() for b in batches])
    assert len(set(values.tolist())) == 8


def test_the_d2l_pipeline_shapes():
    t = transforms.Compose([transforms.Resize(64), transforms.ToTensor(),
                            transforms.Normalize(0.5, 0.5)])
    x = t(nd.ones((28, 28, 1), dtype="uint8") * 255)
    assert x.shape == (1, 64, 64) and x.dtype == np.float32
    assert float(x.min().asscalar()) == float(x.max().asscalar()) == 1.0
