"""Record MXNet 1.9.1's image rotations (`mx.image.imrotate`, `transforms.Rotate`) for
tests/gluon/test_data_rotate.py:

    /work/mxvenv/bin/python scripts/record_rotate.py    # writes tests/gluon/golden/rotate.json

The oracle is MXNet 1.9.1 (pip wheel) on numpy 1.23.5. `cases(mx)` runs in the test too, with
ndsh's `mx`.
"""
from __future__ import annotations

import json
import os

import numpy as onp

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "gluon", "golden", "rotate.json")


def _image(shape, seed):
    return onp.random.RandomState(seed).uniform(0, 1, size=shape).astype("float32")


def cases(mx) -> dict:
    """Every case, run with the `mx` given (MXNet's or ndsh's): name -> float list or error."""
    nd, T = mx.nd, mx.gluon.data.vision.transforms
    single = nd.array(_image((3, 5, 7), 0))
    batch = nd.array(_image((2, 2, 6, 4), 1))
    out = {}
    for degrees in (0, 30, -45, 90, 180, 271.5):
        out[f"single_{degrees}"] = mx.image.imrotate(single, degrees)
        out[f"single_{degrees}_zoom_in"] = mx.image.imrotate(single, degrees, zoom_in=True)
        out[f"single_{degrees}_zoom_out"] = mx.image.imrotate(single, degrees, zoom_out=True)
    out["batch_angles"] = mx.image.imrotate(batch, nd.array([15, -120]))
    out["batch_scalar"] = mx.image.imrotate(batch, 60, zoom_in=True)
    out["transform_Rotate"] = T.Rotate(33)(single)
    out["transform_Rotate_zoom_out"] = T.Rotate(-70, zoom_out=True)(batch)
    result = {k: onp.round(v.asnumpy().astype("float64"), 5).ravel().tolist()
              for k, v in out.items()}
    for name, call in [("both_zooms", lambda: mx.image.imrotate(single, 10, True, True)),
                       ("uint8", lambda: T.Rotate(10)(nd.ones((3, 4, 4), dtype="uint8"))),
                       ("2d", lambda: mx.image.imrotate(nd.ones((4, 4)), 10)),
                       ("angles_count", lambda: mx.image.imrotate(batch, nd.array([1, 2, 3]))),
                       ("single_array_angle",
                        lambda: mx.image.imrotate(single, nd.array([1]))),
                       ("limits", lambda: T.RandomRotation((10, -10))),
                       ("proba", lambda: T.RandomRotation((-10, 10), rotate_with_proba=2))]:
        try:
            call()
            result[name] = "no error"
        except Exception as error:      # noqa: BLE001
            result[name] = type(error).__name__
    return result


def main() -> None:
    import mxnet as mx
    result = cases(mx)
    with open(GOLDEN, "w") as f:
        json.dump({"oracle": f"MXNet {mx.__version__}, numpy {onp.__version__}",
                   "cases": result}, f)
    print(f"wrote {len(result)} cases to {GOLDEN}")


if __name__ == "__main__":
    main()
