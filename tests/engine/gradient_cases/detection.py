"""Gradient cases for the detection family: box_nms (each kept row's gradient back to its
input row), ROIPooling (to each bin's maximum) and ROIAlign (bilinear weights), and
MultiBoxPrior's zero gradient. Inputs keep away from ties and from the thresholds, roundings
and map edges where these ops jump, so that finite differences see a smooth function."""
from __future__ import annotations

import numpy as np

from ndsh import nd
from tests.engine.gradient_cases import U

# [id, score, xmin, ymin, xmax, ymax]: distinct scores, overlaps well away from 0.3 and 0.5,
# class ids between integers (box_nms truncates them)
_BOXES = np.array([[0.5, 0.55, 0.1, 0.1, 0.4, 0.4], [1.5, 0.91, 0.12, 0.1, 0.42, 0.41],
                   [0.5, 0.73, 0.6, 0.6, 0.9, 0.95], [0.7, 0.32, 0.11, 0.12, 0.4, 0.38],
                   [1.5, 0.47, 0.5, 0.05, 0.7, 0.3]])
# [batch, x1, y1, x2, y2]: fractions that round and truncate well away from .5 and integers
_ROIS = np.array([[0, 0.2, 0.3, 4.1, 3.8], [1.2, 1.3, 0.9, 5.2, 4.2], [0, 2.1, 0.2, 3.2, 4.3]])
_ALIGN_ROIS = [[0, 0.3, 0.4, 4.1, 3.7], [1, 1.3, 1.1, 5.2, 3.6], [0, 2.2, 0.1, 3.3, 4.35]]


def _align(data, **params):
    """ROIAlign with the rois held constant (MXNet's gradient for them is zero, though the
    output moves with them)."""
    rois = nd.array(_ALIGN_ROIS, dtype="float64", ctx=data.context)
    return nd.contrib.ROIAlign(data, rois, **params)


def _prior(data, **params):
    """MultiBoxPrior takes float32 only (as MXNet): cast there and back."""
    return nd.contrib.MultiBoxPrior(data.astype("float32"), **params).astype("float64")


CASES = {
    "nd.contrib.MultiBoxPrior": [([U((1, 2, 2, 3))], {"sizes": (0.5, 0.2), "ratios": (1, 2)})],
    "nd.contrib.box_nms": [
        ([_BOXES.copy()], {"overlap_thresh": 0.3, "id_index": 0}),
        ([_BOXES.copy()], {"overlap_thresh": 0.3, "id_index": 0, "force_suppress": True}),
        ([np.stack([_BOXES, _BOXES[::-1] * 0.9])], {"topk": 3}),
        ([_BOXES[:, 1:].copy()], {"coord_start": 1, "score_index": 0, "valid_thresh": 0.5}),
    ],
    "nd.ROIPooling": [
        ([U((2, 2, 5, 6)), _ROIS.copy()], {"pooled_size": (2, 2), "spatial_scale": 1.0}),
        ([U((2, 3, 6, 7)), _ROIS.copy()], {"pooled_size": (3, 2), "spatial_scale": 0.8}),
    ],
    "nd.contrib.ROIAlign": [
        ([U((2, 2, 5, 6))], {"pooled_size": (2, 2), "spatial_scale": 1.0}),
        ([U((2, 2, 5, 6))], {"pooled_size": (3, 2), "spatial_scale": 0.8, "sample_ratio": 2}),
        ([U((2, 2, 5, 6))], {"pooled_size": (2, 2), "spatial_scale": 1.0, "aligned": True}),
        ([U((2, 8, 5, 6))], {"pooled_size": (2, 2), "spatial_scale": 1.0,
                             "position_sensitive": True}),
    ],
}
COMPOSED = {"nd.contrib.MultiBoxPrior": _prior, "nd.contrib.ROIAlign": _align}
