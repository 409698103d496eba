"""glibc's malloc, told once to keep the memory of large temporaries (Linux with glibc only).

A layer op's temporaries are megabytes each (a ResNet activation of 32x64x56x56 float32 is
25 MB). glibc serves blocks above its mmap threshold (128 KB at start, raised adaptively up
to 32 MB as such blocks are freed) with fresh mmap'd pages and returns the heap's free top to
the system past its trim threshold: each time, the next array of that size page-faults
through every one of its pages again (with numpy's huge-page advice, a compaction too). On
this project's 2-core machine that made one (32,64,56,56) addition 50 ms inside a training
step instead of 3, and made whole steps vary with the order in which earlier arrays were
freed. MXNet itself never returns memory: its storage manager pools every freed block.

`tune()`, called once as the engine loads (ndsh/engine/__init__.py), sets M_MMAP_THRESHOLD
to 32 MB (glibc's largest) and M_TRIM_THRESHOLD to 512 MB, so that freed blocks up to 32 MB are
reused from the heap. It does nothing off glibc, nothing when the user set
MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_, MALLOC_TOP_PAD_ or glibc.malloc tunables (their
choice stands), and nothing with NDSH_MALLOC_TUNING=0.
"""
from __future__ import annotations

import os
import sys

MMAP_THRESHOLD = 32 << 20        # glibc's upper limit on 64-bit
TRIM_THRESHOLD = 512 << 20
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3      # mallopt's parameter numbers (malloc.h)
_USER_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_",
                  "MALLOC_MMAP_MAX_")
STATE = {"tuned": False, "reason": "not tried"}


def tune() -> bool:
    """Set glibc's mmap and trim thresholds once (see the module's text); True when set.

    Example:
        >>> from ndsh.engine.ops import heap
        >>> heap.tune() in (True, False)
        True
    """
    if STATE["reason"] != "not tried":
        return STATE["tuned"]
    STATE["reason"] = _why_not()
    if STATE["reason"] is None:
        try:
            import ctypes
            libc = ctypes.CDLL(None)
            done = libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
            done = libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1 and done
            STATE["tuned"], STATE["reason"] = done, None if done else "mallopt refused"
        except (OSError, AttributeError) as error:
            STATE["reason"] = f"no mallopt: {error}"
    return STATE["tuned"]


def _why_not():
    if not sys.platform.startswith("linux"):
        return "not Linux"
    if os.environ.get("NDSH_MALLOC_TUNING", "1") == "0":
        return "NDSH_MALLOC_TUNING=0"
    if any(name in os.environ for name in _USER_SETTINGS) or \
            "glibc.malloc" in os.environ.get("GLIBC_TUNABLES", ""):
        return "the user's malloc settings"
    try:
        libc = os.confstr("CS_GNU_LIBC_VERSION") or ""
    except (ValueError, OSError):
        libc = ""
    return None if libc.startswith("glibc") else "not glibc"
