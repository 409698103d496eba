"""`Context.default_ctx`, MXNet 1.9.1's deprecated class property (measured on the oracle:
reading it gives the current context, on the class or an instance; assigning it on the class
changes the context new arrays get, and inside a `with ctx:` block only until the block ends;
both warn DeprecationWarning)."""
from __future__ import annotations

import pytest

from ndsh import nd
from ndsh.engine.context import Context, current_context, set_default_context


@pytest.fixture
def restore_default():
    before = current_context()
    yield
    set_default_context(before)


def test_reading_gives_the_current_context_with_a_deprecation_warning():
    with pytest.warns(DeprecationWarning, match="default_ctx has been deprecated"):
        assert Context.default_ctx is current_context()
    with pytest.warns(DeprecationWarning):
        assert nd.cpu(1).default_ctx is current_context()
    with nd.cpu(1), pytest.warns(DeprecationWarning):
        assert Context.default_ctx is nd.cpu(1)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_assigning_sets_the_default_for_new_arrays(restore_default):
    before = current_context()
    Context.default_ctx = nd.cpu(2)
    assert nd.zeros(1).context is nd.cpu(2) and current_context() is nd.cpu(2)
    assert "default_ctx" in Context.__dict__          # the property is still there
    Context.default_ctx = before
    assert current_context() is before


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_assigning_inside_a_with_block_lasts_until_the_block_ends(restore_default):
    before = current_context()
    with nd.cpu(1):
        Context.default_ctx = nd.cpu(3)
        assert nd.zeros(1).context is nd.cpu(3)
    assert current_context() is before


def test_assigning_warns_and_other_class_attributes_still_assign(restore_default):
    with pytest.warns(DeprecationWarning):
        Context.default_ctx = current_context()
    Context._probe_attribute = 5
    try:
        assert Context._probe_attribute == 5
    finally:
        del Context._probe_attribute
