"""The d2l-zh runner's output side (scripts/book.py imports it from here; book_en.py uses it
through book.py): a section's progress line (`line`), the results as markdown tables (`table`)
and read back (`read_results`), and the exit code of a run whose stdout's reader went away
(`exit_code`, EXIT_PIPE_CLOSED).
"""
from __future__ import annotations

import json
import os
import re
import sys

EXIT_PIPE_CLOSED = 141     # what a shell reports for a command its pipe's reader left (ndsh's)


def line(r) -> str:
    """The line printed as a section ends: chapter number, name, result, seconds (and CPU
    seconds when known), first error.

    Example:
        >>> from book_source import Section
        >>> from book_run import Result
        >>> line(Result(Section("chapter_x", 3, "mlp", "", 0), "fail", 2.04, "E [line 1]", 1.5))
        ' 3 mlp                                  fail       2.0s (cpu 1.5s) E [line 1]'
    """
    cpu = "" if r.cpu is None else f" (cpu {r.cpu:.1f}s)"
    return (f"{r.section.number:>2} {r.section.name:<36} {r.status:<7} "
            f"{r.seconds:6.1f}s{cpu} {r.error}")


def table(results: list, baseline: dict | None = None) -> str:
    """The results as markdown: one table per chapter, then a summary line; with baseline
    ({section: {"status", "seconds"}} from another run's --json, e.g. under MXNet), its result
    and seconds beside each row.

    Example:
        >>> from book_source import Section
        >>> from book_run import Result
        >>> print(table([Result(Section("chapter_x", 3, "mlp", "", 0), "pass", 1.25, "")]))
        <BLANKLINE>
        ### 3. chapter_x (1/1 run to the end)
        <BLANKLINE>
        | section | result | seconds | first error |
        |---|---|---:|---|
        | mlp | pass | 1.2 |  |
        <BLANKLINE>
        1 pass, 0 fail, 0 timeout, 0 gpu of 1 sections
        <BLANKLINE>
    """
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
