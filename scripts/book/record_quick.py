"""Record what MXNet 1.9.1 prints for the quick sections of `scripts/book/quick/` (the code
cells of four d2l-zh v1.0.0 sections), for tests/test_book.py.

    /work/mxvenv/bin/python scripts/book/record_quick.py

Each section's script (as `scripts/book.py` makes it) runs statement by statement, and the value
of each top-level expression is printed as `ndsh run --echo` prints it (its repr, None left
out), which is what a notebook shows. Sections whose output is random (they draw their data
without a seed) are recorded as None: the test only checks that they run. The transcripts go
to tests/test_book_quick.json.
"""
import ast
import contextlib
import io
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import book  # noqa: E402

RANDOM = {"linear-regression-gluon"}


def echo_run(code: str) -> str:
    out, namespace = io.StringIO(), {"__name__": "__main__"}
    with contextlib.redirect_stdout(out):
        for node in ast.parse(code).body:
            if isinstance(node, ast.Expr):
                value = eval(compile(ast.Expression(node.value), "<section>", "eval"), namespace)
                if value is not None:
                    print(repr(value))
            else:
                exec(compile(ast.Module([node], []), "<section>", "exec"), namespace)
    return out.getvalue()


def main() -> None:
    import mxnet
    golden = {"oracle": f"MXNet {mxnet.__version__} (scripts/book/record_quick.py)"}
    for section in book.sections(os.path.join(HERE, "quick")):
        mxnet.random.seed(0)
        golden[section.name] = None if section.name in RANDOM else echo_run(section.code)
    path = os.path.join(os.path.dirname(os.path.dirname(HERE)), "tests", "test_book_quick.json")
    with open(path, "w") as fout:
        json.dump(golden, fout, indent=1, ensure_ascii=False)
        fout.write("\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
