"""The op families. Importing this package registers every op in the table."""
from ndsh.engine.ops import (  # noqa: F401
    arith,
    creation,
    elementwise,
    factorize,
    index,
    layout,
    linalg,
    nn,
    random,
    reduce,
    sequence,
    shape,
    slicing,
    sorting,
)
