"""The role vocabulary, declared once in ``roles.toml`` and read by every layout.

A label is read by its parts — a role word plus a noun, with optional modifiers — so combinations
no plan has shown us yet are still understood:

>>> r = active()
>>> [r.label_role(x) for x in ("牵头单位", "主要协作单位", "牵头负责领导", "分管省领导", "协同责任单位", "责任单位")]
['lead', 'assist', 'official', 'official', 'assist', 'responsible']
>>> r.label_role("牵头考核单位"), r.label_role("数据提供单位"), r.label_role("部门分工"), r.label_role("工作任务")
('lead', 'data_provider', 'verbs', None)

A user adds their own government's words with a file of the same form:

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "mine.toml"
>>> _ = p.write_text('[words]\\nassist = ["帮办"]\\n[labels]\\n"挂点单位" = "lead"\\n', encoding="utf-8")
>>> mine = load([p])
>>> mine.label_role("帮办单位"), mine.label_role("挂点单位"), r.label_role("帮办单位")
('assist', 'lead', None)
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from fengong.build.source import fold, line_cache
from fengong.errors import FengongError

__all__ = [
    "Roles",
    "load",
    "active",
    "configure",
    "per_line",
    "UNIT_ROLES",
    "LEAD",
    "ASSIST",
    "RESPONSIBLE",
    "OFFICIAL",
    "DEADLINE",
    "VERBS",
    "CONTACT",
    "PHONE",
]

_WS = re.compile(r"\s+")
_TRAILING_CLOSE = re.compile(r"[\s)）]+$")

LEAD, ASSIST, RESPONSIBLE, OFFICIAL, DEADLINE, VERBS, CONTACT, PHONE = (
    "lead",
    "assist",
    "responsible",
    "official",
    "deadline",
    "verbs",
    "contact",
    "phone",
)
UNIT_ROLES = (LEAD, ASSIST, RESPONSIBLE)
_LEVEL = "省市区县州镇乡"


class RolesError(FengongError):
    """A roles file that cannot be read."""


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _alt_spaced(words: Iterable[str]) -> str:
    """Like :func:`_alt`, but a word may be printed with spaces between its characters (``联 系 人``),
    as forms pad their labels."""
    return "|".join(
        "[ \u3000]{0,2}".join(re.escape(c) for c in w) for w in sorted(set(words), key=lambda w: (-len(w), w))
    )


@dataclass
class Roles:
    """The role words, nouns, whole labels, verbs, conventions and catch-alls, with the matchers
    derived from them."""

    words: dict[str, list[str]] = field(default_factory=dict)
    nouns: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    verbs: dict[str, list[str]] = field(default_factory=dict)
    conventions: dict[str, list[str]] = field(default_factory=dict)
    catch_all: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    unit_endings: list[str] = field(default_factory=list)

    def merged(self, data: dict) -> Roles:
        """These roles plus a file's: lists are extended, whole labels override."""

        def ext(a: dict[str, list[str]], b: dict | None) -> dict[str, list[str]]:
            out = {k: list(v) for k, v in a.items()}
            for k, v in (b or {}).items():
                out[k] = list(dict.fromkeys([*out.get(k, []), *v]))
            return out

        return Roles(
            words=ext(self.words, data.get("words")),
            nouns=ext(self.nouns, data.get("nouns")),
            labels={**self.labels, **(data.get("labels") or {})},
            verbs=ext(self.verbs, data.get("verbs")),
            conventions=ext(self.conventions, data.get("conventions")),
            catch_all=list(dict.fromkeys([*self.catch_all, *((data.get("catch_all") or {}).get("patterns") or [])])),
            titles=list(dict.fromkeys([*self.titles, *((data.get("titles") or {}).get("words") or [])])),
            unit_endings=list(dict.fromkeys([*self.unit_endings, *((data.get("units") or {}).get("endings") or [])])),
        )

    # --- labels ---------------------------------------------------------------------------------

    @cached_property
    def _parts(self) -> list[tuple[str, str]]:
        """(word, kind) for every label part, longest first (kind: lead/assist/responsible/official/modifier)."""
        parts = [(w, k) for k, ws in self.words.items() for w in ws]
        return sorted(set(parts), key=lambda p: (-len(p[0]), p[0]))

    @cached_property
    def _noun_re(self) -> re.Pattern:
        nouns = [n for k in ("unit", "official", "verbs") for n in self.nouns.get(k, [])]
        return re.compile(f"(?:{_alt(nouns)})$")

    @cached_property
    def label_pattern(self) -> str:
        """A regex for a label in running text (without its colon)."""
        parts = _alt_spaced([w for ws in self.words.values() for w in ws] + list(_LEVEL))
        nouns = _alt_spaced([n for k in ("unit", "official") for n in self.nouns.get(k, [])])
        verbs = _alt_spaced(self.nouns.get("verbs", []))
        whole = _alt_spaced(self.labels)
        return f"(?:{whole}|(?:(?:{parts})[ \\u3000]{{0,2}}){{1,5}}(?:{nouns})|{verbs})"

    @cached_property
    def label_re(self) -> re.Pattern:
        """A label and its colon, anywhere in a line (half- or full-width colon, spaces allowed)."""
        return re.compile(f"({self.label_pattern})\\s*[:：]")

    def label_role(self, label: str) -> str | None:
        """The role a printed label gives, read by its parts; None when it is not a role label."""
        return self._label_role(_WS.sub("", label).strip("*:： "))

    def _label_role(self, label: str) -> str | None:
        cache = self.__dict__.setdefault("_label_cache", {})
        if label in cache:
            return cache[label]
        role = self.labels.get(label)
        if role is None:
            role = self._compose(label)
        cache[label] = role
        return role

    def _compose(self, label: str) -> str | None:
        m = self._noun_re.search(label)
        if not m:
            return None
        noun, rest = m.group(), label[: m.start()]
        if noun in self.nouns.get("verbs", []) and not rest:
            return VERBS
        kinds: list[str] = []
        i = 0
        while i < len(rest):
            for w, k in self._parts:
                if rest.startswith(w, i):
                    kinds.append(k)
                    i += len(w)
                    break
            else:
                if rest[i] in _LEVEL:
                    i += 1
                    continue
                return None  # a part we do not know: not a label we can read
        if noun in self.nouns.get("official", []):
            return OFFICIAL if (kinds or noun not in ("责任人", "负责人")) else None
        if noun in self.nouns.get("verbs", []):
            return VERBS
        role_kinds = [k for k in kinds if k in (LEAD, ASSIST, RESPONSIBLE, OFFICIAL)]
        if noun in ("责任单位", "责任部门"):
            role_kinds.append(RESPONSIBLE)
        if not role_kinds:
            return None
        for k in role_kinds:  # the first lead or assist word decides; 责任 alone is responsible
            if k in (LEAD, ASSIST):
                return k
        return RESPONSIBLE if RESPONSIBLE in role_kinds else None

    def carries_assignment(self, text: str) -> bool:
        """Whether a printed line gives units or officials a role through a label (``责任单位：``).

        >>> active().carries_assignment("责 任 单 位：区财政局"), active().carries_assignment("联系电话：123")
        (True, False)
        """
        f = fold(text)
        if ":" not in f:  # a label has its colon
            return False
        for m in self.label_re.finditer(f):
            if self.label_role(m.group(1)) in (*UNIT_ROLES, OFFICIAL):
                return True
        return False

    def is_unit_role(self, role: str | None) -> bool:
        return role in UNIT_ROLES

    # --- role verbs -----------------------------------------------------------------------------

    @cached_property
    def verb_re(self) -> re.Pattern:
        """A role verb closing a list of names: prefix, verb, and what may follow it (a separator,
        the end, or 落实/实施)."""
        pre = _alt(self.verbs.get("prefix", []))
        verbs = _alt(self.verbs.get("lead", []) + self.verbs.get("assist", []))
        return re.compile(
            f"(?P<pre>(?:{pre})*)(?P<verb>{verbs})(?P<post>(?:落实|实施|推进|办理|抓好|完成|组织实施)?)"
            f"(?=$|[，,；;。.）)、\\s:：]|(?:{verbs}))"
        )

    def is_secondary_verb(self, verb: str) -> bool:
        """A lead verb that assists beside another lead verb of the same clause (负责 after 牵头)."""
        return verb in self.verbs.get("secondary", [])

    def is_weak_verb(self, verb: str) -> bool:
        """A lead verb that leaves 负责 beside it leading (指导)."""
        return verb in self.verbs.get("weak", [])

    @cached_property
    def title_re(self) -> re.Pattern:
        """A title printed after an official's name (县长, 常务副市长, 同志)."""
        return re.compile(f"(?:{_alt(self.titles)})+$" if self.titles else "(?!)")

    def verb_role(self, verb: str) -> str | None:
        if verb in self.verbs.get("lead", []):
            return LEAD
        if verb in self.verbs.get("assist", []):
            return ASSIST
        return None

    @cached_property
    def with_re(self) -> re.Pattern:
        return re.compile(_alt(self.verbs.get("with", [])))

    @cached_property
    def by_prefix(self) -> tuple[str, ...]:
        return tuple(self.verbs.get("by", []))

    # --- conventions and catch-alls -------------------------------------------------------------

    @cached_property
    def first_leads_re(self) -> re.Pattern:
        return re.compile("|".join(f"(?:{p})" for p in self.conventions.get("first_leads", [])) or "(?!)")

    @cached_property
    def each_leads_re(self) -> re.Pattern:
        return re.compile(_alt(self.conventions.get("each_leads", [])) or "(?!)")

    @cached_property
    def lead_marks(self) -> str:
        return "".join(self.conventions.get("lead_marks", []))

    @cached_property
    def catch_all_re(self) -> re.Pattern:
        return re.compile("|".join(f"(?:{p})" for p in self.catch_all) or "(?!)")

    @cached_property
    def unit_end_re(self) -> re.Pattern:
        return re.compile(f"(?:{_alt(self.unit_endings)})$" if self.unit_endings else "(?!)")

    def looks_like_unit(self, name: str) -> bool:
        """A name ending like a unit (局, 海关, 总社 …) or a collective (各地, 各部门)."""
        name = _TRAILING_CLOSE.sub("", name)
        return bool(self.unit_end_re.search(name)) or name.startswith("各")

    def is_catch_all(self, name: str) -> bool:
        """A tail such as 等有关部门 / 各相关单位 / 县政府有关部门 that names no unit."""
        return bool(self.catch_all_re.search(_WS.sub("", name)))


def _read(path: Path | None) -> dict:
    try:
        if path is None:
            text = resources.files("fengong.build").joinpath("roles.toml").read_text(encoding="utf-8")
            where = "fengong/build/roles.toml"
        else:
            text = Path(path).read_text(encoding="utf-8")
            where = str(path)
        return tomllib.loads(text)
    except OSError as exc:
        raise RolesError(f"cannot read the roles file {path}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RolesError(f"{where}: not a roles file (TOML expected): {exc}") from None


def _validate(data: dict, where: str) -> None:
    known = {"words", "nouns", "labels", "verbs", "conventions", "catch_all", "titles", "units"}
    extra = set(data) - known
    if extra:
        raise RolesError(f"{where}: unknown section(s) {', '.join(sorted(extra))}; known: {', '.join(sorted(known))}")
    for sec in ("words", "nouns", "verbs", "conventions"):
        for k, v in (data.get(sec) or {}).items():
            if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
                raise RolesError(f"{where}: [{sec}] {k} must be a list of words")
    for k, v in (data.get("labels") or {}).items():
        if not isinstance(v, str) or not v:
            raise RolesError(
                f"{where}: [labels] {k!r} must name a role (lead, assist, responsible, official, "
                f"deadline or a role of your own)"
            )
    conventions = data.get("conventions") or {}
    for p in (data.get("catch_all") or {}).get("patterns", []) + list(conventions.get("first_leads", [])):
        try:
            re.compile(p)
        except re.error as exc:
            raise RolesError(f"{where}: {p!r} is not a valid pattern: {exc}") from None


def load(paths: Iterable[str | Path] = ()) -> Roles:
    """fengong's roles plus those of each user file in ``paths`` (same form as roles.toml)."""
    base = _read(None)
    _validate(base, "roles.toml")
    roles = Roles().merged(base)
    for p in paths:
        data = _read(Path(p))
        _validate(data, str(p))
        roles = roles.merged(data)
    return roles


_ACTIVE: Roles | None = None


def active() -> Roles:
    """The roles the builder reads with (fengong's own unless :func:`configure` added a user's)."""
    global _ACTIVE
    if _ACTIVE is None:
        _ACTIVE = load()
    return _ACTIVE


def configure(paths: Iterable[str | Path] = ()) -> Roles:
    """Read with fengong's roles plus the user files in ``paths`` from now on (worker processes
    forked later inherit them)."""
    global _ACTIVE
    _ACTIVE = load(paths)
    for cached in _PER_LINE:  # answers remembered under the previous vocabulary
        cached.cache_clear()
    return _ACTIVE


_PER_LINE: list = []


def per_line(fn):
    """Remember ``fn(text)`` — a pure function of one line's text under the active vocabulary (the
    parsers ask the same of a line many times); forgotten when :func:`configure` changes it and by
    :func:`fengong.build.source.clear_caches`.

    >>> count = []
    >>> @per_line
    ... def label_of(text):
    ...     count.append(text)
    ...     return active().label_role(text)
    >>> label_of("牵头单位"), label_of("牵头单位"), len(count)
    ('lead', 'lead', 1)
    """
    cached = line_cache(fn, maxsize=1 << 16)  # bounded: a province's corpus has millions of lines
    _PER_LINE.append(cached)
    return cached
