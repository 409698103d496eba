"""The shell's and the notebook's views of a dask(0) array: the text is numpy's for the whole
array, but only the corners it shows are computed (one small dask call), the trailer names
the chunks, and a line says where the values are."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import nd

pytest.importorskip("dask.array")

from dask.callbacks import Callback  # noqa: E402

from ndsh.display.html import array_html  # noqa: E402
from ndsh.display.results import result_lines  # noqa: E402
from ndsh.display.values import format_value, lazy_array_text  # noqa: E402
from ndsh.engine import dask_values  # noqa: E402

D = nd.dask()


def chunked(host: np.ndarray, rows: int):
    """host on dask(0) in chunks of `rows` rows."""
    x = nd.array(host, ctx=D)
    x._data = x._data.rechunk((rows,) + host.shape[1:])
    return x


def watch():
    """(a list that gets the task count of each dask compute, the callback that fills it)."""
    counts: list = []
    return counts, Callback(start=lambda dsk: counts.append(len(dsk)))


HOST = np.arange(200_000 * 2, dtype=np.float32).reshape(200_000, 2) / 7


def test_a_large_dask_array_prints_numpys_text_computing_only_its_corners():
    x = chunked(HOST, 8_000)                    # 25 chunks
    counts, callback = watch()
    with callback:
        text = format_value(x)
    assert counts and max(counts) < 12          # the first and last chunks' slices only
    body, trailer = text.strip().rsplit("\n", 1)
    assert body == str(HOST)                     # numpy's summary of the whole array
    assert trailer == "<NDArray 200000x2 @dask(0), 25 chunks of 8000x2>"


def test_corners_of_every_rank_read_as_numpy_prints_the_whole():
    for host in (np.arange(5000.0), np.arange(4000).reshape(10, 400),
                 np.arange(24_000, dtype=np.float16).reshape(20, 30, 40) / 3):
        x = nd.array(host, dtype=host.dtype, ctx=D)
        x._data = x._data.rechunk(tuple(max(1, n // 3) for n in host.shape))
        expected = "\n".join(repr(nd.array(host, dtype=host.dtype)).split("\n")[:-1])
        got = lazy_array_text(x)
        assert got.rsplit("\n", 1)[0] == expected
        assert got.endswith("chunks of " + "x".join(str(max(1, n // 3)) for n in host.shape)
                            + ">")


def test_small_and_single_chunk_arrays_print_as_mxnet_does():
    x = nd.array([[1, 2], [3, 4]], ctx=D)
    assert format_value(x) == repr(x) == repr(nd.array([[1, 2], [3, 4]])).replace(
        "cpu(0)", "dask(0)")
    assert dask_values.placement(x._data) == ""
    uneven = chunked(np.arange(10.0), 4)         # chunks 4, 4, 2: still cut evenly
    assert dask_values.placement(uneven._data) == ", 3 chunks of 4"
    uneven._data = uneven._data.rechunk(((3, 5, 2),))
    assert dask_values.placement(uneven._data) == ", 3 chunks of up to 5"


def test_the_shells_rich_view_says_where_the_values_are():
    x = chunked(HOST, 8_000)
    counts, callback = watch()
    with callback:
        lines = [text for _, text in result_lines(x, "Out[1]: ")]
    assert len(counts) == 1 and counts[0] < 12   # one small compute: no stats, no alarms
    assert lines[0] == "Out[1]: NDArray 200000x2 float32 @dask(0)  plain"
    assert lines[1].startswith("        values on dask's local threads (this process), "
                               "25 chunks of 8000x2: only the corners shown are computed")
    assert "\n".join(lines[2:]) == str(HOST) + "\n<NDArray 200000x2 @dask(0), 25 chunks of 8000x2>"
    small = [text for _, text in result_lines(nd.array([1.0, float("nan")], ctx=D))]
    assert small[1].startswith("NaN! 1 of 2")      # small arrays: computed, checked as on cpu


def test_the_notebooks_view_of_a_large_dask_array_computes_the_corners_only():
    x = chunked(HOST, 8_000)
    counts, callback = watch()
    with callback:
        page = array_html(x)
    assert len(counts) == 1 and counts[0] < 12
    assert "NDArray 200000x2 float32 @dask(0)" in page and "25 chunks of 8000x2" in page
    assert "only the corners shown are computed" in page and "<svg" not in page


def test_print_and_repr_of_a_dask_array_compute_only_the_corners_and_name_the_chunks():
    """Plain `print(x)` (the engine's own repr, as in a script) is the shell's text."""
    x = chunked(HOST, 8_000)
    counts, callback = watch()
    with callback:
        text = repr(x)
        printed = str(x)
    assert len(counts) == 2 and max(counts) < 12
    assert text == printed == format_value(x)
    assert text.strip().rsplit("\n", 1)[1] == "<NDArray 200000x2 @dask(0), 25 chunks of 8000x2>"
