"""What the synthetic corpus draws from: distributions measured once on the seed corpus.

``collect()`` builds the seed corpus and measures, per printing style (``fields`` = 004-style field
blocks with officials and deadlines, ``lines`` = 责任单位 lines only, ``clauses``, ``columns``),
how many lead officials, responsible and assisting units a task names; and over all tasks the unit
and official names as printed, the deadlines (the plan's year written ``{Y}``), the task text
lengths and the clauses of the task texts, which the generator recombines into new texts.

The result is shipped as ``fengong/data/synth_stats.json`` so that a synthetic corpus depends only on
its arguments, not on the builder of the day; ``python -m fengong.synth.stats`` measures it again.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from fengong.data import SAMPLE_CORPUS

__all__ = ["STATS_PATH", "collect", "load", "write"]

STATS_PATH = SAMPLE_CORPUS.parent / "synth_stats.json"

# Names whose printed form the generator cannot reproduce exactly in every layout: remarks in
# brackets, 等-lists (the clause reader splits 等有关部门 apart), separators.
_BAD_NAME = re.compile(r"[（()）等、，,；;：:/\s]")
_SEAT_YEAR = re.compile(r"20\d\d\s*年")
# a clause of a task text worth recombining: no brackets, colons, quotes-as-cells, digits leading
_BAD_FRAGMENT = re.compile(r"[（()）:：\"'《》<>|\t\[\]【】]|^\d|责任单位|牵头|配合|分工")


def _style(task, officials_docs: set[str]) -> str:
    if task.layout == "clauses":
        return "clauses"
    if task.layout in ("table", "columns"):
        return "columns"
    return "fields" if task.doc in officials_docs else "lines"


def collect() -> dict:
    """Measure the seed corpus (see the module docstring)."""
    from fengong.build import build_paths
    from fengong.build.names import looks_like_person, looks_like_unit

    corpus = build_paths()
    tasks = corpus.tasks
    officials_docs = {t.doc for t in tasks if t.layout == "fields" and t.lead_officials}
    counts: dict[str, dict[str, Counter]] = {}
    for t in tasks:
        style = _style(t, officials_docs)
        c = counts.setdefault(
            style, {"officials": Counter(), "responsible": Counter(), "assist": Counter(), "deadline": Counter()}
        )
        c["officials"][len(t.lead_officials)] += 1
        if t.responsible_units:
            c["responsible"][len(t.responsible_units)] += 1
        c["assist"][len(t.assist_units)] += 1
        c["deadline"][_SEAT_YEAR.sub("{Y}年", t.deadline.text) if t.deadline else ""] += 1

    units: Counter = Counter()
    for t in tasks:
        for n in t.responsible_units + t.assist_units:
            if not _BAD_NAME.search(n.text) and looks_like_unit(n.text) and 2 <= len(n.text) <= 24:
                units[n.text] += 1
    officials = Counter(n.text for t in tasks for n in t.lead_officials if looks_like_person(n.text))

    fragments: Counter = Counter()
    for t in tasks:
        for piece in re.split(r"[，。；！？]", re.sub(r"\s+", "", t.text)):
            if 4 <= len(piece) <= 40 and not _BAD_FRAGMENT.search(piece) and piece.count("“") == piece.count("”"):
                fragments[piece] += 1
    lengths = Counter(min(400, len(t.text)) // 10 * 10 for t in tasks)

    def hist(c: Counter) -> list[list]:
        return [[k, v] for k, v in sorted(c.items(), key=lambda kv: (str(kv[0]), kv[1]))]

    return {
        "source": "fengong/data/seeds (the built-in sample corpus), measured by fengong.synth.stats.collect",
        "styles": {s: {k: hist(v) for k, v in c.items()} for s, c in sorted(counts.items())},
        "units": hist(units),
        "officials": hist(officials),
        "text_lengths": hist(lengths),
        "fragments": sorted(fragments),
    }


def write(path: Path = STATS_PATH) -> Path:
    """Measure the sample corpus (:func:`collect`) and write the figures to ``path``."""
    data = collect()
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def load(path: Path = STATS_PATH) -> dict:
    """The figures :func:`write` stored."""
    return json.loads(path.read_text(encoding="utf-8"))


if __name__ == "__main__":  # pragma: no cover
    print(write())
