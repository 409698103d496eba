"""Record what MXNet 1.9.1 prints for the d2l-free quick sections of `scripts/book_en/quick/`
(d2l-en v1.0.3's ndarray and autograd, their mxnet tab), for tests/test_book_en.py.

    /work/mxvenv/bin/python scripts/book_en/record_quick_en.py

Each script (as `scripts/book_en.py` makes it) runs as `ndsh run --echo` shows it (the repr of
each top-level expression; `scripts/book/record_quick.py`'s echo_run), twice: with
`mxnet.random.seed(0)` and `seed(1)`. Lines that differ between the two (random draws, `id()`)
are listed as varying; the test checks every other line. Writes tests/test_book_en_quick.json.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.dirname(HERE), os.path.join(os.path.dirname(HERE), "book")]
import book_en  # noqa: E402
import record_quick  # noqa: E402

SECTIONS = ("ndarray", "autograd")


def main() -> None:
    import mxnet
    golden = {"oracle": f"MXNet {mxnet.__version__} (scripts/book_en/record_quick_en.py)"}
    for section in book_en.sections(os.path.join(HERE, "quick")):
        if section.name not in SECTIONS:
            continue
        runs = []
        for seed in (0, 1):
            mxnet.random.seed(seed)
            runs.append(record_quick.echo_run(section.code).splitlines())
        varying = [i for i, (a, b) in enumerate(zip(*runs)) if a != b]
        golden[section.name] = {"lines": runs[0], "varying": varying}
    path = os.path.join(os.path.dirname(os.path.dirname(HERE)), "tests",
                        "test_book_en_quick.json")
    with open(path, "w") as fout:
        json.dump(golden, fout, indent=1, ensure_ascii=False)
        fout.write("\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
