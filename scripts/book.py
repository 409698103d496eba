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
"""
from __future__ import annotations

import argparse
import concurrent.futures as futures
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
SHIM = os.path.join(HERE, "book", "shim")
DEFAULT_BOOK = os.environ.get("D2L_ZH_BOOK", "/work/.mirror/d2l-ai+d2l-zh/repo")
GPU_SECTIONS = {"use-gpu", "auto-parallelism", "multiple-gpus", "multiple-gpus-gluon"}
EXIT_PIPE_CLOSED = 141     # what a shell reports for a command its pipe's reader left (ndsh's)
CELL = re.compile(r"^```\{\.python \.input[^}]*\}[ \t]*\n(.*?)^```", re.S | re.M)
SHELL_LINE = re.compile(r"^[%!]")


@dataclass
class Section:
    chapter: str            # chapter folder, e.g. chapter_deep-learning-basics
    number: int             # the chapter's number in the book
    name: str               # section file stem, e.g. linear-regression-scratch
    code: str               # the script
    dropped: int            # IPython-only lines left out


@dataclass
class Result:
    section: Section
    status: str             # pass, fail, timeout, gpu
    seconds: float
    error: str              # the first error, one line ('' when it passed)
    cpu: float | None = None    # user + system seconds of the script's process (and children)


def to_script(markdown: str) -> tuple[str, int]:
    """The code cells of a section's markdown as one script, and how many shell lines were
    dropped.

    Example:
        >>> text = "Intro\\n```{.python .input  n=1}\\n%matplotlib inline\\nx = 1\\n```\\n"
        >>> to_script(text)
        ('# cell 1\\nx = 1\\n', 1)
    """
    parts, dropped = [], 0
    for i, cell in enumerate(CELL.findall(markdown), 1):
        lines = []
        for line in cell.splitlines():
            if SHELL_LINE.match(line):
                dropped += 1
            else:
                lines.append(line)
        parts.append(f"# cell {i}\n" + "\n".join(lines) + "\n")
    return "".join(parts), dropped


def replaced(section: Section, rules: list[str]) -> Section:
    """The section with each rule 'OLD=>NEW' applied to its code (every occurrence), for a
    shortened run to profile (fewer epochs); a rule whose OLD is not there changes nothing.

    Example:
        >>> s = Section("chapter_x", 9, "ssd", "for epoch in range(20):\\n    pass\\n", 0)
        >>> replaced(s, ["range(20)=>range(2)", "nowhere=>x"]).code
        'for epoch in range(2):\\n    pass\\n'
    """
    code = section.code
    for rule in rules:
        old, sep, new = rule.partition("=>")
        if not sep or not old:
            raise ValueError(f"--replace {rule!r}: write it as OLD=>NEW")
        code = code.replace(old, new)
    return Section(section.chapter, section.number, section.name, code, section.dropped)


def chapters(book: str) -> list[str]:
    """The numbered chapters in the book's order (build/index.rst's toctree)."""
    index = os.path.join(book, "build", "index.rst")
    if os.path.exists(index):
        with open(index, encoding="utf-8") as fin:
            found = re.findall(r"^\s+(chapter_[\w-]+)/", fin.read(), re.M)
        numbered = [c for c in found if c not in ("chapter_preface", "chapter_how-to-use")]
        if numbered:
            return numbered
    return sorted(d for d in os.listdir(book) if d.startswith("chapter_"))


def sections(book: str, wanted_chapters=(), wanted_sections=()) -> list[Section]:
    """The book's sections that have code, in reading order, filtered by chapter number or
    name and by section name (substrings)."""
    found = []
    for number, chapter in enumerate(chapters(book), 1):
        if wanted_chapters and not any(w == str(number) or w in chapter
                                       for w in wanted_chapters):
            continue
        folder = os.path.join(book, chapter)
        if not os.path.exists(os.path.join(folder, "index.md")):
            continue                        # the introduction: one section, no code
        with open(os.path.join(folder, "index.md"), encoding="utf-8") as fin:
            names = re.findall(r"^   ([\w-]+)\s*$", fin.read(), re.M)
        for name in names:
            path = os.path.join(folder, name + ".md")
            if not os.path.exists(path) or (
                    wanted_sections and not any(w in name for w in wanted_sections)):
                continue
            with open(path, encoding="utf-8") as fin:
                code, dropped = to_script(fin.read())
            if code:
                found.append(Section(chapter, number, name, code, dropped))
    return found


def book_tree(book: str, work: str, tag: str) -> str:
    """A work tree of the book: book itself, or tag extracted from a git directory."""
    if os.path.isdir(os.path.join(book, "chapter_prerequisite")):
        return book
    tree = os.path.join(work, f"d2l-zh-{tag}")
    if not os.path.isdir(tree):
        os.makedirs(tree)
        # the mirror lacks the kaggle_dog zip's blob; make_book_data.py writes a stand-in
        archive = subprocess.run(["git", "-C", book, "archive", tag, "--", "build/index.rst",
                                  "chapter_*", "data", "img", ":!data/kaggle_dog"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "x", "-C", tree], input=archive, check=True)
    return tree


def ndsh_at(commit: str, work: str) -> str:
    """A folder holding the ndsh package as committed at commit (first on PYTHONPATH, it is
    the ndsh that `ndsh run` imports: the editable install's finder comes after it)."""
    rev = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", commit], check=True,
                         capture_output=True, text=True).stdout.strip()
    folder = os.path.join(work, f"ndsh-{rev}")
    if not os.path.isdir(folder):
        os.makedirs(folder)
        archive = subprocess.run(["git", "-C", os.path.dirname(HERE), "archive", rev, "--", "ndsh"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "x", "-C", folder], input=archive, check=True)
    return folder


def first_error(stderr: str, script: str) -> str:
    """One line: the exception that ended the script (not the "Exception ignored in" noise
    of objects torn down at exit) and the script line it came from.

    Example:
        >>> first_error('Traceback (most recent call last):\\n  File "a.py", line 3, in <m>\\n'
        ...             'KeyError: 1\\nException ignored in: <f>\\nTraceback (most recent call '
        ...             'last):\\nAttributeError: x', "a.py")
        'KeyError: 1 [line 3]'
    """
    blocks, ignored = [], False             # (traceback text, ignored?) in order
    for line in stderr.splitlines():
        if line.startswith("Exception ignored"):
            ignored = True
        elif line.startswith("Traceback (most recent call last)"):
            blocks.append([[], ignored])
            ignored = False
        elif blocks:
            blocks[-1][0].append(line)
    kept = [b for b, skip in blocks if not skip]
    lines = kept[-1] if kept else [line for line in stderr.splitlines() if line.strip()]
    text = "\n".join(lines)
    where = re.findall(rf'File "[^"]*{re.escape(os.path.basename(script))}", line (\d+)', text)
    error = ""
    for line in reversed(lines):
        if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit|Warning)\b", line):
            error = line.strip()
            break
    if not error:
        error = lines[-1].strip() if lines else "(no output)"
    if where:
        error += f" [line {where[-1]}]"
    return error[:300]


TIME = "/usr/bin/time"       # GNU time: the CPU seconds of a section's process, by rusage


def cpu_seconds(path: str) -> float | None:
    """User + system seconds from the file `/usr/bin/time -f '%U %S' -o path` wrote (None when
    it wrote none: a section killed at its timeout, or no GNU time).

    Example:
        >>> import tempfile
        >>> path = tempfile.mktemp()
        >>> _ = open(path, "w").write("Command exited with non-zero status 1\\n12.50 0.75\\n")
        >>> cpu_seconds(path), cpu_seconds(path + ".missing")
        (13.25, None)
    """
    try:
        with open(path, encoding="utf-8") as fin:
            user, system = fin.read().split()[-2:]
        return round(float(user) + float(system), 2)
    except (OSError, ValueError):
        return None


def run_one(section: Section, root: str, command: list[str], timeout: float,
            env: dict) -> Result:
    folder = os.path.join(root, section.chapter)
    os.makedirs(folder, exist_ok=True)
    script = os.path.join(folder, section.name + ".py")
    with open(script, "w", encoding="utf-8") as fout:
        fout.write(section.code)
    log = os.path.join(root, "logs", section.name + ".log")
    cpu_file = os.path.join(root, "logs", section.name + ".cpu")
    if os.path.exists(cpu_file):
        os.remove(cpu_file)
    if os.access(TIME, os.X_OK):
        command = [TIME, "-f", "%U %S", "-o", cpu_file] + command
    start = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.Popen(command + [os.path.basename(script)], cwd=folder, env=env,
                                stdout=out, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        try:
            _, stderr = proc.communicate(timeout=timeout)
            status = "pass" if proc.returncode == 0 else "fail"
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            _, stderr = proc.communicate()
            status = "timeout"
        out.write("\n--- stderr ---\n" + stderr)
    seconds = time.perf_counter() - start
    error = "" if status == "pass" else first_error(stderr, script)
    if status == "timeout":
        with open(log, encoding="utf-8", errors="replace") as fin:
            printed = [line.strip() for line in fin.read().split("\n--- stderr ---\n")[0]
                       .splitlines() if line.strip()]
        error = f"timed out after {timeout:.0f} s" + (
            f"; last output: {printed[-1][:120]}" if printed else "")
    elif status == "fail" and section.name in GPU_SECTIONS and re.search(r"gpu|GPU", error):
        status = "gpu"
    return Result(section, status, seconds, error, cpu_seconds(cpu_file))


def prepare(book: str, root: str, compat: bool, data_args: list[str]) -> dict:
    """Fill root with the book's img/, the synthetic data and a HOME; return the run's env."""
    sys.path.insert(0, HERE)
    import make_book_data
    make_book_data.main(["--book", book, "--root", root] + data_args)
    shutil.copytree(os.path.join(book, "img"), os.path.join(root, "img"), dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.svg", "*.gif", "*.mp4", "frontpage"))
    os.makedirs(os.path.join(root, "logs"), exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("MXNET_HOME", "PYTHONPATH")}
    env.update(HOME=os.path.join(root, "home"), MPLBACKEND="Agg", NO_COLOR="1",
               NDSH_BOOK_SHA1=os.path.join(root, "book-sha1.json"), OMP_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", MXNET_GLUON_REPO="http://127.0.0.1:9/",
               PYTHONPATH=SHIM)
    if compat:
        env["NDSH_BOOK_LOOK_PAST"] = "1"
    return env


def _chapter_number(book: str, chapter: str) -> int:
    names = chapters(book) if os.path.isdir(os.path.join(book, "build")) else []
    return names.index(chapter) + 1 if chapter in names else 0


def table(results: list[Result], baseline: dict | None = None) -> str:
    """The results as markdown: one table per chapter, then a summary line; with baseline
    ({section: {"status", "seconds"}} from another run's --json, e.g. under MXNet), its result
    and seconds beside each row."""
    out, by_chapter = [], {}
    with_cpu = any(r.cpu is not None for r in results)
    for r in results:
        by_chapter.setdefault((r.section.number, r.section.chapter), []).append(r)
    for (number, chapter), rows in sorted(by_chapter.items()):
        passed = sum(r.status == "pass" for r in rows)
        head = f"{passed}/{len(rows)} run to the end"
        if baseline is not None:
            base = sum(baseline.get(r.section.name, {}).get("status") == "pass" for r in rows)
            head += f"; {base}/{len(rows)} in the baseline"
        out.append(f"\n### {number}. {chapter} ({head})\n")
        head = ["section", "result", "seconds"] + (["cpu s"] if with_cpu else []) + (
            ["baseline", "seconds"] if baseline is not None else []) + ["first error"]
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "|".join("---:" if h in ("seconds", "cpu s") else "---"
                                  for h in head) + "|")
        for r in rows:
            error = r.error.replace("|", "\\|")
            cells = [r.section.name, r.status, f"{r.seconds:.1f}"]
            if with_cpu:
                cells.append("" if r.cpu is None else f"{r.cpu:.1f}")
            if baseline is not None:
                base = baseline.get(r.section.name)
                cells += ([base["status"], f"{base['seconds']:.1f}"] if base else ["-", ""])
            out.append("| " + " | ".join(cells + [error]) + " |")
    counts = {s: sum(r.status == s for r in results) for s in ("pass", "fail", "timeout", "gpu")}
    out.append("\n" + ", ".join(f"{v} {k}" for k, v in counts.items()) +
               f" of {len(results)} sections")
    return "\n".join(out) + "\n"


def read_results(path: str) -> dict:
    """{section: {"chapter", "status", "seconds", "error"}} from a --json file or from a
    table written by --markdown.

    Example:
        >>> import tempfile
        >>> path = tempfile.mktemp(suffix=".md")
        >>> _ = open(path, "w").write("### 3. chapter_x (0/1 run to the end)\\n"
        ...                           "| mlp | fail | 2.0 | KeyError: 'a\\\\|b' [line 3] |\\n")
        >>> read_results(path)["mlp"]["error"]
        "KeyError: 'a|b' [line 3]"
    """
    with open(path, encoding="utf-8") as fin:
        text = fin.read()
    if path.endswith(".json"):
        return json.loads(text)
    found, chapter = {}, ""
    for line in text.splitlines():
        head = re.match(r"### \d+\. (\S+)", line)
        if head:
            chapter = head.group(1)
        cells = [c.strip().replace("\\|", "|")
                 for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if len(cells) >= 4 and cells[1] in ("pass", "fail", "timeout", "gpu"):
            found[cells[0]] = {"chapter": chapter, "status": cells[1],
                               "seconds": float(cells[2]), "error": cells[-1]}
    return found


def exit_code(main, argv=None) -> int:
    """main(argv)'s exit code; EXIT_PIPE_CLOSED, quietly (no traceback), when the reader of
    stdout went away (`book.py --render run.json | head -2`). stdout then points at /dev/null,
    so that the flush at exit cannot fail again.

    Example:
        >>> exit_code(lambda argv: print("ran", argv) or 1, ["--list"])
        ran ['--list']
        1
    """
    try:
        code = main(argv)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_PIPE_CLOSED


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
            number = int(r.get("number", 0)) or _chapter_number(args.book, r["chapter"])
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
    results = []
    with futures.ThreadPoolExecutor(args.jobs) as pool:
        jobs = [pool.submit(run_one, s, root, args.runner.split(), args.timeout, env)
                for s in todo]
        for job in jobs:
            r = job.result()
            results.append(r)
            cpu = "" if r.cpu is None else f" (cpu {r.cpu:.1f}s)"
            print(f"{r.section.number:>2} {r.section.name:<36} {r.status:<7} "
                  f"{r.seconds:6.1f}s{cpu} {r.error}", flush=True)
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
