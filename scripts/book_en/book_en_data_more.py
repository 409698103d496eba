"""Small synthetic stand-ins for the d2l-en v1.0.3 downloads of the dog, text, GAN and
recommender chapters, for `scripts/book_en.py` (served as `book_en_data.py`'s files are).

    served_files(zh_book) -> {file name as d2l downloads it: its bytes}

    kaggle_dog_tiny.zip  kaggle_dog_tiny/{train,test}/<id>.jpg, labels.csv (id,breed): 16 breeds
                         x 20 training images of varying sizes, 10 test images (kaggle-dog: a
                         validation set of 2 per breed, 32 images, one batch; 9 training batches)
    wikitext-2-v1.zip    wikitext-2/wiki.{train,valid,test}.tokens in WikiText's tokenized
                         layout; 200 articles of paragraphs with 2-6 ' . '-separated sentences
                         (bert-dataset, bert-pretraining: over 512 next-sentence pairs)
    snli_1.0.zip         snli_1.0/snli_1.0_{train,dev,test}.txt with the real 14 columns, 2200 /
                         200 / 200 pairs whose label a net can learn (natural-language-inference-*;
                         d2l's train_ch13 divides by len(train_iter) // 5: the bert section's
                         batches of 512 need over 2048 pairs)
    bert.small.zip       bert.small/pretrained.params (random weights of d2l's BERTModel at the
                         section's sizes, MXNet's parameter file layout) and vocab.json
    pokemon.zip          pokemon/<n>/*.png, 10 folders x 4 RGB 96x96 sprites (dcgan)
    ml-100k.zip          ml-100k/u.data (user<TAB>item<TAB>rating<TAB>timestamp), u.item, u.user,
                         u.genre, README: 100 users (20-40 ratings each), 300 items, all rated
                         (fewer users than items, as the real set; autorec's loader of items
                         drops a last batch under 256)
    ctr.zip              ctr/{train,test}.csv: label<TAB>34 hashed categorical fields, 10400 /
                         2100 rows (fm and deepfm's loaders drop a last batch under 2048, and
                         train_ch13 needs 5 training batches)

Each file is drawn from its own fixed seed: the same bytes on every call. bert.base.zip (the
alternative the section names in prose, 60 MB of weights) is not served.
"""
from __future__ import annotations

import io
import os
import sys

import numpy as np
from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "more"))
import make_book_data as zh  # noqa: E402  (zip_bytes: fixed timestamps)
import text_data  # noqa: E402

BREEDS = ("affenpinscher afghan_hound basenji beagle boston_bull boxer chihuahua collie "
          "dingo golden_retriever husky malamute papillon pug samoyed whippet").split()


def picture(rng: np.random.Generator, size: tuple[int, int], color: tuple, fmt: str) -> bytes:
    """An image of one colored shape (the class's color) and a few others on a plain ground,
    encoded as fmt ('PNG' or 'JPEG'); smooth, so it compresses to a few kB."""
    w, h = size
    ground = tuple(int(v) for v in rng.integers(150, 256, size=3))
    img = Image.new("RGB", size, ground)
    draw = ImageDraw.Draw(img)
    for _ in range(2):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        draw.rectangle([x, y, x + w // 4, y + h // 4],
                       fill=tuple(int(v) for v in rng.integers(0, 256, size=3)))
    x0, y0 = int(rng.integers(0, w // 3)), int(rng.integers(0, h // 3))
    draw.ellipse([x0, y0, x0 + w // 2, y0 + h // 2], fill=color)
    buf = io.BytesIO()
    img.save(buf, format=fmt, **({"quality": 85} if fmt == "JPEG" else {}))
    return buf.getvalue()


def kaggle_dog_tiny(per_breed: int = 20, n_test: int = 10) -> bytes:
    """kaggle_dog_tiny.zip: train/ and test/ JPEGs named by 32-hex-digit ids, labels.csv."""
    rng = np.random.default_rng(14)
    colors = rng.integers(0, 256, size=(len(BREEDS), 3))
    members = {"kaggle_dog_tiny/": b"", "kaggle_dog_tiny/train/": b"",
               "kaggle_dog_tiny/test/": b""}
    rows = []
    for i in range(per_breed * len(BREEDS)):
        b = i % len(BREEDS)
        image_id = "".join(f"{int(v):02x}" for v in rng.integers(0, 256, size=16))
        size = (int(rng.integers(80, 128)), int(rng.integers(60, 100)))
        members[f"kaggle_dog_tiny/train/{image_id}.jpg"] = picture(
            rng, size, tuple(int(v) for v in colors[b]), "JPEG")
        rows.append(f"{image_id},{BREEDS[b]}")
    for _ in range(n_test):
        image_id = "".join(f"{int(v):02x}" for v in rng.integers(0, 256, size=16))
        color = tuple(int(v) for v in colors[int(rng.integers(len(BREEDS)))])
        members[f"kaggle_dog_tiny/test/{image_id}.jpg"] = picture(rng, (100, 80), color, "JPEG")
    members["kaggle_dog_tiny/labels.csv"] = ("id,breed\n" + "\n".join(rows) + "\n").encode()
    return zh.zip_bytes(members)


def pokemon(folders: int = 10, per_folder: int = 4) -> bytes:
    """pokemon.zip: an ImageFolder tree pokemon/<n>/<n>_<k>.png of 96x96 RGB sprites."""
    rng = np.random.default_rng(20)
    members = {"pokemon/": b""}
    for n in range(1, folders + 1):
        members[f"pokemon/{n}/"] = b""
        color = tuple(int(v) for v in rng.integers(0, 256, size=3))
        for k in range(per_folder):
            members[f"pokemon/{n}/{n}_{k}.png"] = picture(rng, (96, 96), color, "PNG")
    return zh.zip_bytes(members)


GENRES = ("unknown Action Adventure Animation Children's Comedy Crime Documentary Drama Fantasy "
          "Film-Noir Horror Musical Mystery Romance Sci-Fi Thriller War Western").split()
OCCUPATIONS = "student engineer programmer educator writer artist technician other".split()


def ml_100k(users: int = 100, items: int = 300) -> bytes:
    """ml-100k.zip: u.data's tab-separated user id, item id, rating 1-5, Unix time (ids from 1,
    every user rating 20-40 items, every item rated), and the item, user and genre tables."""
    rng = np.random.default_rng(21)
    p, q = rng.normal(0, 0.8, size=(users, 3)), rng.normal(0, 0.8, size=(items, 3))
    rated = [list(rng.choice(items, size=int(rng.integers(20, 41)), replace=False))
             for _ in range(users)]
    for i in sorted(set(range(items)) - {i for r in rated for i in r}):
        rated[int(rng.integers(users))].append(i)
    rows = []
    for u, mine in enumerate(rated):
        start = int(rng.integers(874724710, 890000000))
        times = start + np.cumsum(rng.integers(1, 5000, size=len(mine)))
        for i, t in zip(mine, times):
            score = float(np.clip(np.rint(3.5 + p[u] @ q[i] + rng.normal(0, 0.5)), 1, 5))
            rows.append(f"{u + 1}\t{int(i) + 1}\t{int(score)}\t{int(t)}")
    rows = [rows[k] for k in rng.permutation(len(rows))]
    item_rows = []
    for i in range(items):
        flags = ["0"] * len(GENRES)
        flags[int(rng.integers(1, len(GENRES)))] = "1"
        year = int(rng.integers(1930, 1998))
        item_rows.append(f"{i + 1}|Movie {i + 1} ({year})|01-Jan-{year}||"
                         f"http://us.imdb.com/M/title-exact?Movie%20{i + 1}|" + "|".join(flags))
    user_rows = [f"{u + 1}|{int(rng.integers(18, 70))}|{'MF'[int(rng.integers(2))]}|"
                 f"{OCCUPATIONS[int(rng.integers(len(OCCUPATIONS)))]}|"
                 f"{int(rng.integers(10000, 99999))}" for u in range(users)]
    return zh.zip_bytes({
        "ml-100k/": b"",
        "ml-100k/u.data": ("\n".join(rows) + "\n").encode(),
        "ml-100k/u.item": ("\n".join(item_rows) + "\n").encode("latin-1"),
        "ml-100k/u.user": ("\n".join(user_rows) + "\n").encode(),
        "ml-100k/u.genre": "".join(f"{g}|{k}\n" for k, g in enumerate(GENRES)).encode(),
        "ml-100k/README": (f"Stand-in for MovieLens 100K: {len(rows)} ratings (1-5) from "
                           f"{users} users on {items} movies; synthetic.\n").encode()})


def ctr(n_train: int = 10400, n_test: int = 2100, fields: int = 34) -> bytes:
    """ctr.zip: ctr/{train,test}.csv, tab-separated: the click label (0/1), then `fields`
    categorical values (8-hex-digit hashes, Zipf-like frequencies); a few fields move the
    label, so FM and DeepFM learn something."""
    rng = np.random.default_rng(23)
    sizes = rng.integers(2, 40, size=fields)
    values = [[f"{int(v):08x}" for v in rng.integers(0, 2 ** 32, size=n)] for n in sizes]
    probs = [1.0 / np.arange(1, n + 1) ** 1.1 for n in sizes]
    probs = [p / p.sum() for p in probs]
    effects = [rng.normal(0, 0.8 if f < 6 else 0.05, size=n) for f, n in enumerate(sizes)]
    members = {"ctr/": b""}
    for part, n in (("train", n_train), ("test", n_test)):
        picks = np.stack([rng.choice(len(p), size=n, p=p) for p in probs], axis=1)
        logit = -2.2 + sum(effects[f][picks[:, f]] for f in range(fields))
        labels = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
        members[f"ctr/{part}.csv"] = "".join(
            f"{labels[r]}\t" + "\t".join(values[f][picks[r, f]] for f in range(fields)) + "\n"
            for r in range(n)).encode()
    return zh.zip_bytes(members)


def served_files(zh_book: str = "") -> dict[str, bytes]:
    """The stand-ins by the file name d2l downloads (`requests.get`'s last URL part). zh_book
    (d2l-zh's tree, for book_en_data.main's call) is not read: every file here is synthetic.

    Example:
        >>> import zipfile, io
        >>> files = served_files("")
        >>> sorted(files)[:3]
        ['bert.small.zip', 'ctr.zip', 'kaggle_dog_tiny.zip']
        >>> zipfile.ZipFile(io.BytesIO(files['ml-100k.zip'])).read('ml-100k/u.data').split()[:4]
        [b'7', b'110', b'3', b'889751091']
    """
    return {"kaggle_dog_tiny.zip": kaggle_dog_tiny(),
            "wikitext-2-v1.zip": zh.zip_bytes(text_data.wikitext2(200)),
            "snli_1.0.zip": zh.zip_bytes(text_data.snli_files(2200, 200)),
            "bert.small.zip": zh.zip_bytes(text_data.bert_small()),
            "pokemon.zip": pokemon(),
            "ml-100k.zip": ml_100k(),
            "ctr.zip": ctr()}


def main(argv=None) -> None:
    """Write the stand-ins into a folder (a run's served/), for a run by hand."""
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--served", required=True, help="the folder to write the files into")
    args = parser.parse_args(argv)
    os.makedirs(args.served, exist_ok=True)
    for name, data in served_files("").items():
        zh.write(os.path.join(args.served, name), data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
