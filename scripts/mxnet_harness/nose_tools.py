"""The parts of `nose.tools` that MXNet 1.9.1's tests import (nose itself no longer installs on
current Python): assert_raises, raises, ok_, make_decorator."""
from __future__ import annotations

import functools
import unittest

_case = unittest.TestCase("__init__")
assert_raises = _case.assertRaises


def ok_(expression, message=None) -> None:
    """Fail unless expression is true."""
    if not expression:
        raise AssertionError(message or f"{expression!r} is not true")


def make_decorator(function):
    """Copy a test function's name and attributes onto its wrapper."""
    def decorate(wrapper):
        functools.update_wrapper(wrapper, function)
        return wrapper
    return decorate


def raises(*exceptions):
    """A test decorator: the test passes only if it raises one of `exceptions`."""
    def decorate(test):
        @functools.wraps(test)
        def run(*args, **kwargs):
            try:
                test(*args, **kwargs)
            except exceptions:
                return
            raise AssertionError(f"{test.__name__} did not raise "
                                 f"{' or '.join(e.__name__ for e in exceptions)}")
        return run
    return decorate
