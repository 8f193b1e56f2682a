"""Reading input files: encoding detection, line splitting, text folding.

Lines are numbered exactly as ``text.split('\\n')`` numbers them (1-based), so a
record's ``line`` matches ``sed -n Np`` on the file as stored.

>>> src = source_from_bytes("分工.txt", "１.任务\\n责任单位：区财政局".encode("gb18030"))
>>> src.encoding, src.lines[0], fold(src.lines[0])
('gb18030', '１.任务', '1.任务')
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from fengong.errors import InputError

__all__ = ["SourceFile", "Location", "read_source", "source_from_bytes", "source_from_text", "fold", "squash"]


@dataclass(frozen=True)
class Location:
    """Where a line of a rendered non-text input came from: page, sheet, paragraph, table, row.

    >>> Location(page=3, table=1, row=4).describe()
    'p.3, table 1, row 4'
    >>> Location(sheet="任务", row=7).describe(column="C")
    'sheet 任务, row 7, column C'
    """

    page: int | None = None
    sheet: str | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None

    def describe(self, column: str | None = None) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if column is not None:
            parts.append(f"column {column}")
        return ", ".join(parts)


@dataclass
class SourceFile:
    """One input file as text, with the encoding it was read in.

    Non-text inputs (PDF, Word, web pages, spreadsheets) are *rendered* to text by their reader:
    paragraphs become lines and table rows become tab-separated lines (cells holding tabs, quotes or
    line breaks are quoted as in TSV). ``format`` names the reader and ``locations`` gives, for each
    rendered line, where it came from, so records say "p.2, table 1, row 5" and not only "line 40".
    """

    name: str  # file name as given (no directories): the `doc` of every record
    text: str
    encoding: str
    path: str | None = None
    format: str = "text"
    locations: list[Location] | None = None  # one per line, for rendered inputs
    warnings: list[str] = field(default_factory=list)  # what the reader noticed (scanned pages, …)

    def __post_init__(self) -> None:
        self._lines: list[str] | None = None
        self._line_count: int | None = None

    @property
    def lines(self) -> list[str]:
        """The lines of the text (split when first asked for, again after :meth:`release_lines`)."""
        if self._lines is None:
            self._lines = self._split()
            self._line_count = len(self._lines)
        return self._lines

    @property
    def line_count(self) -> int:
        if self._line_count is None:
            self._line_count = len(self.lines)
        return self._line_count

    def release_lines(self) -> None:
        """Forget the split lines (kept again on the next use of :attr:`lines`). Per line, a str
        costs ~60 bytes over its text: on a big corpus the lines of built files weighed more than
        the text itself, and once records are made only a few unparsed lines are looked up."""
        self.line_count  # noqa: B018 -- remembered, for coverage
        self._lines = None

    def _split(self) -> list[str]:
        # Mixed line endings: treat \r\n and lone \r as one break each, keeping numbering by \n.
        text = self.text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in self.text else self.text
        return text.split("\n")

    def __getstate__(self) -> dict:
        # the lines are the text split: not sent between processes
        return self.__dict__ | {"_lines": None}

    def line(self, n: int) -> str:
        """The 1-based line ``n`` as printed."""
        return self.lines[n - 1]

    def where(self, first: int, last: int | None = None) -> str | None:
        """Where lines ``first``..``last`` came from in the original file (None for text inputs).

        >>> src = SourceFile("a.docx", "x\\ny", "utf-8", format="docx",
        ...                  locations=[Location(table=1, row=1), Location(table=1, row=2)])
        >>> src.where(1, 2)
        'table 1, rows 1–2'
        """
        if not self.locations:
            return None
        a = self.locations[first - 1]
        b = self.locations[(last or first) - 1]
        if a == b:
            return a.describe()
        if (a.page, a.sheet, a.table) == (b.page, b.sheet, b.table) and a.row is not None and b.row is not None:
            return (Location(a.page, a.sheet, None, a.table).describe() + f", rows {a.row}–{b.row}").lstrip(", ")
        if a.paragraph is not None and b.paragraph is not None and (a.page, a.sheet) == (b.page, b.sheet) \
                and a.table is None and b.table is None:
            return (Location(a.page, a.sheet).describe() + f", paragraphs {a.paragraph}–{b.paragraph}").lstrip(", ")
        return f"{a.describe()} – {b.describe()}"


def _decode(data: bytes) -> tuple[str, str]:
    """Decode bytes, trying BOMs, UTF-8, UTF-16 without BOM, then GB18030 and Big5."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM: NULs sit on odd (LE) or even (BE) bytes of ASCII/CJK text.
        head = data[:4096]
        odd, even = head[1::2].count(0), head[0::2].count(0)
        codec = "utf-16-le" if odd >= even else "utf-16-be"
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            text = None
        if text is None or not _looks_like_text(text):
            raise InputError("binary data (NUL bytes) that is not UTF-16 text")
        return text, codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    for codec in ("gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, codec
    raise InputError(
        f"not text in a supported encoding (UTF-8, UTF-16, GB18030/GBK, Big5): "
        f"byte {utf8_error.start} is invalid UTF-8"
    )


def _looks_like_text(text: str) -> bool:
    """Reject decodings that are mostly control characters (binary files decode as GB18030 too)."""
    if not text:
        return True
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\t\n\r\f")
    return bad / len(text) < 0.01


def source_from_bytes(name: str, data: bytes, path: str | None = None) -> SourceFile:
    """Decode ``data`` into a :class:`SourceFile`; raise :class:`InputError` if it is not text."""
    text, encoding = _decode(data)
    return SourceFile(name=name, text=text, encoding=encoding, path=path)


def source_from_text(name: str, text: str) -> SourceFile:
    """A :class:`SourceFile` from text already in memory (tests, notebooks)."""
    return SourceFile(name=name, text=text, encoding="utf-8")


def read_source(path: str | Path) -> SourceFile:
    """Read one file, detecting its encoding."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {p}: {exc.strerror}") from None
    try:
        return source_from_bytes(p.name, data, str(p))
    except InputError as exc:
        raise InputError(f"{p.name}: {exc}") from None


_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_HALF_OF = {chr(a): chr(b) for a, b in _FULLWIDTH.items()}
_HAS_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")


def fold(text: str) -> str:
    """Full-width ASCII forms to half-width (digits, letters, punctuation), for matching only.

    >>> fold("２０２２年１２月底：ＡＢ")
    '2022年12月底:AB'
    """
    return _fold(text)


# Parsers fold the same line many times (the splitter's passes, every layout's detector): the last
# 64k lines are remembered. str.translate() looks every character of a CJK line up in the table
# (slow); a regex finds the few full-width forms and replaces only those.
@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    return _HAS_FULLWIDTH.sub(_half, text)


def _half(m: re.Match) -> str:
    return _HALF_OF[m.group()]


def clear_caches() -> None:
    """Forget the folded and squashed lines remembered so far (benchmarks: a cold start per run)."""
    _fold.cache_clear()
    _squash.cache_clear()


_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Remove all whitespace (PDF extraction puts spaces inside names: "郑 皓" → "郑皓")."""
    return _squash(text)


@lru_cache(maxsize=1 << 16)  # the same lines are squashed again and again, as they are folded
def _squash(text: str) -> str:
    return _SPACE.sub("", text)
