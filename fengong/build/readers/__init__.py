"""Readers: one module per file format, each rendering its input as lines with locations.

Text files are read as they are (encoding detected). PDF, Word, web pages and spreadsheets
are rendered by :mod:`~fengong.build.readers.render` conventions — paragraphs as lines, table
rows as tab-separated lines — so the layout parsers read real table cells, and every line
keeps where it came from (page, paragraph, table, row, sheet).

>>> sorted(FORMATS)
['csv', 'docx', 'html', 'pdf', 'text', 'xlsx']
>>> format_of("计划.PDF"), format_of("a.htm"), format_of("x.doc")
('pdf', 'html', None)
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from fengong.build.source import SourceFile, read_source
from fengong.errors import InputError

__all__ = ["FORMATS", "SUFFIXES", "format_of", "read_input", "unsupported_reason"]

# format -> (suffixes, reader module, what it uses)
FORMATS: dict[str, tuple[tuple[str, ...], str | None, str]] = {
    "text": ((".txt", ".text", ".md", ".tsv"), None, "encoding detection (UTF-8/16, GB18030, Big5)"),
    "pdf": ((".pdf",), "pdf", "pdfplumber: text lines, ruled tables as cells, page numbers"),
    "docx": ((".docx",), "word", "python-docx: paragraphs and tables, merged cells"),
    "html": ((".html", ".htm", ".shtml", ".xhtml"), "web", "lxml: the page's content, tables, navigation left out"),
    "xlsx": ((".xlsx", ".xlsm"), "sheet", "openpyxl: every sheet, merged cells"),
    "csv": ((".csv",), "sheet", "csv: a table with a header row, encoding detected"),
}
SUFFIXES: dict[str, str] = {suf: fmt for fmt, (sufs, _, _) in FORMATS.items() for suf in sufs}

# formats people will try, and what to do instead
_ADVICE = {
    ".doc": "old Word format: save it as .docx (or as a web page, .htm) and build that",
    ".xls": "old Excel format: save it as .xlsx (or .csv) and build that",
    ".wps": "WPS document: save it as .docx and build that",
    ".et": "WPS spreadsheet: save it as .xlsx and build that",
    ".ofd": "OFD document: export it to PDF and build that",
    ".rtf": "RTF: save it as .docx and build that",
    ".png": "an image: fengong reads text, not scans (OCR is not supported)",
    ".jpg": "an image: fengong reads text, not scans (OCR is not supported)",
    ".jpeg": "an image: fengong reads text, not scans (OCR is not supported)",
    ".zip": "an archive: unpack it and build the folder",
}


def _plugin_suffixes() -> dict[str, str]:
    """Suffix -> format of the readers registered from outside fengong (:mod:`fengong.build.registry`);
    fengong's own formats keep their suffixes."""
    from fengong.build import registry

    return {
        suf.lower(): fmt
        for fmt, reader in registry.reader_plugins().items()
        if fmt not in FORMATS
        for suf in reader.SUFFIXES
        if suf.lower() not in SUFFIXES
    }


def format_of(name: str | Path) -> str | None:
    """The format fengong reads a file as, from its suffix (None if unsupported)."""
    suffix = Path(name).suffix.lower()
    return SUFFIXES.get(suffix) or _plugin_suffixes().get(suffix)


def unsupported_reason(path: Path) -> str:
    """Why fengong cannot read ``path``, with what to do instead and the suffixes it reads."""
    suf = path.suffix.lower()
    advice = _ADVICE.get(suf)
    supported = ", ".join(sorted([*SUFFIXES, *_plugin_suffixes()]))
    return (
        f"{path}: unsupported file type {suf or '(none)'}"
        + (f" ({advice})" if advice else "")
        + f"; supported: {supported}"
    )


def read_input(path: str | Path) -> SourceFile:
    """Read any supported file as a :class:`SourceFile`; raise :class:`InputError` with the file name."""
    p = Path(path)
    fmt = format_of(p)
    if fmt is None:
        raise InputError(unsupported_reason(p))
    if fmt == "text":
        return read_source(p)
    if fmt in FORMATS:
        module: Any = importlib.import_module(f"fengong.build.readers.{FORMATS[fmt][1]}")
    else:
        from fengong.build import registry

        module = registry.reader_plugins()[fmt]
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {p}: {exc.strerror}") from None
    try:
        return module.read(p.name, data, fmt=fmt, path=str(p))
    except InputError as exc:
        raise InputError(f"{p.name}: {exc}") from None
    except Exception as exc:  # a library choking on a broken file: say which file and why
        raise InputError(f"{p.name}: not a readable {fmt} file ({type(exc).__name__}: {exc})") from None
