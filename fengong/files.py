"""Writing files atomically: a temporary file beside the target, then a rename.

An interrupted run never leaves a half-written file, and a rebuild into the same folder
replaces each file in one step.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write(d / "sub" / "a.txt", "区财政局\\n".encode()).read_text(encoding="utf-8")
'区财政局\\n'
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

__all__ = ["atomic_write", "atomic_stream"]


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (creating its folder) via a temporary file and ``os.replace``."""
    with atomic_stream(path) as fh:
        fh.write(data)
    return Path(path)


@contextmanager
def atomic_stream(path: str | Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` in pieces (large outputs); it appears only when complete.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_stream(d / "b.nt") as fh:
    ...     _ = fh.write(b"1 2")
    >>> (d / "b.nt").read_bytes()
    b'1 2'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
