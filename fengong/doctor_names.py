"""Helpers of :mod:`fengong.doctor` about names, numbers and years: edit distance, names that read
as two or as a fragment of another, the nearest frequent name to a printed one, a deadline's year
that cannot be the plan's."""

from __future__ import annotations

import re
from collections.abc import Iterable

from fengong.build.deadlines import parse_deadline
from fengong.build.names import COLLECTIVE, looks_like_unit
from fengong.build.records import Name, TaskRecord


def _distance(a: str, b: str, bound: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``bound + 1`` once it must exceed ``bound``."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > bound:
            return bound + 1
        prev = cur
    return prev[-1]


# A unit name printed after another starts again with its level (区/市/县); the one before it ends
# with a body's suffix. 园/区 are left out: 中关村通州园区管委会 is one body.
_GLUE_LEFT = re.compile(r"(委员会|办公室|局|委|办|中心|政府|分局|支队|大队|公司|集团|专班|法院|检察院)$")
_GLUE_RIGHT = re.compile(r"^[区市县]")
# People's organisations abbreviate to …联/…协 (区妇联, 区科协), endings UNIT_SUFFIX leaves out.
_MASS_ORG_SHORT = re.compile(r"(联|协)$")
_YEAR = re.compile(r"\d{4}(?=\s*年)")


def _unit_like(name: str) -> bool:
    return looks_like_unit(name) or bool(_MASS_ORG_SHORT.search(name))


def _shorten(text: str, n: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _lines(names: Iterable[Name], default: tuple[int, int]) -> tuple[int, int]:
    lines = [ln for n in names for ln in n.lines]
    return (min(lines), max(lines)) if lines else default


def _split_subject(t: TaskRecord) -> str:
    return (
        f"主责 {'、'.join(n.text for n in t.responsible_units) or '—'} | "
        f"协办 {'、'.join(n.text for n in t.assist_units) or '—'}"
    )


def _glued_unit(form: str, known) -> tuple[str, str] | None:
    """Where ``form`` reads as two unit names: both parts named elsewhere (``known``), or a body's
    suffix followed by a new 区/市/县 name."""
    for i in range(2, len(form) - 1):
        a, b = form[:i], form[i:]
        if COLLECTIVE.search(b):
            continue  # 区财政局等有关部门: an "and others" tail, not a second unit
        if known(a) and known(b):
            return a, b
    for i in range(3, len(form) - 2):
        a, b = form[:i], form[i:]
        if _GLUE_LEFT.search(a) and _GLUE_RIGHT.match(b) and looks_like_unit(b) and not COLLECTIVE.search(b):
            return a, b
    return None


def _completion(fragment: str, names: Iterable[str]) -> str | None:
    """The one name ``fragment`` is the start or end of, if exactly one (a wrap cut it there)."""
    hits = sorted({n for n in names if len(n) > len(fragment) and (n.startswith(fragment) or n.endswith(fragment))})
    return hits[0] if len(hits) == 1 else None


def _nearest(form: str, frequent: dict[str, tuple[str, int]]) -> tuple[str, int, str] | None:
    """The frequent unit a once-seen printed name most likely stands for, with how they relate.

    Short Chinese unit names one character apart are often different bodies (区审计局, 区统计局),
    so only differences a misprint or a wrap makes are taken: a name cut at its start or end; a
    name that does not end like a unit within a few edits of one; one character dropped or added;
    one character changed inside a long name (not its suffix, which names the kind of body).
    """
    best = None
    for cand, (name, tasks) in frequent.items():
        if cand == form:
            continue
        why = None
        if len(form) >= 2 and cand.endswith(form) and not _GLUE_RIGHT.match(form) and _GLUE_RIGHT.match(cand):
            why, dist = "it is the end of", len(cand) - len(form)
        elif len(form) >= 2 and cand.startswith(form) and not _unit_like(form):
            why, dist = "it is the start of", len(cand) - len(form)
        else:
            bound = max(1, len(cand) // 4) if not _unit_like(form) else 1
            dist = _distance(form, cand, bound)
            if dist > bound:
                continue
            if not _unit_like(form):
                why = f"it is {dist} edit{'s' if dist > 1 else ''} from"
            elif len(form) != len(cand) and min(len(form), len(cand)) >= 4:
                why = "one character dropped or added, it reads"
            elif len(form) == len(cand) >= 6 and form[-1] == cand[-1]:
                why = "one character changed, it reads"
        if why is None:
            continue
        key = (dist, -tasks, name)
        if best is None or key < best[0]:
            best = (key, (name, tasks, why))
    return best[1] if best else None


def _nearest_person(name: str, frequent: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    """A frequent official whose name differs from ``name`` by one changed character (same length)."""
    hits = sorted(
        (-tasks, cand)
        for cand, (_, tasks) in frequent.items()
        if cand != name and len(cand) == len(name) and _distance(name, cand, 1) == 1
    )
    return (hits[0][1], -hits[0][0]) if hits else None


def _later_year(text: str, issued: str) -> str | None:
    """The deadline with its printed year replaced by the document's, when that falls on or after it."""
    m = _YEAR.search(text)
    if not m or m.group() == issued[:4]:
        return None
    fixed = text[: m.start()] + issued[:4] + text[m.end() :]
    d = parse_deadline(fixed, int(issued[:4]))
    return fixed if d.date and d.date >= issued else None
