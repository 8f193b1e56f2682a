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
from pathlib import Path

__all__ = ["atomic_write"]


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (creating its folder) via a temporary file and ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
