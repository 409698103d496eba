"""mx.image against MXNet 1.9.1 (golden data recorded by scripts/record_image_text.py with the
MXNet 1.9.1 oracle): decoding, every resize interpolation, crops, borders, the augmenters with
the same random seeds, CreateAugmenter."""
from __future__ import annotations

import os
import random
import sys

import numpy as np
import pytest

from ndsh.mxnet_compat import mxnet as mx
from tests.image.golden import DATA, arrays, differences, facts, read

sys.path.insert(0, os.path.join(os.path.dirname(DATA), "..", "..", "scripts"))
from record_image_text import CREATE_OPTIONS, FLOAT_RESIZES, RESIZES, _augmenters  # noqa: E402

image = mx.image


@pytest.mark.parametrize("name", ["photo.png", "photo.jpg", "gray.png", "rgba.png"])
def test_decoding_is_pixel_exact(name):
    buf = read(name)
    for variant, kwargs in (("color", {}), ("gray", {"flag": 0}), ("bgr", {"to_rgb": 0})):
        got = image.imdecode(buf, **kwargs)
        assert got.dtype == np.uint8
        assert differences(arrays()[f"decode/{name}/{variant}"], got.asnumpy()) == (0.0, 0)
    got = image.imread(os.path.join(DATA, "photo.png")).asnumpy()
    assert differences(arrays()["imread/photo.png"], got) == (0.0, 0)


# (largest difference, share of values that differ) allowed per interpolation on uint8: OpenCV's
# SIMD bilinear rounds a few values differently (measured: at most 11 of 1,170 values)
UINT8_SLACK = {0: 0, 1: 1, 2: 0, 3: 1, 4: 0}


@pytest.mark.parametrize("interp", range(5))
def test_resize_matches_opencv_inside_mxnet(interp):
    src = image.imdecode(read("photo.png"))
    for w, h in RESIZES:
        got = image.imresize(src, w, h, interp=interp)
        assert got.shape == (h, w, 3) and got.dtype == np.uint8
        largest, count = differences(arrays()[f"resize/uint8/{w}x{h}/{interp}"], got.asnumpy())
        assert largest <= UINT8_SLACK[interp] and count <= 0.01 * got.size, (w, h, largest)
        if (w, h) not in FLOAT_RESIZES:
            continue
        got = image.imresize(src.astype("float32") / 3, w, h, interp=interp)
        expected = arrays()[f"resize/float32/{w}x{h}/{interp}"]
        np.testing.assert_allclose(got.asnumpy(), expected, rtol=0, atol=5e-4)


def test_crops_and_short_side_resizes():
    src = image.imdecode(read("photo.png"))
    for size in (20, 45):
        assert differences(arrays()[f"resize_short/{size}"],
                           image.resize_short(src, size).asnumpy())[0] <= 1
    for size in (20, 50):
        crop, rect = image.center_crop(src, (size, size))
        assert list(rect) == facts()[f"center_crop/{size}"]
        assert differences(arrays()[f"center_crop/{size}"], crop.asnumpy()) == (0.0, 0)
    got = image.fixed_crop(src, 2, 3, 10, 12, (20, 24)).asnumpy()
    assert differences(arrays()["fixed_crop"], got) == (0.0, 0)
    assert [list(image.scale_down(a, b)) for a, b in [((640, 480), (720, 120)),
            ((40, 30), (50, 50)), ((40, 30), (10, 60))]] == facts()["scale_down"]
    for kind in range(5):
        got = image.copyMakeBorder(src[:5, :6], 2, 1, 3, 2, type=kind, values=(9, 8, 7))
        assert differences(arrays()[f"border/{kind}"], got.asnumpy()) == (0.0, 0), kind


def test_augmenters_draw_and_compute_as_mxnet():
    src = image.imdecode(read("photo.png"))
    for name, make_aug in _augmenters(image).items():
        for seed in (1, 2):
            random.seed(seed)
            np.random.seed(seed)
            got = make_aug()(src[:12, :16].astype("float32")).asnumpy()
            np.testing.assert_allclose(got, arrays()[f"aug/{name}/{seed}"], rtol=1e-5,
                                       atol=1e-3, err_msg=name)


def test_create_augmenter_builds_and_applies_mxnets_list():
    src = image.imdecode(read("photo.png"))
    for k, options in enumerate(CREATE_OPTIONS):
        augs = image.CreateAugmenter(**options)
        assert [aug.dumps() for aug in augs] == facts()["create"][k]
        random.seed(3)
        np.random.seed(3)
        out = src
        for aug in augs:
            out = aug(out)
        largest, count = differences(arrays()[f"create/{k}"], out.asnumpy())
        assert largest < 1 and count <= 0.03 * out.size, (k, largest, count)


def test_bad_images_and_arguments_are_named():
    with pytest.raises(mx.base.MXNetError, match="Decoding failed. Invalid image file"):
        image.imdecode(b"not an image at all")
    with pytest.raises(mx.base.MXNetError, match="nope.png"):
        image.imread("nope.png")
    with pytest.raises(ValueError, match="buf must be of type bytes"):
        image.imdecode("a string")
    with pytest.raises(ValueError, match="Unknown interp method 7"):
        image.imresize(mx.nd.zeros((4, 4, 3)), 2, 2, interp=7)
