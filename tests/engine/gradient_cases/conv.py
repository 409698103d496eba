"""Finite-difference cases for the convolution family (ops/conv.py, pool.py, resize.py): every
op and its main options, small float64 shapes."""
from __future__ import annotations

import numpy as np

from tests.engine.gradient_cases import U

_2D = {"kernel": (2, 3), "stride": (2, 1), "dilate": (1, 2), "pad": (1, 1)}

CASES = {
    "nd.Convolution": [
        ([U((2, 3, 5, 6)), U((4, 3, 2, 3)), U((4,))], {**_2D, "num_filter": 4}),
        ([U((2, 4, 5, 5)), U((6, 2, 3, 3)), U((6,))],
         {"kernel": (3, 3), "pad": (1, 1), "num_filter": 6, "num_group": 2}),
        ([U((1, 3, 4, 4)), U((3, 1, 3, 3))],           # depthwise
         {"kernel": (3, 3), "stride": (2, 2), "pad": (1, 1), "num_filter": 3, "num_group": 3,
          "no_bias": True}),
        ([U((2, 2, 7)), U((3, 2, 3)), U((3,))],
         {"kernel": (3,), "stride": (2,), "pad": (1,), "num_filter": 3}),
        ([U((2, 2, 7)), U((4, 2, 3)), U((4,))],
         {"kernel": (3,), "dilate": (2,), "pad": (1,), "num_filter": 4}),
        ([U((2, 2, 3, 3)), U((3, 2, 1, 1)), U((3,))], {"kernel": (1, 1), "num_filter": 3}),
        ([U((1, 2, 3, 4, 3)), U((2, 2, 2, 2, 2)), U((2,))],
         {"kernel": (2, 2, 2), "dilate": (1, 2, 1), "pad": (0, 1, 1), "num_filter": 2}),
    ],
    "_internal.Convolution": [
        ([U((2, 3, 5, 6)), U((4, 3, 2, 3)), U((4,))], {**_2D, "num_group": 1}),
        ([U((1, 2, 4, 4)), U((2, 2, 3, 3))],
         {"kernel": (3, 3), "stride": (1, 1), "dilate": (1, 1), "pad": (0, 0),
          "num_group": 1}),
    ],
    "nd.Deconvolution": [
        ([U((2, 3, 3, 4)), U((3, 2, 2, 3)), U((2,))],
         {**_2D, "num_filter": 2, "no_bias": False, "adj": (1, 0)}),
        ([U((1, 4, 3, 3)), U((4, 1, 3, 3))],
         {"kernel": (3, 3), "stride": (2, 2), "num_filter": 2, "num_group": 2,
          "target_shape": (6, 6)}),
        ([U((1, 2, 3, 3)), U((2, 1, 3, 3))],           # depthwise
         {"kernel": (3, 3), "stride": (2, 2), "pad": (1, 1), "num_filter": 2,
          "num_group": 2}),
        ([U((2, 2, 4)), U((2, 3, 3)), U((3,))],
         {"kernel": (3,), "stride": (2,), "pad": (1,), "num_filter": 3, "no_bias": False}),
        ([U((1, 2, 2, 2, 3)), U((2, 2, 2, 2, 2))],
         {"kernel": (2, 2, 2), "stride": (1, 2, 1), "num_filter": 2}),
        ([U((2, 2, 3, 4)), U((2, 3, 3, 2)), U((3,))],
         {"kernel": (3, 2), "dilate": (1, 2), "pad": (1, 0), "num_filter": 3,
          "no_bias": False}),
    ],
    "_internal.Deconvolution": [
        ([U((1, 3, 3, 4)), U((3, 2, 2, 3)), U((2,))],
         {"kernel": (2, 3), "stride": (2, 1), "dilate": (1, 2), "pad": (1, 1), "num_group": 1,
          "shape": (4, 6)}),
    ],
    "nd.Pooling": [
        ([U((2, 2, 5, 5))], {"kernel": (2, 2), "stride": (2, 2)}),
        ([U((1, 2, 5, 6))], {"kernel": (3, 2), "pad": (1, 1)}),
        ([U((1, 2, 5, 5))], {"kernel": (3, 3), "stride": (2, 2), "pad": (1, 1),
                             "pool_type": "avg"}),
        ([U((1, 2, 5, 5))], {"kernel": (3, 3), "stride": (2, 2), "pad": (1, 1),
                             "pool_type": "avg", "count_include_pad": False,
                             "pooling_convention": "full"}),
        ([U((1, 2, 5, 4))], {"kernel": (2, 2), "stride": (1, 2), "pool_type": "sum",
                             "pooling_convention": "full"}),
        ([U((1, 2, 4, 4))], {"kernel": (2, 2), "stride": (2, 2), "pool_type": "lp",
                             "p_value": 2}),
        ([U((1, 2, 4, 4))], {"kernel": (3, 3), "pad": (1, 1), "pool_type": "lp",
                             "p_value": 3}),
        ([U((1, 2, 4, 4))], {"kernel": (2, 2), "pool_type": "lp", "p_value": 1}),
        ([U((2, 2, 9))], {"kernel": (3,), "stride": (2,), "pad": (1,)}),
        ([U((1, 2, 8))], {"kernel": (3,), "stride": (2,), "pooling_convention": "same"}),
        ([U((1, 1, 4, 4, 5))], {"kernel": (2, 2, 2), "stride": (2, 2, 1), "pool_type": "avg"}),
        ([U((1, 4, 4, 3))], {"kernel": (2, 2), "layout": "NHWC"}),
        ([U((2, 3, 4, 5))], {"global_pool": True}),
        ([U((2, 3, 4, 5))], {"global_pool": True, "pool_type": "avg"}),
        ([U((2, 3, 6))], {"global_pool": True, "pool_type": "lp", "p_value": 2}),
        ([U((1, 2, 6, 6))], {"kernel": (2, 2), "pad": (1, 1), "stride": (2, 2),
                             "pooling_convention": "full"}),
    ],
    "nd.UpSampling": [
        ([U((2, 2, 2, 3))], {"scale": 2, "sample_type": "nearest"}),
        ([U((1, 2, 2, 2)), U((1, 1, 1, 1)), U((1, 3, 4, 4))],
         {"scale": 2, "sample_type": "nearest"}),
        ([U((1, 2, 2, 2)), U((1, 2, 4, 4))],
         {"scale": 2, "sample_type": "nearest", "multi_input_mode": "sum"}),
        ([U((1, 2, 3, 2)), U((2, 1, 4, 4))],
         {"scale": 2, "sample_type": "bilinear", "num_filter": 2}),
        ([U((1, 1, 2, 3)), U((1, 1, 5, 5))],
         {"scale": 3, "sample_type": "bilinear", "num_filter": 1}),
    ],
    "_internal.UpSampling": [
        ([U((1, 2, 2, 2)), U((1, 1, 1, 1))], {"scale": 2}),
    ],
    "nd.contrib.BilinearResize2D": [
        ([U((1, 2, 3, 4))], {"height": 5, "width": 7}),
        ([U((1, 2, 5, 6))], {"height": 3, "width": 2, "align_corners": False}),
        ([U((2, 1, 3, 3))], {"height": 8, "width": 4, "align_corners": False}),
        ([U((1, 1, 3, 4)), np.zeros((1, 1, 2, 9))], {"mode": "like"}),
    ],
    "_internal.BilinearResize2D": [
        ([U((1, 2, 3, 4))], {"size": (5, 2)}),
    ],
    "nd.contrib.AdaptiveAvgPooling2D": [
        ([U((2, 2, 5, 7))], {"output_size": (3, 2)}),
        ([U((1, 2, 3, 4))], {"output_size": (5, 7)}),
        ([U((1, 1, 4, 4))], {}),
    ],
}
