"""The notebook's HTML view of an array: header, statistics, alarms, picture, MXNet's text."""
from __future__ import annotations

import numpy as np

from ndsh.display.html import array_html, heatmap_svg, sparkline_svg
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
