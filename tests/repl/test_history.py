"""The history file: where it lives, its records, damage, and several shells at once."""
from __future__ import annotations

import multiprocessing
import os
import stat

import pytest

from ndsh.repl.history import SharedFileHistory, format_record, history_path, parse_records


def test_where_the_history_lives(monkeypatch):
    assert str(history_path({"XDG_STATE_HOME": "/s"})) == "/s/ndsh/history"
    assert str(history_path({"XDG_STATE_HOME": "", "NDSH_HISTORY": "/h/f"})) == "/h/f"
    monkeypatch.setenv("HOME", "/home/me")
    assert str(history_path({})) == "/home/me/.local/state/ndsh/history"


def test_records_round_trip():
    texts = ["x = 1", "def f():\n    return 2", "s = '+not a record'"]
    data = b"".join(format_record(text) for text in texts).decode()
    assert parse_records(data) == texts


def test_newest_first_and_persisted(tmp_path):
    path = tmp_path / "history"
    first = SharedFileHistory(path)
    first.store_string("a = 1")
    first.store_string("b = 2\nc = 3")
    assert list(SharedFileHistory(path).load_history_strings()) == ["b = 2\nc = 3", "a = 1"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@pytest.mark.parametrize("damage", [
    b"\xff\xfe\x00garbage\n+x = \x00\n# \n+" + bytes(range(256)),
    b"+unterminated record without a newline",
    b"\n\n\n#\n#\n",
])
def test_a_damaged_file_is_read_as_far_as_it_goes(tmp_path, damage):
    path = tmp_path / "history"
    path.write_bytes(damage)
    history = SharedFileHistory(path)
    list(history.load_history_strings())
    history.store_string("after = 1")
    assert list(SharedFileHistory(path).load_history_strings())[0] == "after = 1"


def test_a_folder_in_place_of_the_file_warns_and_the_history_stays_in_memory(tmp_path):
    warnings = []
    history = SharedFileHistory(tmp_path, warn=warnings.append)
    assert list(history.load_history_strings()) == []
    history.store_string("x = 1")
    history.store_string("y = 2")
    assert len(warnings) == 2 and "kept in memory" in warnings[1]


def _append_many(path: str, tag: str, count: int) -> None:
    history = SharedFileHistory(path)
    for number in range(count):
        history.store_string(f"{tag} = {number}\n{tag}_again = {number}")


def test_several_shells_append_whole_records(tmp_path):
    path = str(tmp_path / "history")
    workers = [multiprocessing.Process(target=_append_many, args=(path, tag, 200))
               for tag in ("a", "b", "c")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    records = list(SharedFileHistory(path).load_history_strings())
    assert len(records) == 600
    for record in records:
        first, second = record.split("\n")
        tag, _, number = first.partition(" = ")
        assert second == f"{tag}_again = {number}"
