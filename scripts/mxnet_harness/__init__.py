"""What MXNet 1.9.1's own unit tests need around them to run against ndsh (scripts/mxnet_tests.py):
`mxnet` resolved to ndsh, our `mxnet.test_utils` and `mxnet.base`, a `nose.tools` stand-in, and a
pytest plugin that sorts the tests (needs symbols / sparse / layer ops / departures) and records
results. Nothing here is MXNet's code: the helpers are written from what the tests call."""
