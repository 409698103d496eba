"""The notebook's HTML view of an array: header, statistics, alarms, picture, MXNet's text."""
from __future__ import annotations

import numpy as np

from ndsh.display.html import SHOW_PANELS, array_html, heatmap_svg, picture_html, sparkline_svg
from ndsh.engine import autograd, nd


def test_a_2d_array_has_a_heatmap_and_its_statistics():
    page = array_html(nd.array([[1, 2], [3, 4]]))
    assert "NDArray 2x2 float32 @cpu(0)  plain" in page
    assert "min=1  max=4  mean=2.5" in page
    assert page.count("<rect") == 4
    assert "<pre>[[1. 2.]\n [3. 4.]]\n&lt;NDArray 2x2 @cpu(0)&gt;</pre>" in page


def test_a_1d_array_has_a_sparkline_and_the_gradient_state():
    x = nd.arange(5)
    x.attach_grad()
    with autograd.record():
        y = x * 2
    assert "<polyline" in array_html(x)
    assert "attached, grad_req='write'" in array_html(x)
    assert "recorded (multiply)" in array_html(y)


def test_nan_and_inf_are_counted_and_left_out_of_the_statistics():
    page = array_html(nd.array([1.0, float("nan"), float("inf"), -float("inf"), 3.0]))
    assert "NaN! 1 of 5 elements is NaN" in page
    assert "Inf! 2 of 5 elements are infinite (+1, -1)" in page
    assert "min=1  max=3  mean=2" in page


def test_big_arrays_are_drawn_small():
    assert heatmap_svg(np.random.rand(300, 50)).count("<rect") == 24 * 24
    points = sparkline_svg(np.arange(10000.0)).split('points="')[1].split('"')[0].split()
    assert len(points) == 120


def test_3d_and_empty_arrays_have_no_picture():
    assert "<svg" not in array_html(nd.ones((2, 2, 2)))
    assert "<svg" not in array_html(nd.ones((0,)))


def test_show_pictures_a_row_of_heatmaps_on_one_scale():
    values = np.stack([np.zeros((2, 2)), np.full((2, 2), 4.0)])
    page = picture_html(values, "w <NDArray 2x2x2>  min 0  max 4")
    assert page.count("<figure") == 2 and "[1]</figcaption>" in page
    first, second = page.split("<figure")[1:]
    # one scale for both: the zeros take its low end, the fours its high end
    assert 'fill="#440154"' in first and 'fill="#fde725"' in second
    assert ">0</text>" in page and ">4</text>" in page
    many = picture_html(np.ones((SHOW_PANELS + 3, 2, 2)))
    assert many.count("<figure") == SHOW_PANELS and "3 more (x[8:] not drawn)" in many


def test_show_pictures_a_sparkline_and_nothing_for_a_scalar():
    assert "<polyline" in picture_html(np.arange(5.0), "y")
    assert "<svg" not in picture_html(np.array(3.0), "s <NDArray >  min 3  max 3")


def test_an_np_array_gets_the_same_view_over_its_own_text():
    from ndsh.kernel.bundles import value_bundle
    from ndsh.mxnp import np as mnp

    data, _ = value_bundle(mnp.array([[1, 2], [3, float("nan")]]))
    assert data["text/plain"] == "array([[ 1.,  2.],\n       [ 3., nan]])"
    page = data["text/html"]
    for part in ("ndarray 2x2 float32 @cpu(0)  plain", "min=1  max=3  mean=2",
                 "NaN! 1 of 4 elements is NaN", "<rect",
                 "<pre>array([[ 1.,  2.],\n       [ 3., nan]])</pre>"):
        assert part in page
