"""Safe output paths (issue 9): names become file names through fengong.files.safe_name, which never
leaves the folder, is stable and keeps distinct names apart; the atlas built from the hostile corpus
writes only inside its folder; a rebuild removes only what fengong's earlier build listed."""

from __future__ import annotations

import hashlib
import re
from datetime import date

from fengong.files import MANIFEST, atomic_write, replace_outputs, safe_name
from fengong.graph.kg import KnowledgeGraph
from fengong.testing.hostile import HOSTILE_STRINGS, HOSTILE_UNITS, QUERY_VALUES, hostile_graph
from fengong.viz.site import build_site, map_file, page_file

TODAY = date(2023, 3, 1)
NAMES = sorted(
    set(
        HOSTILE_UNITS
        + HOSTILE_STRINGS
        + QUERY_VALUES
        + (
            "..",
            ".",
            "",
            " ",
            "区/局",
            "区\\局",
            "区_局",
            "区:局",
            "CON",
            "con.txt",
            "A局",
            "a局",
            "x" * 400,
            "\u2028局",
            "区财政局",
            "unit-4b3c5a31d1fbf1e3",
        )
    )
)


def test_safe_name_exact_values():
    assert safe_name("区财政局") == "区财政局"
    assert safe_name("unit-4b3c5a31d1fbf1e3") == "unit-4b3c5a31d1fbf1e3"
    assert safe_name("区/局") == "区_局-ab08078374"
    assert safe_name("区\\局") == "区_局-79547d9d70"
    assert safe_name("../../x局") == "x局-e697409569"
    script = "<script>window.__pwned=1</script>局"
    assert safe_name(script) == "script_window.__pwned_1_script_局-" + hashlib.sha256(script.encode()).hexdigest()[:10]


def test_safe_names_are_plain_stable_and_distinct():
    names = {t: safe_name(t) for t in NAMES}
    for text, name in names.items():
        assert name and name not in (".", "..") and not name.startswith(".")
        assert not re.search(r"[/\\\x00-\x1f\x7f<>:\"|?*\s]", name), (text, name)
        assert len(name.encode("utf-8")) <= 131
        assert safe_name(text) == name  # stable
    # distinct texts, distinct names, also when a file system ignores case
    assert len({n.lower() for n in names.values()}) == len(NAMES)


def test_files_named_by_safe_name_stay_in_their_folder(tmp_path):
    out = tmp_path / "out"
    for text in NAMES:
        atomic_write(out / (safe_name(text) + ".html"), text.encode("utf-8", "surrogatepass"))
    files = list(tmp_path.rglob("*"))
    assert all(p.parent == out for p in files if p != out)  # no sub-folder, nothing beside out/
    assert len([p for p in files if p.is_file()]) == len(NAMES)  # nothing overwritten


def test_hostile_atlas_writes_only_inside_its_folder(tmp_path):
    kg = hostile_graph(tmp_path / "in")
    out = tmp_path / "atlas"

    def maps(kind, node_id, path):  # a map writer that records where it was asked to write
        atomic_write(path, f"{kind} {node_id}".encode())

    files = build_site(kg, out, today=TODAY, maps=maps)
    root = out.resolve()
    everything = [p for p in tmp_path.rglob("*") if p.is_file() and "in" not in p.relative_to(tmp_path).parts[:1]]
    assert sorted(everything) == sorted(files)
    assert all(root in p.resolve().parents for p in files)
    assert {p.parent.relative_to(out).as_posix() for p in files} == {
        ".",
        "units",
        "officials",
        "documents",
        "maps",
        "assets",
    }
    units = kg.nodes_of("Unit")
    assert len([p for p in files if p.parent.name == "units"]) == 2 * len(units)  # a page and a workbook each
    # a picture per unit; coordination, matrix and workload pictures; the coordination explorer
    assert len([p for p in files if p.parent.name == "maps"]) == len(units) + 4
    # the workbook downloads under the unit's name made safe
    for name in ("区/局", "../../x局"):
        uid = next(n.id for n in units if n.props["name"] == name)
        page = (out / page_file("Unit", uid)).read_text(encoding="utf-8")
        assert f'download="{safe_name(name)}.xlsx"' in page


def test_node_ids_that_clean_alike_get_two_pages(tmp_path):
    kg = KnowledgeGraph()
    for uid, name in (("区/局", "甲"), ("区\\局", "乙"), ("区_局", "丙"), ("../../x", "丁")):
        kg.add_node(uid, "Unit", name=name, kind="department", collective=False)
    files = build_site(kg, tmp_path / "site", today=TODAY)
    pages = {page_file("Unit", uid) for uid in ("区/局", "区\\局", "区_局", "../../x")}
    assert pages == {
        "units/区_局-ab08078374.html",
        "units/区_局-79547d9d70.html",
        "units/区_局.html",
        "units/x-9cdf6a5010.html",
    }
    assert {f"units/{p.name}" for p in files if p.suffix == ".html" and p.parent.name == "units"} == pages
    assert not (tmp_path / "x").exists() and [p.name for p in tmp_path.iterdir()] == ["site"]


def test_rebuild_removes_only_what_the_last_build_listed(tmp_path):
    kg = KnowledgeGraph()
    for uid, name in (("unit-a", "区财政局"), ("unit-b", "区/局")):
        kg.add_node(uid, "Unit", name=name, kind="department", collective=False)
    out = tmp_path / "site"
    build_site(kg, out, today=TODAY, maps=lambda kind, node_id, path: atomic_write(path, b"map"))
    assert (out / map_file("unit", "unit-b")).is_file()
    mine = [out / "notes.txt", out / "units" / "mine.html", out / "maps" / "my-map.html"]
    for p in mine:
        p.write_text("mine", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("keep", encoding="utf-8")
    # a manifest that names files outside the folder (edited, or from elsewhere) is not followed
    with (out / MANIFEST).open("a", encoding="utf-8") as fh:
        fh.write("../outside.txt\nnotes.txt\n")
    del kg.nodes["unit-b"]
    files = build_site(kg, out, today=TODAY, maps=lambda kind, node_id, path: atomic_write(path, b"map"))
    assert not (out / page_file("Unit", "unit-b")).exists() and not (out / map_file("unit", "unit-b")).exists()
    assert not (out / "units" / "unit-b.xlsx").exists()
    assert outside.read_text(encoding="utf-8") == "keep"
    # notes.txt was listed by the edited manifest: a listed file the new build does not write goes
    assert not (out / "notes.txt").exists()
    assert all(p.read_text(encoding="utf-8") == "mine" for p in mine[1:])
    listed = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert listed == sorted(
        p.relative_to(out).as_posix() for p in files if p.name != MANIFEST and p.name != "my-map.html"
    )


def test_replace_outputs_refuses_files_outside(tmp_path):
    import pytest

    with pytest.raises(ValueError):
        replace_outputs(tmp_path / "a", [tmp_path / "b" / "x.html"])
