"""MXNet 1.9.1's numpy interface on ndsh's engine: `mx.np` is ndsh.mxnp.np, `mx.npx` is
ndsh.mxnp.npx (both loaded on first use, through ndsh.mxnet_compat). See docs/mxnp.md."""
