"""Tools for looking at a computation: graphs, gradient traces, `explain_grad`, `gradcheck`,
pictures and progress bars. Reached as attributes of the `ndsh` package (`ndsh.graph(y)`).

The engine knows nothing of these: they watch it through `ndsh.engine.hooks`, and a Session
installs the watcher (`ndsh.tools.provenance`) that gives recorded nodes their source lines.
"""
