"""Every page of mx.np and mx.npx (np.random, np.linalg, npx.random, npx.image included) that
tells the reader to see or use a backticked name names one that has a page of its own: `ndsh
doc npx.reshape` once said "(see `npx_shape`)", a private helper with no page."""
from __future__ import annotations

import re

from ndsh.display.doc_view import page_lines
from ndsh.doc import describe
from ndsh.doc.lookup import NoPage
from ndsh.mxnp import linalg, np, npx, npx_image, npx_random, random

NAMES = ([f"np.{leaf}" for leaf in np.__all__] + [f"npx.{leaf}" for leaf in npx.__all__]
         + [f"np.random.{leaf}" for leaf in random.__all__]
         + [f"np.linalg.{leaf}" for leaf in linalg.__all__]
         + [f"npx.random.{leaf}" for leaf in npx_random.__all__]
         + [f"npx.image.{leaf}" for leaf in npx_image.__all__])
SEE = re.compile(r"\b(?:[Ss]ee|[Uu]se)\s+`([A-Za-z_][\w.]*)`")


def test_the_scan_finds_a_dangling_reference():
    assert SEE.findall("splits one axis (see `npx_shape`). Use `np.dot` or see `x`") == [
        "npx_shape", "np.dot", "x"]


def test_every_name_an_np_page_says_to_see_has_a_page():
    assert len(NAMES) > 300
    dangling = []
    for name in NAMES:
        text = " ".join(line for _, line in page_lines(describe(name)))
        for ref in SEE.findall(text):
            try:
                describe(ref)
            except NoPage:
                dangling.append(f"{name} -> {ref}")
    assert not dangling, dangling
