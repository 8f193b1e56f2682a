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

__all__ = [
    "SourceFile",
    "Location",
    "read_source",
    "source_from_bytes",
    "source_from_text",
    "decode_text",
    "fold",
    "squash",
]


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
    # the text as printed, when reading changed characters (traditional read as simplified): the
    # parsers read ``text``; names go back to their printed form with :meth:`as_printed`
    printed: str | None = None

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

    def as_printed(self, name: str, lines: tuple[int, ...] | list[int]) -> str:
        """``name`` (read from ``lines`` of :attr:`text`) in the characters it was printed with.

        >>> src = source_from_bytes("t.txt", "責任單位：區財政局、區商務局".encode())
        >>> src.as_printed("区商务局", (1,))
        '區商務局'
        """
        if self.printed is None or not lines or not name:
            return name
        printed = self.printed.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        first, last = min(lines), max(lines)
        if last > len(printed) or last > len(self.lines):
            return name
        read = "\n".join(self.lines[first - 1 : last])
        shown = "\n".join(printed[first - 1 : last])
        m = re.search(r"\s*".join(map(re.escape, name)), read)
        if m is None or len(read) != len(shown):
            return name
        return squash(shown[m.start() : m.end()])

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
        if (
            a.paragraph is not None
            and b.paragraph is not None
            and (a.page, a.sheet) == (b.page, b.sheet)
            and a.table is None
            and b.table is None
        ):
            return (Location(a.page, a.sheet).describe() + f", paragraphs {a.paragraph}–{b.paragraph}").lstrip(", ")
        return f"{a.describe()} – {b.describe()}"


# Files that are not text but were given a text suffix: what they are and what to do.
_MAGIC = (
    (b"%PDF-", "a PDF file: give it the suffix .pdf"),
    (b"PK\x03\x04", "a ZIP container (a .docx, .xlsx or archive): give it its real suffix, or unpack it"),
    (b"\xd0\xcf\x11\xe0", "an old Office (OLE) file: save it as .docx or .xlsx"),
    (b"{\\rtf", "an RTF file: save it as .docx"),
    (b"\x89PNG", "an image: fengong reads text, not scans (OCR is not supported)"),
    (b"\xff\xd8\xff", "an image: fengong reads text, not scans (OCR is not supported)"),
)
_CONVERT = "convert it to text (UTF-8) or give it the suffix of its real format (.pdf, .docx, .xlsx, .html, .csv)"


def decode_text(data: bytes, notes: list[str] | None = None) -> tuple[str, str]:
    """Decode bytes, trying BOMs, UTF-8, UTF-16 without BOM, then GB18030 and Big5; returns the
    text and the encoding it was read in (the readers of web pages and CSV use it too).

    What a reader should know but that does not stop the reading (an empty file, a file cut
    short inside a character) is appended to ``notes``.

    >>> decode_text("通州区".encode("gb18030"))
    ('通州区', 'gb18030')
    """
    notes = [] if notes is None else notes
    if not data:
        notes.append("empty file (0 bytes): nothing to read")
        return "", "utf-8"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary data (not text): {what}")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", notes), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", notes), "utf-16"
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM: NULs sit on odd (LE) or even (BE) bytes of ASCII/CJK text.
        head = data[:4096]
        odd, even = head[1::2].count(0), head[0::2].count(0)
        codec = "utf-16-le" if odd >= even else "utf-16-be"
        try:
            text = _cut_short(data, codec, notes)
        except UnicodeDecodeError:
            text = None
        if text is None or not _looks_like_text(text):
            raise InputError(f"binary data (not text): NUL bytes, and not UTF-16 text; {_CONVERT}")
        return text, codec
    try:
        return _cut_short(data, "utf-8", notes), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    for codec in ("gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, codec
    line = data.count(b"\n", 0, utf8_error.start) + 1
    raise InputError(
        f"not text in a supported encoding (UTF-8, UTF-16, GB18030/GBK, Big5): byte {utf8_error.start} "
        f"(line {line}) is invalid UTF-8 and the file is not GB18030 or Big5 either; {_CONVERT}"
    )


def _cut_short(data: bytes, codec: str, notes: list[str]) -> str:
    """``data.decode(codec)``, except that a file cut off inside its last character (a truncated
    download or copy) is read with that character as U+FFFD and a note, not refused."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data" or exc.end != len(data):
            raise
        text = data[: exc.start].decode(codec) + "\ufffd"
        line = text.count("\n") + 1
        notes.append(
            f"line {line}: the file ends inside a character (its last {len(data) - exc.start} "
            f"byte(s) are an incomplete {codec.upper()} sequence): it looks cut short; "
            f"the incomplete character is read as \ufffd"
        )
        return text


def _strict(data: bytes, codec: str, notes: list[str]) -> str:
    """Decode text that announced its encoding with a BOM; a bad byte after it is an InputError."""
    try:
        return _cut_short(data, codec, notes)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"starts with a {codec.upper()} byte order mark but byte {exc.start} is not {codec.upper()}; {_CONVERT}"
        ) from None


# C0/C1 controls (but tab, line breaks, form feed) and private-use characters: what binary data
# decodes to. A regex over a sample: a per-character loop took seconds on a 50 MB file.
_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffe\uffff]")
_SAMPLE = 1 << 18


def _looks_like_text(text: str) -> bool:
    """Reject decodings that are mostly control characters (binary files decode as GB18030 too)."""
    if not text:
        return True
    sample = text if len(text) <= 2 * _SAMPLE else text[:_SAMPLE] + text[-_SAMPLE:]
    bad = len(_JUNK.findall(sample))
    bad += sum(1 for ch in sample if ch > "\x7f" and unicodedata.category(ch) == "Cn")
    return bad / len(sample) < 0.01


def _line_ending_notes(text: str, notes: list[str]) -> None:
    """Lone carriage returns count as line breaks: say so, since `sed -n Np` counts only \\n."""
    if "\r" not in text:
        return
    lone = text.count("\r") - text.count("\r\n")
    if lone:
        lf = text.replace("\r\n", "\n")
        first = lf.index("\r")
        line = lf.count("\n", 0, first) + lf.count("\r", 0, first) + 1  # the line the first lone CR ends
        kinds = [
            k
            for k, c in (("CRLF", text.count("\r\n")), ("CR", lone), ("LF", text.count("\n") - text.count("\r\n")))
            if c
        ]
        notes.append(
            f"line {line}: {'mixed ' if len(kinds) > 1 else ''}line endings ({', '.join(kinds)}): each "
            f"of CRLF, CR and LF ends one line, so line numbers here count a lone CR as a line break "
            f"(tools that count only LF, like `sed -n`, number lines differently)"
        )


_TRADITIONAL_MIN = 0.02  # share of CJK characters that only traditional script writes
# Common characters of government text that only traditional script writes: text with none of them
# in its first 20,000 characters is not traditional, and the converter is not even loaded.
_COMMON_TRADITIONAL = re.compile(
    "[們這個來為與對時區發單關書會國經產業動務實現點條處體縣鄉鎮門長開設計劃辦責領員導聯組織輔協進際環護統級權]"
)


@lru_cache(maxsize=1)
def _traditional_only() -> re.Pattern:
    import zhconv

    zhconv.loaddict()
    return re.compile("[" + "".join(sorted(zhconv.zhconv.zhcdicts["TRADONLY"])) + "]")


def simplified(text: str, encoding: str, notes: list[str]) -> str:
    """Traditional characters (Big5 files, or traditional text in any encoding) to simplified ones,
    so that labels (責任單位) and names (區財政局) match the simplified forms the parsers and the
    alias table know. Conversion is character for character: line numbers and lengths hold."""
    head = text[:20000]
    if encoding != "big5" and not _COMMON_TRADITIONAL.search(head):
        return text
    cjk = len(_CJK.findall(head))
    if not cjk:
        return text
    traditional = len(_traditional_only().findall(head))
    if encoding != "big5" and traditional < max(5, _TRADITIONAL_MIN * cjk):
        return text
    import zhconv

    out = zhconv.convert(text, "zh-cn")
    if len(out) != len(text) or out.count("\n") != text.count("\n"):
        out = "".join(zhconv.convert(ch, "zh-cn") if len(zhconv.convert(ch, "zh-cn")) == 1 else ch for ch in text)
    if out != text:
        a, b = next((a, b) for a, b in zip(text, out) if a != b)
        notes.append(
            f"traditional characters{' (Big5)' if encoding == 'big5' else ''} read as simplified "
            f"(e.g. {a} → {b}): records give names as printed, the graph resolves their simplified form"
        )
    return out


_CJK = re.compile("[\u4e00-\u9fff]")
# a converter's pinyin printed after a character: 區(qū), 錢(qián)
PINYIN_NOTE = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]")


def reading_form(name: str) -> str:
    """A printed name as the parsers and the resolver read it: a converter's pinyin notes removed
    and traditional characters simplified (``區(qū)發(fā)改委`` → ``区发改委``).

    >>> reading_form("區(qū)發(fā)改委"), reading_form("区财政局")
    ('区发改委', '区财政局')
    """
    t = PINYIN_NOTE.sub("", name) if "(" in name or "（" in name else name
    if _traditional_only().search(t) or _COMMON_TRADITIONAL.search(t):
        import zhconv

        t = "".join(c if len(x := zhconv.convert(c, "zh-cn")) != 1 else x for c in t)
    return t


def source_from_bytes(name: str, data: bytes, path: str | None = None) -> SourceFile:
    """Decode ``data`` into a :class:`SourceFile`; raise :class:`InputError` if it is not text.

    What the reader noticed (an empty file, a truncated character, lone CRs, traditional
    characters read as simplified) is in ``warnings``.
    """
    notes: list[str] = []
    text, encoding = decode_text(data, notes)
    if data and not text.strip():
        notes.append(f"no text: the file holds only whitespace ({len(data)} bytes)")
    _line_ending_notes(text, notes)
    read = simplified(text, encoding, notes)
    return SourceFile(
        name=name, text=read, encoding=encoding, path=path, warnings=notes, printed=text if read != text else None
    )


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


_CACHES: list = []


def line_cache(fn=None, *, maxsize: int = 1 << 14):
    """Remember a pure function of one line's text (parsers ask the same of a line many times);
    :func:`clear_caches` forgets what every such function remembered."""
    if fn is None:
        return lambda f: line_cache(f, maxsize=maxsize)
    cached = lru_cache(maxsize=maxsize)(fn)
    _CACHES.append(cached)
    return cached


def clear_caches() -> None:
    """Forget the folded and squashed lines remembered so far (benchmarks: a cold start per run)."""
    _fold.cache_clear()
    _squash.cache_clear()
    for c in _CACHES:
        c.cache_clear()


_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Remove all whitespace (PDF extraction puts spaces inside names: "郑 皓" → "郑皓")."""
    return _squash(text)


@lru_cache(maxsize=1 << 16)  # the same lines are squashed again and again, as they are folded
def _squash(text: str) -> str:
    return _SPACE.sub("", text)
