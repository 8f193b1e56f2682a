"""A hostile corpus: a real slice of a sample plan whose names, task text and title try to break out.

The first tasks of the 2023 通州 plan (``fengong/data/seeds/004_….txt``, fields layout: task lines
then ``牵头领导：`` / ``责任单位：`` / ``协办单位：`` / ``完成时限：``), with hostile strings put into
unit names, an official's name, task texts and the title: script tags, attribute break-outs, a
``</script>`` that would end an inline JSON blob, ``javascript:`` URLs, template syntax, SQL/Cypher/
SPARQL fragments, path traversal (``../../x局``, ``区/局``, ``区\\局``), control characters and a
very long name. Tests of escaping, query parameters, safe file names and determinism share it
(and benchmarks may).

>>> text = hostile_plan()
>>> "责任单位：区发展改革委、<script>window.__pwned=1</script>局" in text
True
>>> sorted(HOSTILE_UNITS)[:2]
['"><img src=x onerror="window.__pwned=1">局', "'; DROP TABLE units; --局"]
"""

from __future__ import annotations

from pathlib import Path

from fengong.data import SAMPLE_CORPUS

__all__ = [
    "PWNED",
    "SCRIPT",
    "IMG",
    "END_SCRIPT",
    "JS_URL",
    "TEMPLATE",
    "SQL",
    "MATH",
    "HOSTILE_STRINGS",
    "HOSTILE_UNITS",
    "HOSTILE_OFFICIAL",
    "HOSTILE_TITLE",
    "LONG_UNIT",
    "CONTROL_UNIT",
    "QUERY_VALUES",
    "HOSTILE_ALIASES",
    "hostile_plan",
    "aliases_csv",
    "write_hostile_corpus",
    "hostile_graph",
    "SEED",
]

SEED = "004_d2e1d2fa9d54708a.txt"
#: every payload sets this global: a page is safe if it stays undefined after loading and use
PWNED = "window.__pwned"

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '"><img src=x onerror="window.__pwned=1">'
END_SCRIPT = "</script><script>window.__pwned=1</script>"
JS_URL = "javascript:window.__pwned=1"
TEMPLATE = "{{7*7}}"
SQL = "'; DROP TABLE units; --"
MATH = "区$\\frac{$"  # matplotlib would parse "$…$" in a label as mathtext (and fail on this one)
#: the raw payloads: none may appear unescaped in any HTML page
HOSTILE_STRINGS = (SCRIPT, IMG, END_SCRIPT, JS_URL, TEMPLATE, SQL)

CONTROL_UNIT = "区\x07控\x1b[31m制\x7f局"  # BEL, ESC (a terminal colour), DEL: NUL-free control characters
LONG_UNIT = "区" + "很长的名字" * 60 + "局"  # 302 characters: longer than any file name may be
#: unit names (each ends in 局 so the fields parser reads it as a unit, as printed)
HOSTILE_UNITS = (
    SCRIPT + "局",
    IMG + "局",
    END_SCRIPT + "局",
    JS_URL + "局",
    TEMPLATE + "局",
    SQL + "局",
    "../../x局",
    "区/局",
    "区\\局",
    CONTROL_UNIT,
    LONG_UNIT,
)
HOSTILE_OFFICIAL = "郑皓" + SCRIPT
HOSTILE_TITLE = f"关于印发2023年通州区{SCRIPT}{IMG}政府工作报告"

#: values for query parameters (SPARQL, Cypher) that would change a query pasted together as text
QUERY_VALUES = (
    "' OR 1=1 //",
    '"}) DETACH DELETE n //',
    "> } ; DROP ALL",
    'a"b\\c\nd\r\ne',
    "区/局",
    SCRIPT + "局",
    "../../x局",
)


def _slice(n_tasks: int) -> list[str]:
    """The plan's lines up to (not including) task ``n_tasks + 1``."""
    lines = (SAMPLE_CORPUS / SEED).read_text(encoding="utf-8").splitlines()
    stop = next(i for i, line in enumerate(lines) if line.startswith(f"{n_tasks + 1}."))
    return lines[:stop]


def hostile_plan(n_tasks: int = 12) -> str:
    """The slice of the seed plan with hostile names, text and title (UTF-8 text, ``\\n`` line ends).

    Tasks 1–11 each get one hostile unit (responsible on odd tasks, assisting on even ones, on a
    ``协办单位：`` line), task 1's text gets every payload, task 2 is led by :data:`HOSTILE_OFFICIAL`,
    and the title line carries a script tag and an attribute break-out.
    """
    out: list[str] = []
    task = 0
    for line in _slice(n_tasks):
        if line == "关于印发2023年通州区政府工作报告":
            line = HOSTILE_TITLE
        elif line[:1].isdigit() and "." in line[:4]:
            task = int(line.split(".", 1)[0])
            if task == 1:
                line = line + "".join(HOSTILE_STRINGS)
            elif task == 3:
                line = line + JS_URL
        elif line.startswith("牵头领导：") and task == 2:
            line = f"牵头领导：{HOSTILE_OFFICIAL}、杨磊"
        elif line.startswith("责任单位：") and 1 <= task <= len(HOSTILE_UNITS):
            unit = HOSTILE_UNITS[task - 1]
            if task % 2:
                line = f"{line}、{unit}"
            else:
                out.append(line)
                out.append("")
                line = f"协办单位：{unit}"
        out.append(line)
    return "\n".join(out) + "\n"


#: printed name -> hostile canonical name, as a user's alias table (``--aliases``) would set it: the
#: fields parser splits printed names at ``/`` and drops ``../``, so names such as ``区/局`` and
#: ``../../x局`` reach the graph this way (as they would from any user's table)
HOSTILE_ALIASES = {
    "区商务局": "../../x局",
    "区水务局": "区/局",
    "区财政局": SCRIPT + "局",
    "区生态环境局": IMG + "局",
    "区人力社保局": END_SCRIPT + "局",
    "区委政法委": MATH + "局",
}


def aliases_csv() -> str:
    """:data:`HOSTILE_ALIASES` as an alias table (columns of ``fengong/data/units.csv``)."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["jurisdiction", "name", "alias", "kind", "parent", "note"])
    for printed, name in HOSTILE_ALIASES.items():
        w.writerow(["", name, printed, "department", "", ""])
    return buf.getvalue()


def write_hostile_corpus(folder: str | Path, n_tasks: int = 12) -> tuple[Path, Path]:
    """Write ``folder/docs/hostile-plan.txt`` (the plan) and ``folder/aliases.csv`` (the alias
    table, outside ``docs/`` so it is not read as a document); returns both paths."""
    folder = Path(folder)
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    plan = folder / "docs" / "hostile-plan.txt"
    plan.write_text(hostile_plan(n_tasks), encoding="utf-8")
    aliases = folder / "aliases.csv"
    aliases.write_text(aliases_csv(), encoding="utf-8")
    return plan, aliases


def hostile_graph(folder: str | Path):
    """The knowledge graph of the hostile corpus (written into ``folder``) with its alias table."""
    from fengong.build import build_paths
    from fengong.graph.assemble import build_graph
    from fengong.graph.resolve import Resolver

    plan, aliases = write_hostile_corpus(folder)
    return build_graph(build_paths([plan]), Resolver.load([aliases]))
