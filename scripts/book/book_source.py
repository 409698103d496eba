"""The d2l-zh runner's reading side (scripts/book.py imports it from here): a section's code
cells as one script (`to_script`, `replaced`), the book's chapters and sections in reading
order (`chapters`, `sections`, `chapter_number`), and the trees a run works in: the book at a
tag (`book_tree`) and ndsh at a commit (`ndsh_at`).
"""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))    # scripts/
CELL = re.compile(r"^```\{\.python \.input[^}]*\}[ \t]*\n(.*?)^```", re.S | re.M)
SHELL_LINE = re.compile(r"^[%!]")


@dataclass
class Section:
    chapter: str            # chapter folder, e.g. chapter_deep-learning-basics
    number: int             # the chapter's number in the book
    name: str               # section file stem, e.g. linear-regression-scratch
    code: str               # the script
    dropped: int            # IPython-only lines left out


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


def chapter_number(book: str, chapter: str) -> int:
    """The chapter's number in the book at `book` (0 when the book has no build/ to say)."""
    names = chapters(book) if os.path.isdir(os.path.join(book, "build")) else []
    return names.index(chapter) + 1 if chapter in names else 0


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
    rev = subprocess.run(["git", "-C", SCRIPTS, "rev-parse", "--short", commit], check=True,
                         capture_output=True, text=True).stdout.strip()
    folder = os.path.join(work, f"ndsh-{rev}")
    if not os.path.isdir(folder):
        os.makedirs(folder)
        archive = subprocess.run(["git", "-C", os.path.dirname(SCRIPTS), "archive", rev, "--",
                                  "ndsh"], check=True, capture_output=True).stdout
        subprocess.run(["tar", "x", "-C", folder], input=archive, check=True)
    return folder
