"""Run *Dive into Deep Learning* (d2l-zh v1.0.0, the MXNet edition) section by section under
`ndsh run`, and print which sections run to the end, which fail and where.

    python scripts/book.py --chapter 3 --chapter 4 --jobs 2 --markdown /tmp/book.md

Each section's `{.python .input}` code cells become one script, in order, with the cells
unchanged except for the IPython-only lines `ndsh run` refuses (`%matplotlib inline`,
`!nvidia-smi`: lines starting with % or ! in column 0), which are dropped and counted. The
scripts run in a fresh folder laid out as the book is (chapter_*/SECTION.py beside ../data and
../img), with HOME pointing into it (so ~/.mxnet is the run's own) and the small synthetic
downloads of `scripts/make_book_data.py`; d2lzh 1.0.0 must be installed in ndsh's Python
(`pip install --no-deps d2lzh==1.0.0`, plus IPython and pandas).

--book is a d2l-zh work tree, or a git directory holding tag v1.0.0 (extracted once into
--work). The four sections that need a GPU count as `gpu` when they fail saying so.

This file is the command line; the pieces live in scripts/book/ by family and are re-exported
here (book_en.py and the tests use `book.NAME`): book_source.py reads the book (sections, their
scripts, the trees a run works in), book_run.py runs a section (the run folder, the script under
a timeout, its first error and CPU seconds), book_report.py prints (progress lines, the tables,
reading them back, the exit code when stdout's reader leaves).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "book"))
# the runner's families, in scripts/book/: reading the book, running a section, the report
from book_report import EXIT_PIPE_CLOSED, exit_code, line, read_results, table  # noqa: E402
from book_run import (  # noqa: E402
    GPU_SECTIONS,
    SHIM,
    TIME,
    Result,
    Running,
    cpu_seconds,
    first_error,
    prepare,
    run_all,
    run_one,
)
from book_source import (  # noqa: E402
    CELL,
    SHELL_LINE,
    Section,
    book_tree,
    chapter_number,
    chapters,
    ndsh_at,
    replaced,
    sections,
    to_script,
)

__all__ = ["CELL", "DEFAULT_BOOK", "EXIT_PIPE_CLOSED", "GPU_SECTIONS", "HERE", "SHELL_LINE",
           "SHIM", "TIME", "Result", "Section", "book_tree", "chapter_number", "chapters",
           "cpu_seconds", "exit_code", "first_error", "line", "main", "ndsh_at", "prepare",
           "read_results", "replaced", "Running", "run_all", "run_one", "sections", "table",
           "to_script"]
DEFAULT_BOOK = os.environ.get("D2L_ZH_BOOK", "/work/.mirror/d2l-ai+d2l-zh/repo")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--book", default=DEFAULT_BOOK,
                        help="d2l-zh work tree or git directory (default: %(default)s)")
    parser.add_argument("--tag", default="v1.0.0")
    parser.add_argument("--chapter", action="append", default=[],
                        help="chapter number or part of its folder name (repeatable)")
    parser.add_argument("--section", action="append", default=[],
                        help="part of a section's name (repeatable)")
    parser.add_argument("--jobs", type=int, default=1, choices=(1, 2))
    parser.add_argument("--timeout", type=float, default=600, help="seconds per section")
    parser.add_argument("--work", help="the run folder (default: a new temporary one, kept)")
    parser.add_argument("--markdown", help="also write the table to this file")
    parser.add_argument("--render",
                        help="run nothing: print the table of an earlier run's --json or "
                             "--markdown file (with --baseline beside it)")
    parser.add_argument("--json", help="also write the results as JSON to this file")
    parser.add_argument("--baseline",
                        help="another run's --json (e.g. under MXNet) to show beside each row")
    parser.add_argument("--models", default="",
                        help="model zoo stand-ins to write with the MXNet oracle, e.g. "
                             "resnet18_v2,resnet34_v2,vgg19")
    parser.add_argument("--fashion-mnist", default="300,100",
                        help="Fashion-MNIST's stand-in train,test sizes (default: %(default)s)")
    parser.add_argument("--look-past", action="store_true",
                        help="look past IPython 8's missing display.set_matplotlib_formats and "
                             "ndsh modules that do not exist yet (see scripts/book/shim)")
    parser.add_argument("--pythonpath", default="",
                        help="more folders for the sections' PYTHONPATH (e.g. d2lzh and its "
                             "imports for an MXNet run: --runner /work/mxvenv/bin/python)")
    parser.add_argument("--commit",
                        help="run ndsh as committed at this revision of the repository this "
                             "script is in (extracted into --work), not the installed one")
    parser.add_argument("--replace", action="append", default=[], metavar="OLD=>NEW",
                        help="replace OLD by NEW in the sections' code (repeatable): a "
                             "shortened run to profile, e.g. 'range(20):=>range(2):'")
    parser.add_argument("--runner", default=os.path.join(os.path.dirname(sys.executable),
                                                         "ndsh") + " run --echo",
                        help="the command a script is given to (default: %(default)s)")
    args = parser.parse_args(argv)
    baseline = read_results(args.baseline) if args.baseline else None
    if args.render:
        rows = []
        for name, r in read_results(args.render).items():
            number = int(r.get("number", 0)) or chapter_number(args.book, r["chapter"])
            rows.append(Result(Section(r["chapter"], number, name, "", 0), r["status"],
                               r["seconds"], r["error"], r.get("cpu")))
        print(table(rows, baseline))
        return 0
    work = args.work or tempfile.mkdtemp(prefix="ndsh-book-")
    os.makedirs(work, exist_ok=True)
    book = book_tree(args.book, work, args.tag)
    todo = sections(book, args.chapter, args.section)
    if args.replace:
        changed = [replaced(s, args.replace) for s in todo]
        print(f"--replace changed {sum(a.code != b.code for a, b in zip(todo, changed))} of "
              f"{len(todo)} sections' code", flush=True)
        todo = changed
    root = os.path.join(work, "run")
    data_args = ["--fashion-mnist", args.fashion_mnist] + (
        ["--models", args.models] if args.models else [])
    env = prepare(book, root, args.look_past, data_args)
    if args.commit:
        env["PYTHONPATH"] += os.pathsep + ndsh_at(args.commit, work)
    if args.pythonpath:
        env["PYTHONPATH"] += os.pathsep + args.pythonpath
    print(f"{len(todo)} sections; scripts and logs in {root}", flush=True)
    command = args.runner.split()
    results = run_all(todo, lambda s, running: run_one(s, root, command, args.timeout, env,
                                                       running),
                      args.jobs, lambda r: print(line(r), flush=True))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fout:
            json.dump({r.section.name: {"chapter": r.section.chapter, "status": r.status,
                                        "seconds": round(r.seconds, 1), "cpu": r.cpu,
                                        "error": r.error}
                       for r in results}, fout, indent=1, ensure_ascii=False)
    text = table(results, baseline)
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fout:
            fout.write(text)
    return 0 if all(r.status in ("pass", "gpu") for r in results) else 1


if __name__ == "__main__":
    sys.exit(exit_code(main))
