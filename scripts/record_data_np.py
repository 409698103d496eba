"""Record what MXNet 1.9.1's gluon.data, vision transforms and mx.image give in np mode
(after `npx.set_np()`): the types, dtypes, shapes and values of samples and batches.

    /work/mxvenv/bin/python scripts/record_data_np.py    # writes tests/gluon/golden/data_np.json

The oracle is MXNet 1.9.1 (pip wheel) on numpy 1.23.5. `cases(mx)` is run by the test too
(tests/gluon/test_data_np.py), with ndsh's `mx`, and the two results must be equal. The
datasets read small synthetic MNIST and CIFAR-10 files written into a temporary folder
(MXNet's `download` is replaced by one that returns the file, since their SHA-1 differs from
the real files').
"""
from __future__ import annotations

import gzip
import json
import os
import struct
import sys
import tarfile
import tempfile

import numpy as onp

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "gluon", "golden", "data_np.json")
PHOTO = os.path.join(ROOT, "tests", "image", "data", "photo.png")


def describe(value):
    """type, dtype, shape and values (rounded) of an array, a list of them or a scalar."""
    if isinstance(value, (list, tuple)):
        return [describe(v) for v in value]
    module = type(value).__module__
    kind = ("mx.np.ndarray" if module.startswith("mxnet.numpy") else
            "mx.nd.NDArray" if type(value).__name__ == "NDArray" else
            module.split(".")[0] + "." + type(value).__name__)
    if not hasattr(value, "asnumpy") and not isinstance(value, onp.ndarray):
        return [kind, str(value)]
    host = value.asnumpy() if hasattr(value, "asnumpy") else value
    return [kind, str(host.dtype), list(host.shape),
            onp.round(host.astype("float64"), 4).ravel()[:12].tolist()]


def _write_datasets(root: str) -> None:
    rng = onp.random.RandomState(0)
    images = rng.randint(0, 256, size=(5, 28, 28)).astype(onp.uint8)
    labels = onp.array([3, 1, 4, 1, 5], onp.uint8)
    with gzip.open(os.path.join(root, "t10k-images-idx3-ubyte.gz"), "wb") as f:
        f.write(struct.pack(">IIII", 2051, 5, 28, 28) + images.tobytes())
    with gzip.open(os.path.join(root, "t10k-labels-idx1-ubyte.gz"), "wb") as f:
        f.write(struct.pack(">II", 2049, 5) + labels.tobytes())
    rows = onp.concatenate([onp.array([[7], [2]], onp.uint8),
                            rng.randint(0, 256, size=(2, 3072)).astype(onp.uint8)], axis=1)
    batch = os.path.join(root, "test_batch.bin")
    with open(batch, "wb") as f:
        f.write(rows.tobytes())
    # the SHA-1s differ from the real files', so both read the batch out of the "archive"
    with tarfile.open(os.path.join(root, "cifar-10-binary.tar.gz"), "w:gz") as tar:
        tar.add(batch, arcname="test_batch.bin")


def cases(mx) -> dict:
    """Every case, run with the `mx` given (MXNet's or ndsh's)."""
    import importlib
    np, npx, gluon = mx.np, mx.npx, mx.gluon
    T = gluon.data.vision.transforms
    datasets = importlib.import_module(gluon.data.vision.FashionMNIST.__module__)
    root = tempfile.mkdtemp()
    _write_datasets(root)
    saved = datasets.download
    datasets.download = lambda url, path=None, sha1_hash=None, **kw: os.path.join(
        path, url.split("/")[-1])
    out = {}
    npx.set_np()
    try:
        x = np.arange(12).reshape(6, 2)
        ds = gluon.data.ArrayDataset(x, np.array([0, 1, 2, 3, 4, 5]))
        out["array_dataset_item"] = describe(ds[1])
        out["array_dataset_batches"] = [describe(b) for b in gluon.data.DataLoader(
            ds, batch_size=4)]
        lists = gluon.data.ArrayDataset(list(range(6)), [0.5] * 6)
        out["list_batch"] = describe(next(iter(gluon.data.DataLoader(lists, batch_size=4))))
        out["batchify_scalars"] = describe(
            gluon.data.dataloader.default_batchify_fn([1.5, 2.5]))
        fm = gluon.data.vision.FashionMNIST(root=root, train=False)
        out["mnist_item"] = describe(fm[0])
        chain = T.Compose([T.Resize(14), T.ToTensor(), T.Normalize(0.5, 0.25)])
        tds = fm.transform_first(chain)
        out["mnist_transformed_item"] = describe(tds[2])
        out["mnist_batches"] = [describe(b) for b in gluon.data.DataLoader(tds, batch_size=3)]
        out["mnist_batches_workers"] = [describe(b) for b in gluon.data.DataLoader(
            tds, batch_size=3, num_workers=2)]
        out["mnist_batches_threads"] = [describe(b) for b in gluon.data.DataLoader(
            tds, batch_size=3, num_workers=2, thread_pool=True)]
        cifar = gluon.data.vision.CIFAR10(root=root, train=False)
        out["cifar_item"] = describe(cifar[1])
        image = fm[1][0]
        for name, transform in [("ToTensor", T.ToTensor()), ("Resize", T.Resize((5, 7))),
                                ("CenterCrop", T.CenterCrop(6)), ("Cast", T.Cast("float16")),
                                ("Compose", chain)]:
            out["transform_" + name] = describe(transform(image))
        out["transform_Normalize"] = describe(T.Normalize((0.5,), (0.2,))(T.ToTensor()(image)))
        for name, transform in [("RandomFlipLeftRight", T.RandomFlipLeftRight()),
                                ("RandomResizedCrop", T.RandomResizedCrop(8)),
                                ("RandomBrightness", T.RandomBrightness(0.1)),
                                ("RandomColorJitter", T.RandomColorJitter(0.1, 0.1, 0.1))]:
            result = describe(transform(np.array(onp.ones((9, 9, 3), "uint8") * 100)))
            out["random_" + name] = result[:3]          # values are random
        photo = mx.image.imread(PHOTO)
        out["imread"] = describe(photo)
        out["imresize"] = describe(mx.image.imresize(photo, 8, 6))
        crop, box = mx.image.center_crop(photo, (10, 8))
        out["center_crop"] = [describe(crop), list(box)]
        out["fixed_crop"] = describe(mx.image.fixed_crop(photo, 2, 3, 5, 4))
        npx.reset_np()
        out["reset_batch"] = describe(next(iter(gluon.data.DataLoader(lists, batch_size=4))))
        out["reset_mnist_item"] = describe(
            gluon.data.vision.FashionMNIST(root=root, train=False)[0])
    finally:
        npx.reset_np()
        datasets.download = saved
    return out


def main() -> None:
    import mxnet as mx
    result = cases(mx)
    with open(GOLDEN, "w") as f:
        f.write('{"oracle": ' + json.dumps(f"MXNet {mx.__version__}, numpy {onp.__version__}")
                + ',\n "cases": {\n')
        f.write(",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in result.items()))
        f.write("\n }\n}\n")
    print(f"wrote {len(result)} cases to {GOLDEN}", file=sys.stderr)


if __name__ == "__main__":
    main()
