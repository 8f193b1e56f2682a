"""Writing output files safely: atomically, under safe names, and without stale leftovers.

* :func:`atomic_write` / :func:`atomic_stream`: a temporary file beside the target (hidden,
  ``.<name>.<random>``), then a rename, so an interrupted run never leaves a half-written file
  and a rebuild into the same folder replaces each file in one step;
* :func:`safe_name`: a file name for any text (a unit's name, a node id) that cannot leave its
  folder, is the same on every run, and differs for different texts;
* :func:`replace_outputs`: after a run has written its files into a folder, remove the files an
  earlier run wrote there (listed in the folder's manifest) that this run did not write; files
  fengong did not write are never touched.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write(d / "sub" / "a.txt", "区财政局\\n".encode()).read_text(encoding="utf-8")
'区财政局\\n'
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_write", "atomic_stream", "safe_name", "replace_outputs", "MANIFEST"]

#: the list of files fengong wrote into an output folder (relative POSIX paths, one a line)
MANIFEST = ".fengong-manifest"
_UNSAFE_RUN = re.compile(r"[^\w\-.]+")  # \w is Unicode: CJK, letters and digits stay
_HASHED = re.compile(r"-[0-9a-f]{10}\Z")
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?\Z", re.I)  # Windows device names


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
    _sweep(path.parent)
    # the writer's pid in the name: a later run can tell a killed run's leftover from a live writer's file
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


_TEMP = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp\Z")
_swept: set[str] = set()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _sweep(folder: Path) -> None:
    """Remove the temporary files a killed writer left in ``folder`` (once per folder and process):
    only ``.<name>.<pid>.<random>.tmp`` files whose process is gone."""
    key = os.fspath(folder.resolve())
    if key in _swept:
        return
    _swept.add(key)
    with os.scandir(folder) as entries:
        for entry in entries:
            m = _TEMP.match(entry.name) if entry.name.startswith(".") else None
            if m and int(m["pid"]) != os.getpid() and not _alive(int(m["pid"])) and entry.is_file():
                try:
                    os.unlink(entry.path)
                except FileNotFoundError:
                    pass


def safe_name(text: str, max_bytes: int = 120) -> str:
    """A file name (without folder) for ``text``: the same on every run, never a path, distinct
    for distinct texts.

    Letters (any script), digits, ``-``, ``_`` and inner ``.`` are kept; any other run of
    characters (``/``, ``\\``, spaces, control characters, quotes, ``<>``) becomes ``_``;
    leading and trailing dots and underscores go, and the name is cut to ``max_bytes`` of UTF-8.
    A text that had to change (or is upper-case, a Windows device name, or looks like a
    changed one) gets ``-`` and 10 hex digits of its SHA-256, so two texts that clean to the
    same name still get two files, also on case-insensitive file systems:

    >>> safe_name("unit-4b3c5a31d1fbf1e3"), safe_name("区财政局")
    ('unit-4b3c5a31d1fbf1e3', '区财政局')
    >>> safe_name("../../x局"), safe_name("区/局"), safe_name("区\\局")
    ('x局-e697409569', '区_局-ab08078374', '区_局-79547d9d70')
    >>> safe_name(".."), safe_name(""), safe_name("NUL")
    ('5ec1f7e700', 'e3b0c44298', 'NUL-ae6de1827c')
    >>> len(safe_name("很长" * 200).encode())
    131
    """
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    name = unicodedata.normalize("NFC", text)
    name = _UNSAFE_RUN.sub("_", name).strip("._")
    cut = name.encode("utf-8")[:max_bytes].decode("utf-8", "ignore").rstrip("._")
    if cut and cut == text and text == text.lower() and not _RESERVED.match(text) and not _HASHED.search(text):
        return text
    return f"{cut}-{digest}" if cut else digest


def replace_outputs(folder: str | Path, written: Iterable[str | Path]) -> Path:
    """Record ``written`` (files inside ``folder``) as this run's outputs, and delete the files the
    previous run's manifest lists that are not among them; returns the manifest's path.

    Only files fengong listed are removed (never the user's own files, never anything outside
    ``folder``, whatever the manifest says); emptied sub-folders of removed files go too.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = [atomic_write(d / n, b"x") for n in ("a.html", "b.html", "mine.txt")]
    >>> _ = replace_outputs(d, [d / "a.html", d / "b.html"])
    >>> _ = replace_outputs(d, [d / "a.html"])   # a later run no longer writes b.html
    >>> sorted(p.name for p in d.iterdir())
    ['.fengong-manifest', 'a.html', 'mine.txt']
    """
    root = Path(folder).resolve()
    keep = set()
    for p in written:
        p = Path(p)
        rel = (p if p.is_absolute() else Path(folder) / p).resolve().relative_to(root)  # ValueError outside
        keep.add(rel.as_posix())
    manifest = root / MANIFEST
    old = manifest.read_text(encoding="utf-8").splitlines() if manifest.is_file() else []
    for stale in sorted(set(old) - keep - {"", MANIFEST}):
        path = (root / stale).resolve()
        if root not in path.parents or not path.is_file():
            continue  # a manifest edited to point elsewhere is not followed
        path.unlink()
        parent = path.parent
        while parent != root and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    atomic_write(manifest, "".join(f"{rel}\n" for rel in sorted(keep)).encode("utf-8"))
    return manifest
