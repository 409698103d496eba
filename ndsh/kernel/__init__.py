"""The Jupyter kernel: ndsh in JupyterLab and the notebook, a front end over the Session as
the shell is (`ndsh kernel install`, then pick "ndsh (MXNet API)").

    cells.py     a notebook cell from text to outputs, over the shell's ShellState (magics,
                 `x?`, results, errors), publishing through a Publisher
    bundles.py   values as MIME bundles (text/plain in MXNet's format, text/html, image/png)
    kernel.py    the kernel (ipykernel's Kernel base): execute, complete, inspect, is_complete
    figures.py   the matplotlib backend that shows figures inline
    progress.py  `ndsh.progress` as one bar updated in place (update_display_data)
    notebook.py  `ndsh run book.ipynb` (and --inplace)
    spec.py      the kernelspec: install, list, remove

Nothing here is imported by `ndsh run script.nds` or the shell; ipykernel only by kernel.py.
"""
