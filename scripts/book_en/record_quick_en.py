"""Record what MXNet 1.9.1 prints for the d2l-free quick sections of `scripts/book_en/quick/`
(d2l-en v1.0.3's ndarray, autograd, model-construction, parameters, init-param, lazy-init and
padding-and-strides, their mxnet tab), for tests/test_book_en.py.

    /work/mxvenv/bin/python scripts/book_en/record_quick_en.py

Each script (as `scripts/book_en.py` makes it) runs as `ndsh run --echo` shows it (the repr of
each top-level expression; `scripts/book/record_quick.py`'s echo_run), in a fresh process as
ndsh runs it (Gluon's layer names count from dense0 in each), twice: with
`mxnet.random.seed(0)` and `seed(1)`. Lines that differ between the two (random draws, `id()`)
are listed as varying; the test checks every other line. Writes tests/test_book_en_quick.json.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.dirname(HERE), os.path.join(os.path.dirname(HERE), "book")]
import book_en  # noqa: E402
import record_quick  # noqa: E402

SECTIONS = ("ndarray", "autograd", "model-construction", "parameters", "init-param",
            "lazy-init", "padding-and-strides")


def one(name: str, seed: int) -> None:
    """Print the echo of one section's script, run after mxnet.random.seed(seed)."""
    import mxnet
    section = next(s for s in book_en.sections(os.path.join(HERE, "quick")) if s.name == name)
    mxnet.random.seed(seed)
    sys.stdout.write(record_quick.echo_run(section.code))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        one(sys.argv[2], int(sys.argv[3]))
        return
    import mxnet
    golden = {"oracle": f"MXNet {mxnet.__version__} (scripts/book_en/record_quick_en.py)"}
    for section in book_en.sections(os.path.join(HERE, "quick")):
        if section.name not in SECTIONS:
            continue
        runs = [subprocess.run([sys.executable, __file__, "--one", section.name, str(seed)],
                               check=True, capture_output=True, text=True).stdout.splitlines()
                for seed in (0, 1)]
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
