"""A `requests` stand-in for test_gluon_utils.py where requests is not installed: the test file
imports it at module level (it subclasses requests.Response and patches requests.get). ndsh
downloads with urllib, so the tests that patch requests.get are departures (departures.py);
this only lets the file import and its other tests run."""
from __future__ import annotations

import types


class ConnectionError(OSError):  # noqa: A001  (requests' own name)
    """requests.exceptions.ConnectionError."""


class Response:
    """requests.Response: a status code and a raw byte stream."""

    def __init__(self):
        self.status_code = None
        self.raw = None

    def iter_content(self, chunk_size=1024):
        while True:
            chunk = self.raw.read(chunk_size)
            if not chunk:
                return
            yield chunk


def get(url, *args, **kwargs):
    """Never reached by ndsh (it downloads with urllib)."""
    raise ConnectionError(f"the harness's requests stand-in does not fetch {url}")


def module() -> types.ModuleType:
    """A `requests` module made of the above."""
    requests = types.ModuleType("requests", __doc__)
    requests.exceptions = types.SimpleNamespace(ConnectionError=ConnectionError)
    requests.Response, requests.get = Response, get
    return requests
