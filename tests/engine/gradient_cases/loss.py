"""Gradient cases of the loss family (ops/losses.py, ctc.py, crop.py; SequenceLast and
SequenceReverse's recorded ops). Labels and lengths sit away from the points where rounding or
truncation jumps, so that their (zero) finite differences hold."""
from __future__ import annotations

import numpy as np

from tests.engine.gradient_cases import U

CASES = {
    "_internal._ctc_loss": [
        ([U((4, 2, 3)), np.array([[1.0, 2.0], [1.0, 0.0]])], {}),
        ([U((4, 2, 3)), np.array([[0.0, 1.0], [1.0, -1.0]])], {"blank_label": "last"}),
        # repeats, lengths in steps and in labels, a label that does not fit (zero gradient)
        ([U((5, 3, 4)), np.array([[1.0, 1.0, 2.0], [3.0, 3.0, 3.0], [2.0, 1.0, 3.0]]),
          np.array([5.0, 4.0, 3.0]), np.array([3.0, 3.0, 2.0])],
         {"use_data_lengths": True, "use_label_lengths": True}),
        ([U((6, 2, 5)), np.array([[4.0, 4.0, 0.0], [1.0, 2.0, 3.0]]), np.array([4.0, 6.0])],
         {"use_data_lengths": True}),
        ([U((3, 2, 3)), np.array([[2.0, 1.0], [1.0, 1.0]]), np.array([0.0, 2.0])],
         {"use_label_lengths": True}),
    ],
    "_internal._sequence_last": [([U((3, 2, 2)), np.array([1.5, 3.5])], {}),
                                 ([U((2, 3, 2)), np.array([3.5, 1.5])], {"axis": 1}),
                                 ([U((3, 2)), np.array([2.5, 1.5])], {})],
    "_internal._sequence_reverse": [([U((3, 2, 2)), np.array([2.5, 3.5])], {}),
                                    ([U((4, 3)), np.array([0.5, 4.5, 1.5])], {})],
    "_internal._softmax_cross_entropy": [([U((3, 4)), np.array([0.5, 3.5, 1.5])], {})],
    "nd.Crop": [([U((2, 1, 4, 5))], {"h_w": (2, 3), "offset": (1, 2)}),
                ([U((1, 2, 5, 4)), np.zeros((1, 1, 2, 2))], {"center_crop": True})],
}

# their backward is MXNet's definition, not the chain rule (the head gradient is ignored):
# tests/engine/test_loss.py checks it against MXNet's numbers
DEFINED_BACKWARD = {"nd.SoftmaxOutput", "nd.LinearRegressionOutput",
                    "nd.LogisticRegressionOutput", "nd.MAERegressionOutput", "nd.MakeLoss",
                    "nd.make_loss"}
