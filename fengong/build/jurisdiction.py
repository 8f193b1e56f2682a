"""Which government a document belongs to: the jurisdiction its units and officials are resolved in.

Units and officials are resolved within a jurisdiction: 区发改委 in Tongzhou and 区发改委 in Daxing
are different units. A jurisdiction is the deepest government a document names: a county-level one
(区/县/旗/县级市) where there is one, else the city, province or the State Council. It is read, in
order, from

1. the issuer (``北京市延庆区人民政府办公室``, ``中共北京市通州区委办公室``, ``国务院办公厅``), also when
   it signs the notice below its text;
2. the title (``关于印发《延庆区生态文明建设工作方案》的通知``, ``2015年通州区政府工作报告…``);
3. the 文号 prefix, through a table shipped as data (``fengong/data/doc_prefixes.csv``: ``延政办发`` →
   延庆区) that a user extends with files of the same columns (:func:`configure`);
4. the parent notice of an attachment.

>>> jurisdiction_from_text("北京市通州区人民政府")
'通州区'
>>> jurisdiction_from_text("中共北京市延庆区委办公室"), jurisdiction_from_text("国务院办公厅")
('延庆区', '国务院')
>>> jurisdiction_from_text("黑龙江省人民政府"), jurisdiction_from_text("成都市人民政府办公厅")
('黑龙江省', '成都市')
>>> jurisdiction_from_title("关于印发《延庆区生态文明建设工作方案》的通知")
'延庆区'
>>> jurisdiction_from_title("关于印发“无废城市”建设试点工作方案的通知") is None
True
>>> jurisdiction_from_number("延政办发〔2023〕2号")
'延庆区'
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from fengong.build.records import Document
from fengong.errors import FengongError

__all__ = [
    "jurisdiction_from_text",
    "jurisdiction_from_title",
    "jurisdiction_from_number",
    "jurisdiction_of",
    "scope_of",
    "configure",
    "is_prefix_table",
    "PREFIX_COLUMNS",
    "NATIONAL",
]

NATIONAL = "国务院"
PREFIX_COLUMNS = ("prefix", "jurisdiction", "note")

# a place and its level: 省/自治区, 市/州/盟, 区/县/旗 (a 县级市 ends in 市 too)
_PLACE = r"[\u4e00-\u9fff]{1,8}?(?:自治区|自治州|省|市|州|盟|区|县|旗)"
# in a title a place opens the text: 2–4 characters and a level (州 only as 自治州: 通州区, not 通州)
_TITLE_ONE = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:自治区|自治州|省|市|区|县|旗)")
_TITLE_PLACE = re.compile(rf"(?:{_TITLE_ONE.pattern}){{1,2}}")
_GOVERNMENT = re.compile(r"(?:人民政府|政府|委员会|办公室|办公厅|党委|委)")  # 区委 is 区 + 委
_PARTY = re.compile(r"^(?:中共|中国共产党)")
# words that end like a place but are not one (全区, 城市, 开发区 …): a title's place must not be one
_NOT_A_PLACE = re.compile(
    r"(?:全|本|我|各|该|城|市|社|园|景|小|片|辖|地|山|郊|新城|开发|示范|试验|自贸|保税|功能|核心|重点|"
    r"先行|集聚|商务|产业|高新|经济|城乡|农|牧|林|矿|灾|疫|风险|管控|禁|限|超|都|县城|城区|街|校)(?:区|市|县|州)$"
)
_TITLE_OPENING = re.compile(
    r"^(?:关于)?(?:印发|转发|公布|下达)?[《“\"]?(?:\d{4}\s*[-—～~至]?\s*(?:\d{4})?\s*年(?:度)?)?"
)
_NUMBER_PREFIX = re.compile(r"^\s*([\u4e00-\u9fff]{1,10}?)\s*[〔\[［(（]\s*\d{4}")


def jurisdiction_from_text(text: str | None) -> str | None:
    """The jurisdiction a government's name at the start of ``text`` belongs to (the deepest place it
    names), or None when ``text`` does not open with a government's name."""
    if not text:
        return None
    t = _PARTY.sub("", re.sub(r"\s+", "", text))
    if t.startswith(NATIONAL):
        return NATIONAL
    places = _chain(t, 0)
    return places[-1] if places else None


_WHOLE_PLACE = re.compile(rf"{_PLACE}$")


def _chain(t: str, pos: int, depth: int = 0) -> list[str] | None:
    """The places from ``pos`` up to a government word (北京市 通州区 | 人民政府), trying each length a
    place may have (通州 ends in 州 too, but 区人民政府 then follows no place)."""
    if depth and _GOVERNMENT.match(t, pos):
        return []
    if depth >= 4:
        return None
    for end in range(pos + 2, min(len(t), pos + 10) + 1):
        if _WHOLE_PLACE.match(t, pos, end):
            rest = _chain(t, end, depth + 1)
            if rest is not None:
                return [t[pos:end], *rest]
    return None


def jurisdiction_from_title(title: str | None) -> str | None:
    """The place a title opens with (after 关于印发《 and a year): ``《延庆区…方案》`` → 延庆区."""
    if not title:
        return None
    t = re.sub(r"\s+", "", title)
    by_issuer = jurisdiction_from_text(t)
    if by_issuer:
        return by_issuer
    t = _TITLE_OPENING.sub("", t, count=1)
    m = _TITLE_PLACE.match(t)
    if m is None:
        return None
    places = _TITLE_ONE.findall(m.group())
    if len(places) > 1 and not re.search(r"(?:省|市|自治区|自治州)$", places[0]):
        places = places[:1]  # a county follows its city or province, not another county
    if any(_NOT_A_PLACE.search(p) for p in places):
        return None
    return places[-1]


_PREFIXES: dict[str, str] = {}
_EXTRA: list[Path] = []


def _read_prefixes(path: Path | None) -> dict[str, str]:
    if path is None:
        text = resources.files("fengong.data").joinpath("doc_prefixes.csv").read_text(encoding="utf-8")
        where = "doc_prefixes.csv"
    else:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise FengongError(f"{path}: cannot read the 文号 prefix table ({e})") from None
        where = str(path)
    rows = csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    if rows.fieldnames is None or not {"prefix", "jurisdiction"} <= set(rows.fieldnames):
        raise FengongError(f"{where}: a 文号 prefix table needs the columns {', '.join(PREFIX_COLUMNS)}")
    out = {}
    for k, row in enumerate(rows, 2):
        prefix, j = (row.get("prefix") or "").strip(), (row.get("jurisdiction") or "").strip()
        if not prefix or not j:
            raise FengongError(f"{where}: row {k}: a prefix and its jurisdiction are both needed")
        out[prefix] = j
    return out


def configure(paths: Iterable[str | Path] = ()) -> None:
    """Read 文号 prefixes from the user's tables (same columns as ``doc_prefixes.csv``) beside
    fengong's; a later file's row wins for the same prefix."""
    global _PREFIXES
    table = _read_prefixes(None)
    for p in paths:
        table.update(_read_prefixes(Path(p)))
    _PREFIXES = table
    _EXTRA[:] = [Path(p) for p in paths]


def is_prefix_table(path: str | Path) -> bool:
    """Whether a CSV file is a 文号 prefix table (its header has ``prefix``), not an alias table."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            for line in fh:
                if line.strip() and not line.startswith("#"):
                    return "prefix" in [c.strip() for c in line.split(",")]
    except (OSError, UnicodeDecodeError):
        return False
    return False


def jurisdiction_from_number(number: str | None) -> str | None:
    """The jurisdiction whose 文号 prefix opens ``number`` (``延政办发〔2023〕2号`` → 延庆区)."""
    if not number:
        return None
    m = _NUMBER_PREFIX.match(number)
    if not m:
        return None
    if not _PREFIXES:
        configure(_EXTRA)
    return _PREFIXES.get(m.group(1))


def jurisdiction_of(document: Document, parent: Document | None = None) -> str | None:
    """The jurisdiction of a document: from its issuer, its title, its 文号 prefix, else its parent's."""
    j = (
        jurisdiction_from_text(document.issuer)
        or jurisdiction_from_title(document.title)
        or jurisdiction_from_number(document.number)
    )
    if j:
        return j
    if parent is not None:
        return jurisdiction_of(parent)
    return None


def scope_of(document: Document, parent: Document | None = None) -> str:
    """Where a document's names are resolved: its jurisdiction, or — when none can be read — the
    document itself (its issuer, 文号 or title), so that its units are never pooled with another
    jurisdiction's namesakes.

    >>> scope_of(Document(id="d1", doc="a.txt", line=1, line_end=9, issuer="某某委员会", number="X发〔2020〕1号"))
    '?某某委员会'
    """
    j = jurisdiction_of(document, parent)
    if j:
        return j
    top = parent if parent is not None else document
    return "?" + (top.issuer or top.number or top.title or f"{top.doc} line {top.line}")
