"""Pages for names MXNet 1.9.1's np interface lacks: `ndsh doc np.nanmean` or `np.fft` (NumPy
has them, mx.np does not, and in a script `np.nanmean` raises AttributeError) say so first, with
what to use, before NumPy's own page; a name NumPy lacks too gets a page with that sentence
only. Names are looked up, never evaluated: mx.np's answer is the message its module
`__getattr__` raises for the name, NumPy's object is read with getattr (importing a NumPy
submodule such as numpy.fft at most)."""
from __future__ import annotations

import importlib
import inspect
from typing import Any, Callable

from ndsh.doc.page import DocPage

# where `np.X`, `np.random.X` and `np.linalg.X` live in ndsh
_MODULES = {"np": "ndsh.mxnp.np", "np.random": "ndsh.mxnp.random",
            "np.linalg": "ndsh.mxnp.linalg"}


def lacking(name: str) -> tuple[str, str, Any] | None:
    """(the np name mx.np lacks, why and what to use, NumPy's object or None) for `name`
    (np.NAME, np.random.NAME, np.linalg.NAME, mx.np.NAME, or under such a name: np.fft.fft),
    or None when mx.np has it, neither has it (a misspelling), or the name is not under np.

    Example:
        >>> from ndsh.doc.np_lacks import lacking
        >>> missing, why, obj = lacking("np.nanmean")
        >>> missing, why.split(":")[0], obj.__name__
        ('np.nanmean', "module 'mxnet.numpy' has no attribute 'nanmean'", 'nanmean')
        >>> lacking("np.nanmax") is None, lacking("np.onse") is None, lacking("nd.dot") is None
        (True, True, True)
    """
    parts = name.split(".")
    if parts[:2] == ["mx", "np"]:
        parts = parts[1:]
    if parts[0] != "np" or len(parts) < 2:
        return None
    space = "np." + parts[1] if parts[1] in ("random", "linalg") and len(parts) > 2 else "np"
    module = importlib.import_module(_MODULES[space])
    leaf = parts[len(space.split("."))]
    if leaf.startswith("_") or _has(module, leaf):
        return None
    try:
        module.__getattr__(leaf)
    except AttributeError as error:
        if not getattr(error, "ndsh_names_the_fix", False):
            return None                       # a misspelling (np.onse): no page, suggestions
        why = str(error)
    else:                                     # pragma: no cover  (every __getattr__ raises)
        return None
    import numpy
    obj: Any = numpy
    for part in parts[1:]:
        try:
            obj = getattr(obj, part)
        except AttributeError:
            obj = None
            break
    return f"{space}.{leaf}", why, obj


def page(name: str, namespace: dict | None, object_page: Callable[[Any, str], DocPage]):
    """The page for a name mx.np lacks: NumPy's page (`object_page(obj, name)`, lookup's
    describe_object), saying first that mx.np has no such name (`ndsh doc np.nanmean`); None
    for other names, and in a session whose `np` is not mx.np (NumPy itself).

    Example:
        >>> from ndsh.doc import np_lacks
        >>> from ndsh.doc.lookup import describe_object
        >>> np_lacks.page("np.fft", None, describe_object).alias_note[:34]
        'Not in mx.np: in a script, np.fft '
        >>> np_lacks.page("np.ones", None, describe_object) is None
        True
    """
    if namespace is not None and name.startswith("np."):
        from ndsh.mxnp import np as mxnp
        if namespace.get("np") is not mxnp:
            return None
    found = lacking(name)
    if found is None:
        return None
    missing, why, obj = found
    if obj is None:
        return DocPage(name=name, kind="missing", signature=name, summary=note(missing, why))
    result = object_page(obj, name)
    result.alias_note = note(missing, why) + " NumPy's page follows."
    return result


def _has(module, leaf: str) -> bool:
    try:
        inspect.getattr_static(module, leaf)
    except AttributeError:
        return False
    return True


def note(missing: str, why: str) -> str:
    """The sentence a page for a name mx.np lacks starts with.

    Example:
        >>> note("np.fft", "module 'mxnet.numpy' has no attribute 'fft': use NumPy's")[:40]
        'Not in mx.np: in a script, np.fft raises'
    """
    return f"Not in mx.np: in a script, {missing} raises AttributeError ({why})."
