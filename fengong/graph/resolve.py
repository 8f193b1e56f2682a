"""Entity resolution: printed unit and official names to one entity per body or person.

Names are resolved within a jurisdiction (see :mod:`fengong.build.jurisdiction`):
区发改委 in 通州区 and 区发改委 in 大兴区 are different units. A printed name is
normalised (full-width forms folded, whitespace removed, quotes and parentheses
made uniform, a trailing （牵头） dropped), looked up in the alias table
``fengong/data/units.csv`` (plus any CSV files of the user's), then a few safe
structural rules apply. A name that nothing matches is a unit of its own: no
printed name is ever dropped.

>>> r = Resolver.load()
>>> a, b = r.unit("区发改委", "通州区"), r.unit("区发展改革委（牵头）", "通州区")
>>> a == b, a.name, a.kind, a.collective
(True, '区发展改革委', 'department', False)
>>> r.unit("区发改委", "大兴区").id == a.id
False
>>> r.aliases(a)
['区发展和改革委', '区发展和改革委员会', '区发展改革委员会', '区发改委']
>>> u = r.unit("市规划自然资源委 通州分局", "通州区")
>>> u.name, u.kind, u.parent
('市规划自然资源委通州分局', 'municipal_branch', '市规划自然资源委')
>>> r.unit("各街道乡镇", "通州区").collective
True
>>> r.official("郑 皓", "通州区").name, r.official("区政府班子成员", "通州区").collective
('郑皓', True)
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from fengong.build.jurisdiction import configure as configure_prefixes
from fengong.build.jurisdiction import is_prefix_table, scope_of
from fengong.build.names import COLLECTIVE, looks_like_unit
from fengong.build.records import Document, TaskRecord
from fengong.build.source import fold, reading_form, squash
from fengong.graph.ids import make_id

__all__ = [
    "UNIT_KINDS",
    "ResolvedUnit",
    "ResolvedOfficial",
    "Resolver",
    "classify_unit",
    "normalise",
    "Oversight",
    "infer_oversight",
    "TABLE_COLUMNS",
]

UNIT_KINDS = (
    "government",
    "department",
    "township",
    "municipal_branch",
    "company",
    "task_force",
    "committee",
    "collective",
    "other",
)
TABLE_COLUMNS = ("jurisdiction", "name", "alias", "kind", "parent", "note")


@dataclass(frozen=True)
class ResolvedUnit:
    """A unit as one entity: ``name`` is canonical, ``parent`` the canonical name of its parent body."""

    id: str
    name: str
    jurisdiction: str | None
    kind: str
    collective: bool
    parent: str | None


@dataclass(frozen=True)
class ResolvedOfficial:
    """A lead official, one per (jurisdiction, name); ``collective`` for leads like 区政府班子成员."""

    id: str
    name: str
    jurisdiction: str | None
    collective: bool


# ---------------------------------------------------------------- normalisation

_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "“", "』": "”", "„": "“", "‟": "“", "″": "”"})
_LEAD_MARK = re.compile(r"[（(](?:牵头|牵头单位|主责|主责单位|负责|责任单位|配合|配合单位|协办)[）)]$")


def normalise(printed: str) -> str:
    """The lookup form of a printed name (the caller keeps the printed form itself).

    >>> normalise(' 区"两区"办 ')
    '区“两区”办'
    >>> normalise("区城市管理委(区城管执法局)（牵头）")
    '区城市管理委（区城管执法局）'
    """
    t = squash(fold(reading_form(printed))).translate(_QUOTES)
    # fold() made （） ASCII; Chinese names print them full-width, so canonical names do too
    t = t.replace("(", "（").replace(")", "）")
    if '"' in t:  # ASCII quotes carry no direction: pair them up left to right
        parts = t.split('"')
        t = parts[0] + "".join(("“" if i % 2 else "”") + p for i, p in enumerate(parts[1:], 1))
    stripped = _LEAD_MARK.sub("", t)
    return stripped or t


# ---------------------------------------------------------------- kinds

# People's organisations (群团) sit beside the government, not in it.
_MASS_ORG = re.compile(
    r"(总工会|妇联|妇女联合会|团区委|团县委|共青团|科协|科学技术协会|残联|残疾人联合会|红十字会|侨联|文联|"
    r"工商联)$"
)
_GOVERNMENT = re.compile(
    r"^(?:北京市|[\u4e00-\u9fff]{2,3}省)?(?:市|区|县|[\u4e00-\u9fff]{1,6}?[区县市])"
    r"(?:人民)?政府(?:办公室|办)?$"
)
_TOWNSHIP = re.compile(r"^(?!各|相关|有关)([\u4e00-\u9fff]{1,6}?)(街道|地区|镇|乡)(办事处|人民政府|政府)?$")
_BRANCH = re.compile(r"(分局|支队|大队)$")
_COMPANY = re.compile(r"(公司|集团|银行)$")
_TASK_FORCE = re.compile(r"(专班|工作组|指挥部)$")
_COMMITTEE = re.compile(r"(领导小组|工作小组|协调小组|联席会议)$")
_DEPARTMENT = re.compile(r"(委员会|管委会|委|办公室|办|局|部|厅|署|中心|院|校|所)$")


def classify_unit(name: str) -> str:
    """The kind of a unit by rules on its (normalised) name; the alias table may override it.

    Order matters: collectives first (各街道乡镇, 相关行业主管部门, …成员单位, 等相关单位), then the
    county government and its general office, townships, vertical branches of city or state bodies
    (…分局, …支队), companies, task forces (专班/工作组/指挥部), coordinating bodies (领导小组 and
    the like: *committee*), people's organisations (*other*), then departments. A 管委会 of a
    zone is a district agency, so a *department*; so is a 委员会 that is a standing body
    (区卫生健康委员会). Coordinating committees named 委员会 need a table row.

    >>> [classify_unit(n) for n in ("各街道乡镇", "区政府办", "台湖镇政府", "通州公路分局", "北投集团",
    ...                             "网安园专班", "区委宣传部", "区妇联", "运河商务区管委会")]
    ['collective', 'government', 'township', 'municipal_branch', 'company', 'task_force', 'department', 'other', 'department']
    """
    n = normalise(name)
    if COLLECTIVE.search(n) or re.search(r"等(有关|相关)?(部门|单位)$", n):
        return "collective"
    if _GOVERNMENT.match(n):
        return "government"
    if _TOWNSHIP.match(n) and not n.endswith("小镇"):
        return "township"
    for pattern, kind in (
        (_BRANCH, "municipal_branch"),
        (_COMPANY, "company"),
        (_TASK_FORCE, "task_force"),
        (_COMMITTEE, "committee"),
        (_MASS_ORG, "other"),
        (_DEPARTMENT, "department"),
    ):
        if pattern.search(n):
            return kind
    return "other"


def _rule_parent(name: str) -> str | None:
    """市X…分局 is a branch of the city body 市X (市规划自然资源委通州分局 → 市规划自然资源委)."""
    m = re.match(r"^(市[\u4e00-\u9fff]+?(?:委|局|办))[\u4e00-\u9fff]{2,4}分局$", name)
    return m.group(1) if m else None


def _rule_canonical(name: str) -> str | None:
    """Structural rewrites for names the table does not know, or None.

    * ``X（有关…工作）`` / ``X（《…》相关政策解读）``: a remark in parentheses, not a name → X;
    * ``X等有关部门``: the builder kept the "and others" tail on the last name of a list → X
      (the unnamed others are not a unit we can know);
    * townships: 中仓街道 → 中仓街道办事处, 台湖镇 / 台湖镇人民政府 → 台湖镇政府, the bodies that
      take assignments.
    """
    m = re.match(r"^(.+?)（(.+)）$", name)
    if m and (not looks_like_unit(m.group(2)) or re.search(r"《|^有关|^相关|咨询|解读", m.group(2))):
        return m.group(1)
    m = re.match(r"^(.+?)等(?:有关|相关|其他)?(?:部门|单位)$", name)
    if m and not COLLECTIVE.search(m.group(1)) and looks_like_unit(m.group(1)):
        return m.group(1)
    m = _TOWNSHIP.match(name)
    if m and not name.endswith("小镇") and not COLLECTIVE.search(name):
        place, level, _ = m.groups()
        if level == "街道":
            return place + "街道办事处"
        if level in ("镇", "乡"):
            return place + level + "政府"
    return None


def _own_government(name: str, j: str) -> str:
    """The jurisdiction's own government and general office under one name each.

    区政府, 通州区政府 and 北京市通州区人民政府 are one body in 通州区: 通州区人民政府.

    >>> [_own_government(n, "通州区") for n in ("区政府", "北京市通州区人民政府", "区政府办公室", "大兴区人民政府")]
    ['通州区人民政府', '通州区人民政府', '通州区人民政府办公室', '大兴区人民政府']
    """
    if not j:
        return name
    m = re.match(r"^(?:[\u4e00-\u9fff]{2,7}?[省市])?(?:" + re.escape(j) + r"|区|县)(?:人民)?政府(办公室|办)?$", name)
    if not m:
        return name
    return f"{j}人民政府办公室" if m.group(1) else f"{j}人民政府"


# ---------------------------------------------------------------- officials

_COLLECTIVE_LEAD = re.compile(r"班子成员|^各|^相关|^有关|^分管|领导$|成员$|区长$|县长$|主任$|书记$")


# ---------------------------------------------------------------- the resolver


@dataclass(frozen=True)
class _Row:
    jurisdiction: str
    name: str
    alias: str
    kind: str
    parent: str
    note: str


def _read_table(path: str | Path) -> list[_Row]:
    """Rows of an alias table; ``#`` lines are comments, the first other line is the header."""
    text = Path(path).read_text(encoding="utf-8-sig")
    reader = csv.DictReader(ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))
    rows = []
    for rec in reader:
        if "name" not in rec or "alias" not in rec:
            raise ValueError(f"{path}: an alias table has the columns {','.join(TABLE_COLUMNS)}")
        cell = {c: (rec.get(c) or "").strip() for c in TABLE_COLUMNS}
        if cell["kind"] and cell["kind"] not in UNIT_KINDS:
            raise ValueError(
                f"{path}: unknown kind {cell['kind']!r} for {cell['name']} (one of {', '.join(UNIT_KINDS)})"
            )
        if not cell["name"]:
            continue
        rows.append(
            _Row(
                cell["jurisdiction"],
                normalise(cell["name"]),
                normalise(cell["alias"]) if cell["alias"] else "",
                cell["kind"],
                normalise(cell["parent"]) if cell["parent"] else "",
                cell["note"],
            )
        )
    return rows


class Resolver:
    """Resolves printed names; remembers every printed variant it has seen (see :meth:`aliases`).

    Table semantics: every row makes its ``name`` canonical and its ``alias`` point to it, in the
    row's jurisdiction (or everywhere). A later row overrides an earlier one for the same
    string, so a user's row may turn a package canonical name into an alias; a row for a
    jurisdiction shadows a generic row in that jurisdiction. Along an alias chain rows get
    newer, so chains end; a guard stops anything else deterministically.
    """

    def __init__(self, rows: Iterable[_Row] = ()) -> None:
        # (jurisdiction or "", string) -> canonical name it stands for, or None: it is canonical
        self._role: dict[tuple[str, str], str | None] = {}
        self._info: dict[tuple[str, str], tuple[str, str]] = {}  # (jurisdiction or "", name) -> kind, parent
        self._seen: dict[str, set[str]] = defaultdict(set)  # unit id -> normalised printed forms
        self._memo: dict[tuple, object] = {}  # (resolver, printed, jurisdiction) -> resolved entity
        self._alias_index: dict[str, dict[str, set[str]]] = {}  # jurisdiction -> canonical name -> aliases
        for row in rows:
            j = row.jurisdiction
            self._role[(j, row.name)] = None
            if row.alias and row.alias != row.name:
                self._role[(j, row.alias)] = row.name
            if row.kind or row.parent:
                kind, parent = self._info.get((j, row.name), ("", ""))
                self._info[(j, row.name)] = (row.kind or kind, row.parent or parent)

    @classmethod
    def load(cls, extra: Iterable[str | Path] = ()) -> Resolver:
        """The package's alias table, then the user's CSV files (same columns) in order. A file
        whose header has ``prefix`` is a 文号 prefix table instead: it tells documents' jurisdictions
        (:func:`fengong.build.jurisdiction.configure`)."""
        rows = _read_table(Path(str(resources.files("fengong.data").joinpath("units.csv"))))
        prefixes = []
        for path in extra:
            if is_prefix_table(path):
                prefixes.append(path)
            else:
                rows.extend(_read_table(path))
        configure_prefixes(prefixes)
        return cls(rows)

    def _canonical(self, name: str, j: str) -> str:
        """Follow table aliases and structural rules until a name stands for itself."""
        seen = {name}
        while True:
            key = (j, name) if (j, name) in self._role else ("", name)
            if key in self._role:
                nxt = self._role[key]
            else:
                nxt = _rule_canonical(name)  # the table does not know it: structural rules
            if nxt is None or nxt in seen:
                return name
            seen.add(nxt)
            name = nxt

    def in_table(self, name: str, jurisdiction: str | None = None) -> bool:
        """Whether a row of the alias table (the package's or the user's) names ``name`` exactly,
        as a canonical name or an alias, in ``jurisdiction`` or for every jurisdiction.

        >>> Resolver.load().in_table("区发改委", "北京市通州区"), Resolver.load().in_table("区发展改草委")
        (True, False)
        """
        return (jurisdiction or "", name) in self._role or ("", name) in self._role

    def unit(self, printed: str, jurisdiction: str | None) -> ResolvedUnit:
        """The unit a printed name denotes in ``jurisdiction`` (None: no known jurisdiction)."""
        return self._memoised(self._resolve_unit, printed, jurisdiction)

    def _memoised(self, resolve, printed: str, jurisdiction: str | None):
        # a printed name resolves the same way every time; a large corpus prints a few hundred
        # names millions of times
        key = (resolve.__name__, printed, jurisdiction)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = resolve(printed, jurisdiction)
        return hit

    def _resolve_unit(self, printed: str, jurisdiction: str | None) -> ResolvedUnit:
        form = normalise(printed)
        if not form:
            raise ValueError(f"empty unit name: {printed!r}")
        j = jurisdiction or ""
        name = self._canonical(_own_government(form, j), j)
        local, generic = self._info.get((j, name), ("", "")), self._info.get(("", name), ("", ""))
        kind = local[0] or generic[0] or classify_unit(name)
        parent = local[1] or generic[1] or _rule_parent(name)
        if parent is None and name.endswith("人民政府办公室"):
            parent = name[: -len("办公室")]
        unit = ResolvedUnit(
            id=make_id("unit", j, name),
            name=name,
            jurisdiction=jurisdiction,
            kind=kind,
            collective=kind == "collective",
            parent=parent,
        )
        self._seen[unit.id].add(form)
        return unit

    def official(self, printed: str, jurisdiction: str | None) -> ResolvedOfficial:
        """The official a printed lead name denotes; spaces inside names are PDF artefacts."""
        return self._memoised(self._resolve_official, printed, jurisdiction)

    def _resolve_official(self, printed: str, jurisdiction: str | None) -> ResolvedOfficial:
        name = normalise(printed)
        if not name:
            raise ValueError(f"empty official name: {printed!r}")
        return ResolvedOfficial(
            id=make_id("official", jurisdiction or "", name),
            name=name,
            jurisdiction=jurisdiction,
            collective=bool(_COLLECTIVE_LEAD.search(name)),
        )

    def aliases(self, unit: ResolvedUnit) -> list[str]:
        """Printed variants seen for ``unit`` plus its table aliases, sorted, without its canonical name.

        The canonical name is left out: it is the preferred label, and a label is not its own alias.
        """
        j = unit.jurisdiction or ""
        names = set(self._seen.get(unit.id, ()))
        names.update(self._table_aliases(j).get(unit.name, ()))
        names.discard(unit.name)
        return sorted(names)

    def _table_aliases(self, j: str) -> dict[str, set[str]]:
        """Canonical name -> the table's aliases of it in jurisdiction ``j`` (computed once per ``j``)."""
        cache = self._alias_index
        if j not in cache:
            index: dict[str, set[str]] = defaultdict(set)
            for (s, a), target in self._role.items():
                if target is not None and s in ("", j):
                    index[self._canonical(a, j)].add(a)
            cache[j] = index
        return cache[j]


# ---------------------------------------------------------------- oversight (分管)


@dataclass(frozen=True)
class Oversight:
    """An official oversees (分管) a unit: inferred from tasks they appear on together."""

    official: str
    unit: str
    tasks: int
    sole_lead_tasks: int
    share: float
    inferred: bool = True


def infer_oversight(tasks: list[TaskRecord], documents: dict[str, Document], resolver: Resolver) -> list[Oversight]:
    """The units each lead official oversees, inferred from who leads the tasks a unit is responsible for.

    Allocation plans name a lead official (牵头领导) and responsible units (责任单位) per task; the
    official normally leads because the units are in their portfolio (分管). For each pair of a
    (non-collective) lead official and a (non-collective) responsible unit of the same task,
    count the tasks (``tasks``) and those where the official was the only lead official
    (``sole_lead_tasks``). Assisting units are ignored. A pair is kept when

    * the official was the sole lead on at least two tasks of the unit, or
    * the official is the unit's leading official — more of its tasks led alone, then more of
      its tasks, than any other (a tie is no evidence either way, so it keeps no one) — with
      at least 2 tasks or one task led alone,

    so a unit that merely co-occurs with co-leads is not attributed. ``share`` is the
    pair's tasks over all tasks the official leads. The result is sorted by (official, unit)
    ids and every pair is marked inferred: this is evidence, not an organisation chart.
    """
    return select_oversight(oversight_counts(tasks, documents, resolver))


@dataclass
class OversightCounts:
    """What oversight is inferred from, summable over parts of a corpus (see :func:`infer_oversight`)."""

    pair_tasks: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    pair_sole: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    led: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, other: OversightCounts) -> None:
        for pairs, more in ((self.pair_tasks, other.pair_tasks), (self.pair_sole, other.pair_sole)):
            for pair, n in more.items():
                pairs[pair] += n
        for official, n in other.led.items():
            self.led[official] += n


def oversight_counts(tasks: list[TaskRecord], documents: dict[str, Document], resolver: Resolver) -> OversightCounts:
    """Per (official, unit): tasks together and tasks the official led alone; tasks per official."""
    counts = OversightCounts()
    pair_tasks, pair_sole, led = counts.pair_tasks, counts.pair_sole, counts.led
    juris: dict[str, str | None] = {}
    for task in tasks:
        if task.document not in juris:
            doc = documents.get(task.document)
            juris[task.document] = scope_of(doc, documents.get(doc.parent) if doc.parent else None) if doc else None
        j = juris[task.document]
        officials = {resolver.official(n.text, j) for n in task.lead_officials if normalise(n.text)}
        leads = sorted({o.id for o in officials if not o.collective})
        sole = len(officials) == 1
        units = sorted(
            {
                u.id
                for u in (resolver.unit(n.text, j) for n in task.responsible_units if normalise(n.text))
                if not u.collective
            }
        )
        for o in leads:
            led[o] += 1
            for u in units:
                pair_tasks[(o, u)] += 1
                pair_sole[(o, u)] += sole
    return counts


def select_oversight(counts: OversightCounts) -> list[Oversight]:
    """The pairs kept by the rules of :func:`infer_oversight`, sorted by (official, unit)."""
    pair_tasks, pair_sole, led = counts.pair_tasks, counts.pair_sole, counts.led
    by_unit: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for (o, u), n in pair_tasks.items():
        by_unit[u].append((pair_sole[(o, u)], n))
    # the unit's leading official: most tasks led alone, then most tasks, if no one else ties
    best = {u: max(ks) for u, ks in by_unit.items() if ks.count(max(ks)) == 1}
    result = []
    for (o, u), n in sorted(pair_tasks.items()):
        # one sole-led task is weak where one official leads a whole plan alone (the 2022
        # pollution plan): it must also be the unit's leading official
        sole = pair_sole[(o, u)]
        if sole >= 2 or ((sole, n) == best.get(u) and (n >= 2 or sole >= 1)):
            result.append(
                Oversight(official=o, unit=u, tasks=n, sole_lead_tasks=pair_sole[(o, u)], share=round(n / led[o], 4))
            )
    return result
