"""Text from documents, safe in a web page or an SVG picture: escaped for HTML, for a ``<script>`` element, and free
of the code points HTML forbids.

Documents are untrusted: a unit name may hold markup, a ``</script>`` or control characters. HTML
forbids control characters (other than tab, line feed, form feed and carriage return) and
noncharacters in a page, even as character references, so in page text they are shown as their
Unicode control pictures (BEL → ␇); in JSON and JavaScript they are ``\\uXXXX`` escapes, which keep
the value exact.

>>> html_text('<b>区\\x07局</b>')
'&lt;b&gt;区␇局&lt;/b&gt;'
>>> script_json({"name": "</script>区\\x7f局"})
'{"name":"\\\\u003c/script\\\\u003e区\\\\u007f局"}'
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

__all__ = ["visible", "html_text", "script_json", "script_source", "FORBIDDEN_IN_HTML"]

#: code points a page may not hold (https://html.spec.whatwg.org/#preprocessing-the-input-stream):
#: controls other than ASCII whitespace, lone surrogates and the noncharacters of the Basic
#: Multilingual Plane; and form feed, which HTML allows but XML (an SVG picture) does not
FORBIDDEN_IN_HTML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_SPECIAL = re.compile("[<>&\u2028\u2029]")


def _picture(m: re.Match) -> str:
    c = ord(m.group())
    return chr(0x2400 + c) if c < 0x20 else "\u2421" if c == 0x7F else "\ufffd"


def visible(text: str) -> str:
    """``text`` with each code point HTML forbids replaced by its control picture (or U+FFFD).

    >>> visible("a\\x1b[31mb")
    'a␛[31mb'
    """
    return FORBIDDEN_IN_HTML.sub(_picture, text)


def html_text(value: Any) -> str:
    """``value`` as HTML text or attribute value: escaped, quotes included, forbidden code points visible."""
    return html.escape(visible(str(value)), quote=True)


def script_json(value: Any, sort_keys: bool = False) -> str:
    """JSON for a ``<script>`` element: ``<``, ``>``, ``&``, line separators and forbidden code
    points escaped, so nothing can end the element or break the page; the decoded value is exact."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))
    text = _JSON_SPECIAL.sub(lambda m: _JSON_ESCAPES[m.group()], text)
    return script_source(text)


def script_source(code: str) -> str:
    """JavaScript (or CSS) to inline in a page: forbidden code points as ``\\uXXXX`` escapes (they
    occur only inside strings and regular expressions, where the escape means the same character;
    vis-network's code holds a raw U+0085), and no ``</script`` or ``</style`` that would end the element."""
    code = FORBIDDEN_IN_HTML.sub(lambda m: f"\\u{ord(m.group()):04x}", code)
    return re.sub(r"</(script|style)", r"<\\/\1", code, flags=re.I)
