"""scripts/book.py (the d2l-zh runner) is its command line over three families in scripts/book/:
book_source.py (reading the book), book_run.py (running a section), book_report.py (the
output). book.py re-exports their names, which book_en.py and the tests use as `book.NAME`."""
import doctest
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import book  # noqa: E402
import book_report  # noqa: E402  (scripts/book/, on the path once book is imported)
import book_run  # noqa: E402
import book_source  # noqa: E402


@pytest.mark.parametrize("module", [book_source, book_run, book_report],
                         ids=lambda m: m.__name__)
def test_each_familys_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0


def test_book_reexports_each_familys_names_as_they_are():
    for name in book.__all__:
        assert hasattr(book, name), name
    assert book.run_one is book_run.run_one and book.Section is book_source.Section
    assert book.table is book_report.table and book.exit_code is book_report.exit_code
    assert book.SHIM == str(ROOT / "scripts" / "book" / "shim")
    assert Path(book.SHIM, "sitecustomize.py").exists()


def test_each_module_stays_under_the_house_limit():
    for path in [ROOT / "scripts" / "book.py", *(ROOT / "scripts" / "book").glob("book_*.py")]:
        assert len(path.read_text().splitlines()) <= 400, path.name
