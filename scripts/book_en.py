"""Run the MXNet code of *Dive into Deep Learning* (d2l-en v1.0.3, d2l.ai) section by section
under `ndsh run`, and print which sections run to the end, which fail and where.

    python scripts/book_en.py --chapter 2 --chapter 3 --jobs 2 --markdown /tmp/book_en.md

The book's sections are notebooks with tabs (d2lbook): a `{.python .input}` code cell whose
first line is `%%tab NAMES` or `#@tab NAMES` belongs to those tabs (`all`: every tab); a cell
without a mark belongs to the notebook's default tab, the first of its
`tab.interact_select([...])` list (mxnet wherever mxnet is listed). A section's script is its
mxnet-tab cells in order, unchanged except that lines starting with % or ! (the tab marks,
`%matplotlib inline`) are dropped and the first cell (`%load_ext d2lbook.tab`) becomes a stand-in
`tab` whose `tab.selected(...)` is true for 'mxnet'. Sections whose notebook does not list
mxnet are left out.

The scripts run in a fresh folder laid out as the book is (chapter_*/SECTION.py beside ../data),
with HOME inside it (~/.mxnet is the run's own), MPLBACKEND=Agg, one BLAS thread, and the small
stand-ins of `scripts/book_en/book_en_data.py`, served to d2l's `download` by
`scripts/book_en/shim/sitecustomize.py`. Needs `pip install --no-deps d2l==1.0.3` plus requests
and pandas in ndsh's Python. The pieces (running a script, first error, the table) are
`scripts/book.py`'s, the d2l-zh runner's.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "book_en")]
import book  # noqa: E402  (the d2l-zh runner: Section, Result, run_one, run_all, table)
from book_en_causes import GPU_SECTIONS, causes  # noqa: E402  (scripts/book_en/: the grouping)

SHIM = os.path.join(HERE, "book_en", "shim")
DEFAULT_BOOK = os.environ.get("D2L_EN_BOOK", "/work/.mirror/d2l-ai+d2l-en/repo")
TAB = "mxnet"
# sections given their own HOME (and SHA-1 map), a folder book_en_data.py writes in the run's
SECTION_HOME = {"geometry-linear-algebraic-ops": "fashion-mnist-2000"}
MARK = re.compile(r"^\s*(?:#\s*)?(?:%%tab|#@tab)\b(.*)$")
SELECT = re.compile(r"interact_select\(\s*\[([^\]]*)\]")
PRELUDE = ("class _BookTab:  # d2lbook's `tab` (from %load_ext d2lbook.tab): the mxnet tab\n"
           "    def selected(self, *tabs):\n"
           "        return 'mxnet' in tabs or 'all' in tabs\n"
           "    def interact_select(self, *tabs, **kwargs):\n"
           "        pass\n"
           "tab = _BookTab()\n")


def cell_tabs(cell: str, default: str) -> list[str]:
    """The tabs a code cell belongs to, from its first line's mark.

    Example:
        >>> cell_tabs("%%tab pytorch, mxnet\\nx = 1\\n", "mxnet")
        ['pytorch', 'mxnet']
        >>> cell_tabs("#@tab all\\nx = 1\\n", "mxnet"), cell_tabs("x = 1\\n", "jax")
        (['all'], ['jax'])
    """
    first = cell.lstrip("\n").split("\n", 1)[0]
    mark = MARK.match(first)
    if not mark:
        return [default]
    return [t.strip() for t in mark.group(1).split(",") if t.strip()]


def to_script(markdown: str, tab: str = TAB) -> tuple[str, int]:
    """The cells of one tab of a section's markdown as one script, and how many IPython-only
    lines were dropped ('' when the notebook has no such tab).

    Example:
        >>> text = ("```{.python .input}\\n%load_ext d2lbook.tab\\n"
        ...         "tab.interact_select(['mxnet', 'pytorch'])\\n```\\n"
        ...         "```{.python .input  n=2}\\n%%tab mxnet\\n%matplotlib inline\\nx = 1\\n```\\n"
        ...         "```{.python .input}\\n%%tab pytorch\\nx = 2\\n```\\n"
        ...         "```{.python .input}\\n#@tab all\\nprint(x)\\n```\\n")
        >>> print(to_script(text)[0].split("tab = _BookTab()\\n")[1], end="")
        # cell 2
        x = 1
        # cell 4
        #@tab all
        print(x)
        >>> to_script(text)[1], to_script(text, "jax")[0]
        (1, '')
    """
    cells = book.CELL.findall(markdown)
    selected = SELECT.search(markdown)
    tabs = re.findall(r"['\"](\w+)['\"]", selected.group(1)) if selected else [TAB]
    if tab not in tabs:
        return "", 0
    parts, dropped = [], 0
    for i, cell in enumerate(cells, 1):
        if "%load_ext d2lbook.tab" in cell:
            continue
        mine = cell_tabs(cell, tabs[0])
        if tab not in mine and "all" not in mine:
            continue
        lines = []
        for n, line in enumerate(cell.lstrip("\n").splitlines()):
            if n == 0 and line.startswith("%%tab"):
                continue
            if book.SHELL_LINE.match(line):
                dropped += 1
            else:
                lines.append(line)
        parts.append(f"# cell {i}\n" + "\n".join(lines) + "\n")
    return (PRELUDE + "".join(parts) if parts else ""), dropped


def toc(markdown: str, numbered: bool = False) -> list[str]:
    """The entries of a markdown's ```toc``` blocks (only the :numbered: ones if asked)."""
    found = []
    for block in re.findall(r"^```toc\n(.*?)^```", markdown, re.S | re.M):
        if numbered and ":numbered:" not in block:
            continue
        found += [line.strip() for line in block.splitlines()
                  if line.strip() and not line.strip().startswith(":")]
    return found


def chapters(tree: str) -> list[str]:
    """The numbered chapters' folders in the book's order (index.md's numbered toc)."""
    with open(os.path.join(tree, "index.md"), encoding="utf-8") as fin:
        return [entry.split("/")[0] for entry in toc(fin.read(), numbered=True)]


def sections(tree: str, wanted_chapters=(), wanted_sections=(), tab: str = TAB) -> list:
    """The sections with code in the tab, in reading order, as `book.Section`s, filtered by
    chapter number or folder name and by section name (substrings)."""
    found = []
    for number, chapter in enumerate(chapters(tree), 1):
        if wanted_chapters and not any(w == str(number) or (not w.isdigit() and w in chapter)
                                       for w in wanted_chapters):
            continue
        index = os.path.join(tree, chapter, "index.md")
        if not os.path.exists(index):
            continue
        with open(index, encoding="utf-8") as fin:
            names = toc(fin.read())
        for name in names:
            path = os.path.join(tree, chapter, name + ".md")
            if not os.path.exists(path) or (
                    wanted_sections and not any(w in name for w in wanted_sections)):
                continue
            with open(path, encoding="utf-8") as fin:
                code, dropped = to_script(fin.read(), tab)
            if code:
                found.append(book.Section(chapter, number, name, code, dropped))
    return found


def book_tree(source: str, work: str, tag: str) -> str:
    """A work tree of the book: source itself, or tag's chapters extracted from a git dir."""
    if os.path.exists(os.path.join(source, "index.md")):
        return source
    tree = os.path.join(work, f"d2l-en-{tag}")
    if not os.path.isdir(tree):
        os.makedirs(tree)
        archive = subprocess.run(["git", "-C", source, "archive", tag, "--", "index.md",
                                  "chapter_*", "img/*.jpg", "img/*.png"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "x", "-C", tree], input=archive, check=True)
    return tree


def prepare(tree: str, root: str, data_args: list[str], look_past: bool = False,
            cpu_as_gpus: int = 0, old_stem: bool = False) -> dict:
    """Fill root with the stand-in data, the book's images and a HOME; return the run's env."""
    sys.path.insert(0, os.path.join(HERE, "book_en"))
    import book_en_data
    book_en_data.main(["--root", root] + data_args)
    img = os.path.join(tree, "img")
    if os.path.isdir(img) and not os.path.exists(os.path.join(root, "img")):
        os.symlink(img, os.path.join(root, "img"))
    os.makedirs(os.path.join(root, "logs"), exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("MXNET_HOME", "PYTHONPATH")}
    env.update(HOME=os.path.join(root, "home"), MPLBACKEND="Agg", NO_COLOR="1",
               NDSH_BOOK_SHA1=os.path.join(root, "book-sha1.json"),
               NDSH_BOOK_EN_SERVED=os.path.join(root, "served"), OMP_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               MXNET_GLUON_REPO="http://127.0.0.1:9/", PYTHONPATH=SHIM)
    if look_past:
        env["NDSH_BOOK_EN_LOOK_PAST"] = "1"
    if cpu_as_gpus:
        env["NDSH_BOOK_EN_CPU_AS_GPUS"] = str(cpu_as_gpus)
    if old_stem:
        env["NDSH_BOOK_EN_OLD_STEM"] = "1"
    return env


def shims(args) -> str:
    """The look-past shims a run was given, as its results are labelled ('' for none).

    Example:
        >>> import argparse
        >>> shims(argparse.Namespace(look_past=False, cpu_as_gpus=2, old_stem=True))
        'cpu-as-gpus 2, old-stem'
    """
    return ", ".join(([f"cpu-as-gpus {args.cpu_as_gpus}"] if args.cpu_as_gpus else []) +
                     (["old-stem"] if args.old_stem else []) +
                     (["look-past"] if args.look_past else []))


FEW_BATCHES = "num_batches // 5"   # d2l's train_ch13 (and its copies) animate 5 times an epoch


def failing_line(log: str) -> str:
    """The source line the last traceback in a run's log shows last ('' when none).

    Example:
        >>> import tempfile
        >>> path = tempfile.mktemp()
        >>> _ = open(path, "w").write('out\\n--- stderr ---\\nTraceback (most recent call last):\\n'
        ...                           '  File "d2l.py", line 9, in f\\n    if i % (n // 5):\\n'
        ...                           '       ^^^^^\\nZeroDivisionError: integer modulo by zero\\n')
        >>> failing_line(path)
        'if i % (n // 5):'
    """
    try:
        with open(log, encoding="utf-8", errors="replace") as fin:
            text = fin.read().split("\n--- stderr ---\n")[-1]
    except OSError:
        return ""
    lines = text.split("Traceback (most recent call last):")[-1].splitlines()
    code = [lines[i + 1].strip() for i, line in enumerate(lines[:-1])
            if line.lstrip().startswith("File ")]
    return code[-1] if code else ""


def run_one(section, root: str, command: list[str], timeout: float, env: dict,
            running=None):
    """`book.run_one` on the section's script saved as NAME.mxnet.py, not NAME.py: a section
    named like a module (pandas) would otherwise shadow it for every script in its folder. A
    section of SECTION_HOME gets that folder's HOME and SHA-1 map."""
    if section.name in SECTION_HOME:
        own = os.path.join(root, SECTION_HOME[section.name])
        env = dict(env, HOME=os.path.join(own, "home"),
                   NDSH_BOOK_SHA1=os.path.join(own, "book-sha1.json"))
    r = book.run_one(dataclasses.replace(section, name=section.name + ".mxnet"), root, command,
                     timeout, env, running)
    if r.status == "fail" and "by zero" in r.error and FEW_BATCHES in failing_line(
            os.path.join(root, "logs", section.name + ".mxnet.log")):
        r.error += f" (at `{FEW_BATCHES}`)"
    if r.status == "fail" and section.name in GPU_SECTIONS and re.search("gpu|GPU",
                                                                               r.error):
        r.status = "gpu"
    return dataclasses.replace(r, section=section)


def write_json(path: str, results: list, shims: str = "", commit: str | None = None) -> None:
    """The results as --json writes them: {section: {chapter, number, status, seconds, cpu,
    error}}, plus the look-past shims and the ndsh revision (--commit) when there are."""
    extra = {**({"shims": shims} if shims else {}), **({"commit": commit} if commit else {})}
    with open(path, "w", encoding="utf-8") as fout:
        json.dump({r.section.name: {"chapter": r.section.chapter, "number": r.section.number,
                                    "status": r.status, "seconds": round(r.seconds, 1),
                                    "cpu": r.cpu, "error": r.error, **extra}
                   for r in results}, fout, indent=1, ensure_ascii=False)


def merged(todo: list, paths: list[str]) -> list:
    """Results of earlier runs (their --json files; a later file wins for a section it has), as
    `book.Result`s in the book's order, for the sections of `todo` that one of them ran."""
    found: dict = {}
    for path in paths:
        with open(path, encoding="utf-8") as fin:
            found.update(json.load(fin))
    def error(r: dict) -> str:
        label = f"[look-past run: {r['shims']}]" if r.get("shims") else ""
        return " ".join(part for part in (r["error"], label) if part)
    return [book.Result(s, found[s.name]["status"], found[s.name]["seconds"],
                        error(found[s.name]), found[s.name].get("cpu"))
            for s in todo if s.name in found]


def wanted(args, tree: str) -> list:
    """The sections of the book at tree that --chapter, --section and --skip pick."""
    return [s for s in sections(tree, args.chapter, args.section) if s.name not in args.skip]


def shown(args, todo: list) -> int:
    """--list (the sections and their scripts' sizes) or --merge (the table and causes of
    earlier runs' --json files) printed, for the sections todo; exit code 0."""
    if args.list:
        for s in todo:
            print(f"{s.number:>2} {s.chapter:<44} {s.name:<36} {s.code.count(chr(10)):>4} lines")
    else:
        results = merged(todo, args.merge)
        print(book.table(results) + "\n### Failures by root cause\n\n" + causes(results))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--book", default=DEFAULT_BOOK,
                        help="d2l-en work tree or git directory (default: %(default)s)")
    parser.add_argument("--tag", default="v1.0.3")
    parser.add_argument("--chapter", action="append", default=[],
                        help="chapter number or part of its folder name (repeatable)")
    parser.add_argument("--section", action="append", default=[],
                        help="part of a section's name (repeatable)")
    parser.add_argument("--jobs", type=int, default=1, choices=(1, 2))
    parser.add_argument("--timeout", type=float, default=300, help="seconds per section")
    parser.add_argument("--work", help="the run folder (default: a new temporary one, kept; "
                                       "--list and --merge keep none)")
    parser.add_argument("--markdown", help="also write the table to this file")
    parser.add_argument("--json", help="also write the results as JSON to this file")
    parser.add_argument("--fashion-mnist", default="300,100",
                        help="Fashion-MNIST's stand-in train,test sizes (default: %(default)s)")
    parser.add_argument("--look-past", action="store_true",
                        help="give ndsh.gluon.parameter the ParameterDict name MXNet has, to "
                             "see what fails after it (see scripts/book_en/shim)")
    parser.add_argument("--cpu-as-gpus", type=int, default=0, metavar="N",
                        help="look past the need for GPUs: d2l's try_all_gpus() gives N cpu "
                             "contexts, try_gpu(i) cpu(i) (a shim of d2l; results labelled)")
    parser.add_argument("--old-stem", action="store_true",
                        help="look past matplotlib 3.8's removal of stem(use_line_collection=) "
                             "(a shim of matplotlib, not ndsh; results labelled)")
    parser.add_argument("--skip", action="append", default=[], metavar="NAME",
                        help="leave out the section of this exact name (repeatable)")
    parser.add_argument("--commit",
                        help="run ndsh as committed at this revision (extracted into --work; "
                             "book.py's ndsh_at), not the working tree the install points at")
    parser.add_argument("--list", action="store_true",
                        help="run nothing: list the sections and their scripts' sizes")
    parser.add_argument("--merge", nargs="+", metavar="JSON",
                        help="run nothing: print the table and causes of earlier runs' --json "
                             "files (a later file wins for a section)")
    parser.add_argument("--runner", default=os.path.join(os.path.dirname(sys.executable),
                                                         "ndsh") + " run --echo",
                        help="the command a script is given to (default: %(default)s)")
    args = parser.parse_args(argv)
    if (args.list or args.merge) and not args.work:
        # run nothing, keep nothing: a git dir's tag goes into a folder removed afterwards
        with tempfile.TemporaryDirectory(prefix="ndsh-book-en-") as scratch:
            return shown(args, wanted(args, book_tree(args.book, scratch, args.tag)))
    work = args.work or tempfile.mkdtemp(prefix="ndsh-book-en-")
    os.makedirs(work, exist_ok=True)
    tree = book_tree(args.book, work, args.tag)
    todo = wanted(args, tree)
    if args.list or args.merge:
        return shown(args, todo)
    root = os.path.join(work, "run")
    env = prepare(tree, root, ["--fashion-mnist", args.fashion_mnist],
                  args.look_past, args.cpu_as_gpus, args.old_stem)
    if args.commit:
        env["PYTHONPATH"] += os.pathsep + book.ndsh_at(args.commit, work)
    label = shims(args)
    print(f"{len(todo)} sections; scripts and logs in {root}" +
          (f"; LOOK-PAST RUN ({label}): not the default run's results" if label else ""),
          flush=True)
    results, command = [], args.runner.split()

    def show(r) -> None:
        results.append(r)
        if args.json:         # before printing: a run stopped early (even by its reader
            write_json(args.json, results, label, args.commit)  # leaving) keeps what it ran
        print(book.line(r), flush=True)

    book.run_all(todo, lambda s, running: run_one(s, root, command, args.timeout, env, running),
                 args.jobs, show)
    text = book.table(results) + "\n### Failures by root cause\n\n" + causes(results) + (
        f"\n(a look-past run: {label})\n" if label else "")
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as fout:
            fout.write(text)
    return 0 if all(r.status in ("pass", "gpu") for r in results) else 1


if __name__ == "__main__":
    sys.exit(book.exit_code(main))
