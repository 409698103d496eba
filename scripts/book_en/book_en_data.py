"""Small synthetic stand-ins for the downloads of d2l-en v1.0.3's MXNet code, for
`scripts/book_en.py`.

    python scripts/book_en/book_en_data.py --root RUN_DIR [--zh-book D2L_ZH_TREE_OR_GIT_DIR]

writes into RUN_DIR:
    home/.mxnet/datasets/fashion-mnist/*.gz  MXNet's gzip IDX files (make_book_data.py's writer)
    home/.mxnet/datasets/mnist/*.gz          the same for MNIST (naive-bayes), 300 / 100 images
    fashion-mnist-2000/{home,book-sha1.json} a Fashion-MNIST whose test set is 1000 T-shirts and
                                             1000 trousers, as the real one's
                                             (geometry-linear-algebraic-ops; its own HOME)
    home/.mxnet/datasets/cifar10/*.bin       Gluon's CIFAR-10 batches, 256 records each
                                             (make_book_data.py's writer; image-augmentation)
    book-sha1.json                           {real SHA-1: stand-in SHA-1} for Gluon's check_sha1
    served/                                  d2l's data server files, by their real names:
        timemachine.txt                      a few hundred lines of English-like text
        fra-eng.zip                          fra-eng/fra.txt, "English<TAB>French" lines (d2l's
                                             copy has these two columns only)
        kaggle_house_pred_{train,test}.csv   the real files' first 300 rows (from d2l-zh)
        airfoil_self_noise.dat               the real file (from d2l-zh)
        ptb.zip                              ptb/ptb.{train,valid,test}.txt cut short (d2l-zh)
        banana-detection.zip                 bananas_{train,val}/label.csv + images/*.png
        VOCtrainval_11-May-2012.tar          make_book_data.py's VOC stand-in (160 + 32 images)
        hotdog.zip, aclImdb_v1.tar.gz        make_book_data.py's stand-ins (the same names;
                                             640 + 320 images, 320 + 320 reviews)
        glove.6B.{50,100}d.zip               glove.6B.Nd/vec.txt, 4,000 tokens (the words the
                                             sections look up first)
        kaggle_cifar10_tiny.zip              kaggle_cifar10_tiny/{train,test}/*.png and
                                             trainLabels.csv: d2l-zh's real tiny files (100
                                             training images and their labels, 1 test image)
        kaggle_dog_tiny.zip, wikitext-2-v1.zip, snli_1.0.zip, bert.small.zip, pokemon.zip,
        ml-100k.zip, ctr.zip                 book_en_data_more.py's synthetic stand-ins
    home/.mxnet/models/*.params              Gluon model zoo weights (--models, default
                                             resnet18_v2,resnet34_v2,vgg19: fine-tuning, fcn,
                                             kaggle-dog, neural-style):
                                             random Xavier weights in MXNet's format, written
                                             once by the MXNet oracle into --models-cache
                                             (make_book_data.py's, shared with the d2l-zh
                                             runner) and linked here

d2l fetches a file into ../data with `requests.get` when it is missing or its SHA-1 is not the
real one's; `scripts/book_en/shim/sitecustomize.py` answers those requests from served/.
Everything is drawn from a fixed seed: two runs write the same bytes.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import struct
import subprocess
import sys
import zipfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_book_data as zh  # noqa: E402  (helper F's writers: fashion_mnist, zip_bytes...)

RNG = np.random.default_rng(1)
ZH_BOOK = os.environ.get("D2L_ZH_BOOK", "/work/.mirror/d2l-ai+d2l-zh/repo")
WORDS = ("the time traveller machine said and i of a to was in it that he had you is for my "
         "with as his at we but this not there be me on so they were by one from all what "
         "which or them could would little some into no psychologist medical man very "
         "thing things way we are have upon about then its our out myself more like now "
         "filby weena morlocks eloi future four dimensions space light ").split()
PAIRS = [("go .", "va !"), ("hi .", "salut !"), ("run !", "cours !"), ("who ?", "qui ?"),
         ("wow !", "ça alors !"), ("i lost .", "j'ai perdu ."),
         ("i'm home .", "je suis chez moi ."),
         ("he's calm .", "il est calme ."), ("we won .", "nous avons gagné ."),
         ("i'm ok .", "je vais bien ."), ("he ran .", "il a couru ."),
         ("come in .", "entrez !"), ("i'm tired .", "je suis fatigué .")]


def timemachine(lines: int) -> bytes:
    out = ["The Time Machine, by H. G. Wells [1898]", "", "", "I", ""]
    for _ in range(lines):
        words = RNG.choice(WORDS, size=int(RNG.integers(6, 14)))
        out.append(" ".join(words).capitalize() + RNG.choice([".", ",", ";", "!"]))
    return ("\n".join(out) + "\n").encode()


def fra_eng(lines: int) -> bytes:
    rows = []
    for i in range(lines):
        en, fr = PAIRS[i % len(PAIRS)]
        if i >= len(PAIRS):
            extra = RNG.choice(["now", "again", "today", "here"])
            en, fr = en[:-2] + f" {extra} " + en[-1], fr[:-2] + " " + fr[-1]
        en = re.sub(r" ([.?!])", r"\1", en)      # "Go." as in the real file; French keeps
        rows.append(f"{en.capitalize()}\t{fr.capitalize()}\n")     # its space before !
    return zh.zip_bytes({"fra-eng/": b"", "fra-eng/fra.txt": "".join(rows).encode(),
                         "fra-eng/_about.txt": b"stand-in\n"})


def bananas(n_train: int, n_val: int) -> bytes:
    """d2l's banana-detection.zip: 256x256 PNGs, one yellow box each, label.csv in pixels."""
    members = {"banana-detection/": b""}
    for split, n in (("bananas_train", n_train), ("bananas_val", n_val)):
        rows = ["img_name,label,xmin,ymin,xmax,ymax"]
        for i in range(n):
            img = zh.class_images(np.zeros(1, int), (256, 256, 3), 1)[0] // 2
            size = int(RNG.integers(30, 80))
            x, y = (int(v) for v in RNG.integers(0, 256 - size, size=2))
            img[y:y + size, x:x + size] = (250, 220, 40)
            members[f"banana-detection/{split}/images/{i}.png"] = zh.encode(img, "PNG")
            rows.append(f"{i}.png,0,{x},{y},{x + size},{y + size}")
        members[f"banana-detection/{split}/label.csv"] = ("\n".join(rows) + "\n").encode()
    return zh.zip_bytes(members)


def glove(dim: int, tokens: int) -> bytes:
    words = zh.vocabulary(tokens)
    vecs = RNG.normal(0, 0.5, size=(len(words), dim))
    text = "".join(w + " " + " ".join(f"{v:.4f}" for v in row) + "\n"
                   for w, row in zip(words, vecs))
    return zh.zip_bytes({f"glove.6B.{dim}d/": b"", f"glove.6B.{dim}d/vec.txt": text.encode()})


# Gluon's MNIST files and their SHA-1s (mxnet/gluon/data/vision/datasets.py, MXNet 1.9.1)
MNIST = {"train-images-idx3-ubyte.gz": "6c95f4b05d2bf285e1bfb0e7960c31bd3b3f8a7d",
         "train-labels-idx1-ubyte.gz": "2a80914081dc54586dbdf242f9805a6b8d2a15fc",
         "t10k-images-idx3-ubyte.gz": "c3a25af1f52dad7f726cce8cacb138654b760d48",
         "t10k-labels-idx1-ubyte.gz": "763e7fa3757d93b0cdec073cef058b2004252c17"}


def idx_files(folder: str, manifest: dict, real_sha1s: dict, labels: dict) -> None:
    """Gluon's (Fashion-)MNIST files (gzip IDX) for {prefix ('train', 't10k'): labels}, with
    class-template images as make_book_data.py's Fashion-MNIST writer makes them."""
    for prefix, these in labels.items():
        n = len(these)
        images = zh.class_images(these, (28, 28), 10)
        files = {f"{prefix}-labels-idx1-ubyte.gz": struct.pack(">II", 2049, n) + these.tobytes(),
                 f"{prefix}-images-idx3-ubyte.gz":
                     struct.pack(">IIII", 2051, n, 28, 28) + images.tobytes()}
        for name, raw in files.items():
            path = zh.write(os.path.join(folder, name), zh.gzip_bytes(raw))
            manifest[real_sha1s[name]] = zh.sha1(path)


def mnist(home: str, manifest: dict, n_train: int, n_test: int) -> None:
    """Gluon's MNIST files: n_train / n_test digit-like images of random classes."""
    idx_files(os.path.join(home, ".mxnet", "datasets", "mnist"), manifest, MNIST,
              {prefix: RNG.integers(0, 10, size=n).astype(np.uint8)
               for prefix, n in (("train", n_train), ("t10k", n_test))})


def fashion_mnist_two_classes(root: str, n_train: int, per_class: int) -> None:
    """A second Fashion-MNIST stand-in under root/home (its SHA-1s in root/book-sha1.json)
    whose test set holds exactly per_class T-shirts (0) and per_class trousers (1), as the real
    one's 1000 and 1000: geometry-linear-algebraic-ops reshapes its T-shirts and trousers to
    (2000, -1). book_en.py gives that one section this HOME."""
    manifest: dict[str, str] = {}
    rng = np.random.default_rng(2)     # its own: the other stand-ins' draws stay as they were
    test = np.repeat(np.arange(2, dtype=np.uint8), per_class)
    idx_files(os.path.join(root, "home", ".mxnet", "datasets", "fashion-mnist"), manifest,
              zh.FASHION, {"train": rng.integers(0, 10, size=n_train).astype(np.uint8),
                           "t10k": rng.permutation(test)})
    with open(os.path.join(root, "book-sha1.json"), "w") as fout:
        json.dump(manifest, fout, indent=1, sort_keys=True)


def kaggle_cifar10_tiny(book: str) -> bytes:
    """d2l-en's kaggle_cifar10_tiny.zip from d2l-zh's data/kaggle_cifar10 (the same competition
    files: train_tiny.zip, test_tiny.zip, trainLabels.csv.zip), laid out as d2l-en reads it."""
    members = {"kaggle_cifar10_tiny/": b""}
    for name, folder in (("train_tiny.zip", "train"), ("test_tiny.zip", "test")):
        with zipfile.ZipFile(io.BytesIO(zh_file(book, f"kaggle_cifar10/{name}"))) as zin:
            for member in zin.namelist():
                if member.endswith(".png"):
                    base = os.path.basename(member)
                    members[f"kaggle_cifar10_tiny/{folder}/{base}"] = zin.read(member)
    with zipfile.ZipFile(io.BytesIO(zh_file(book, "kaggle_cifar10/trainLabels.csv.zip"))) as zin:
        rows = zin.read("trainLabels.csv").decode().splitlines(True)
    # the labels of the training images only, as in d2l-en's file (the section sizes its
    # validation split by the rarest label in it)
    ids = {name.rsplit("/", 1)[1].split(".")[0] for name in members
           if name.startswith("kaggle_cifar10_tiny/train/")}
    members["kaggle_cifar10_tiny/trainLabels.csv"] = "".join(
        [rows[0]] + [row for row in rows[1:] if row.split(",")[0] in ids]).encode()
    return zh.zip_bytes(members)


def zh_file(book: str, name: str) -> bytes:
    """A file of d2l-zh's data/ folder, from a work tree or its git directory (tag v1.0.0)."""
    path = os.path.join(book, "data", name)
    if os.path.exists(path):
        with open(path, "rb") as fin:
            return fin.read()
    return subprocess.run(["git", "-C", book, "show", f"v1.0.0:data/{name}"], check=True,
                          capture_output=True).stdout


def house_prices(book: str, name: str, rows: int) -> bytes:
    return b"".join(zh_file(book, name).splitlines(True)[:rows + 1])


def ptb(book: str) -> bytes:
    members = {"ptb/": b""}
    with zipfile.ZipFile(io.BytesIO(zh_file(book, "ptb.zip"))) as zin:
        for part, n in (("train", 1500), ("valid", 100), ("test", 100)):
            lines = zin.read(f"ptb/ptb.{part}.txt").decode().splitlines(True)
            members[f"ptb/ptb.{part}.txt"] = "".join(lines[:n]).encode()
    return zh.zip_bytes(members)


def models(home: str, manifest: dict, names: list[str], oracle: str, cache: str) -> None:
    """Link the model zoo stand-ins (make_book_data.models: random weights the MXNet oracle
    writes once into cache) into home/.mxnet/models, where Gluon's `pretrained=True` looks,
    and map their SHA-1s; a model neither in cache nor writable (no oracle) is left out."""
    ready = [name for name in names
             if os.path.exists(os.path.join(cache, f"{name}-{zh.MODELS[name][:8]}.params"))
             or os.path.exists(oracle)]
    for name in sorted(set(names) - set(ready)):
        print(f"no {name} in {cache} and no MXNet oracle at {oracle}: not served")
    zh.models(home, manifest, ready, oracle, cache)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", required=True, help="the run folder to fill")
    parser.add_argument("--zh-book", default=ZH_BOOK,
                        help="d2l-zh work tree or git dir, for the real files it ships "
                             "(default: %(default)s)")
    parser.add_argument("--fashion-mnist", default="300,100",
                        help="Fashion-MNIST's train,test sizes (default: %(default)s)")
    parser.add_argument("--models", default="resnet18_v2,resnet34_v2,vgg19",
                        help="Gluon model zoo stand-ins to link into ~/.mxnet/models "
                             "(default: %(default)s; '' for none)")
    parser.add_argument("--models-cache",
                        default=os.path.expanduser("~/.cache/ndsh-book/models"),
                        help="where the model files are written once (default: %(default)s)")
    parser.add_argument("--oracle", default="/work/mxvenv/bin/python",
                        help="a Python with MXNet 1.9.1, to write a model file missing from "
                             "--models-cache (default: %(default)s)")
    args = parser.parse_args(argv)
    home, served = os.path.join(args.root, "home"), os.path.join(args.root, "served")
    os.makedirs(served, exist_ok=True)
    os.makedirs(os.path.join(args.root, "data"), exist_ok=True)
    manifest: dict[str, str] = {}
    zh.fashion_mnist(home, manifest, *(int(n) for n in args.fashion_mnist.split(",")))
    mnist(home, manifest, 300, 100)
    fashion_mnist_two_classes(os.path.join(args.root, "fashion-mnist-2000"), 300, 1000)
    zh.cifar10(home, manifest, 256)     # 5 batches of 256 (image-augmentation's train_ch13)
    files = {"timemachine.txt": timemachine(400), "fra-eng.zip": fra_eng(600),
             "banana-detection.zip": bananas(32, 8),
             "glove.6B.50d.zip": glove(50, 4000), "glove.6B.100d.zip": glove(100, 4000)}
    # sized for d2l's train_ch13, which divides by len(train_iter) // 5: 5 batches an epoch
    zh.voc(served, manifest, 160, 32)   # fcn: batches of 32
    zh.hotdog(served, manifest, 320)    # fine-tuning: 640 training images, batches of 128
    zh.imdb(served, manifest, 160)      # sentiment-analysis-*: 320 reviews, batches of 64
    try:
        files.update({
            "kaggle_house_pred_train.csv": house_prices(args.zh_book,
                                                        "kaggle_house_pred_train.csv", 300),
            "kaggle_house_pred_test.csv": house_prices(args.zh_book,
                                                       "kaggle_house_pred_test.csv", 300),
            "airfoil_self_noise.dat": zh_file(args.zh_book, "airfoil_self_noise.dat"),
            "ptb.zip": ptb(args.zh_book),
            "kaggle_cifar10_tiny.zip": kaggle_cifar10_tiny(args.zh_book)})
    except (OSError, subprocess.CalledProcessError) as err:
        print(f"no d2l-zh data at {args.zh_book} ({err}); house prices, airfoil, ptb not served")
    import book_en_data_more  # lane E's stand-ins: dog, text, GAN, recommender chapters
    files.update(book_en_data_more.served_files(args.zh_book))
    for name, data in files.items():
        zh.write(os.path.join(served, name), data)
    models(home, manifest, [m for m in args.models.split(",") if m], args.oracle,
           args.models_cache)
    with open(os.path.join(args.root, "book-sha1.json"), "w") as fout:
        json.dump(manifest, fout, indent=1, sort_keys=True)
    print(f"{len(manifest)} SHA-1s mapped, {len(os.listdir(served))} served files in {args.root}")


if __name__ == "__main__":
    main()
