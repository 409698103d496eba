"""The index of public names (ndsh.doc.index) and what is drawn from it (ndsh.doc.search):
`ndsh doc` alone, `--search`, and the suggestions for an unknown name."""
from __future__ import annotations

from ndsh.doc import search


def test_unknown_names_get_suggestions_and_exit_1(invoke):
    result = invoke("doc", "nd.dott")
    assert result.exit_code == 1 and result.stdout == ""
    assert "no page for 'nd.dott'" in result.stderr
    assert "Did you mean: nd.dot" in result.stderr
    assert search.suggest("NDArray.reshap")[0] == "NDArray.reshape"
    assert search.suggest("nd.random.norml")[0] == "nd.random.normal"


def test_doc_alone_lists_namespaces_with_sizes(invoke):
    result = invoke("doc")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Namespaces"
    for space in ("nd", "nd.random", "nd.linalg", "nd.contrib", "autograd", "NDArray"):
        assert any(line.split()[:1] == [space] and line.split()[1].isdigit() for line in lines)


def test_search_ranks_names_then_summaries(invoke):
    result = invoke("doc", "--search", "dot")
    assert result.exit_code == 0 and result.stdout.split()[0] == "nd.dot"
    assert [e.name for e in search.search("matrix product")][0] == "nd.dot"
    assert invoke("doc", "--search", "zzzqqq").exit_code == 1
