"""The notebooks run end to end on the sample corpus, show what they promise, and are kept in git
without outputs; matplotlib draws Chinese with the font fengong ships."""

from __future__ import annotations

import re
import subprocess
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_documents_to_responsibilities.ipynb", "02_coordination_tongzhou_2022_2023.ipynb"]


# ---------------------------------------------------------------- the font


def test_cjk_font_is_installed_with_fengong():
    from fengong.viz.fonts import cjk_font_path

    path = cjk_font_path()
    assert path.is_file() and path.stat().st_size > 1_000_000
    assert path.suffix.lower() in (".otf", ".ttf", ".ttc")


def test_chinese_text_draws_without_missing_glyphs():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from fengong.viz.fonts import use_cjk_font

    family = use_cjk_font()
    assert use_cjk_font() == family  # idempotent
    assert matplotlib.rcParams["font.sans-serif"].count(family) == 1
    assert matplotlib.rcParams["font.sans-serif"][0] == family
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = Figure()
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.set_title("区生态环境局 · 市规划自然资源委通州分局 −3")
        ax.barh(["区住房城乡建设委", "各街道乡镇"], [35, -2])
        fig.canvas.draw()
    missing = [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    assert missing == []
    labels = [t.get_fontname() for t in ax.get_yticklabels()]
    assert set(labels) == {family}


# ---------------------------------------------------------------- the notebooks as committed


def _tracked_notebooks() -> list[str]:
    out = subprocess.run(["git", "ls-files", "notebooks/*.ipynb"], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip("not a git checkout")
    return out.stdout.split()


def test_every_notebook_is_tracked_and_tested():
    tracked = _tracked_notebooks()
    assert sorted(Path(p).name for p in tracked) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_in_git_has_no_outputs(name):
    import nbformat

    tracked = _tracked_notebooks()
    if f"notebooks/{name}" not in tracked:
        pytest.fail(f"notebooks/{name} is not in git")
    committed = subprocess.run(
        ["git", "show", f"HEAD:notebooks/{name}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for text in (committed, (NOTEBOOKS / name).read_text(encoding="utf-8")):
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [], cell.source[:60]
                assert cell.execution_count is None, cell.source[:60]


# ---------------------------------------------------------------- the notebooks run


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Each notebook executed once in a kernel of this interpreter, in a scratch folder, with the
    graph cache in a scratch folder too; returns name -> (notebook, seconds)."""
    import time

    import nbformat
    from ipykernel.kernelspec import write_kernel_spec
    from nbclient import NotebookClient

    cache = tmp_path_factory.mktemp("cache")
    # a "python3" kernel spec of this very interpreter, found first (a user's own python3 spec
    # could point at another Python)
    jupyter = tmp_path_factory.mktemp("jupyter")
    write_kernel_spec(jupyter / "kernels" / "python3")
    mp = pytest.MonkeyPatch()
    mp.setenv("JUPYTER_PATH", str(jupyter))
    mp.setenv("FENGONG_CACHE", str(cache))  # the kernel inherits the environment
    results = {}
    try:
        for name in NAMES:
            nb = nbformat.read(NOTEBOOKS / name, as_version=4)
            workdir = tmp_path_factory.mktemp(name.split("_")[0])
            client = NotebookClient(
                nb,
                kernel_name="python3",
                timeout=300,
                allow_errors=False,
                resources={"metadata": {"path": str(workdir)}},
            )
            start = time.perf_counter()
            client.execute()
            results[name] = (nb, time.perf_counter() - start)
    finally:
        mp.undo()
    return results


def _outputs(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            for out in cell.outputs:
                yield cell, out


def _text(out) -> str:
    if out.output_type == "stream":
        return out.text
    if out.output_type in ("execute_result", "display_data"):
        return out.data.get("text/plain", "") + out.data.get("text/html", "")
    return ""


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_fast_without_errors_and_draws(executed, name):
    nb, seconds = executed[name]
    assert seconds < 120, f"{name} took {seconds:.0f} s"
    outputs = [out for _, out in _outputs(nb)]
    assert not [out for out in outputs if out.output_type == "error"]
    assert not [
        out
        for out in outputs
        if out.output_type == "stream" and out.name == "stderr" and ("Glyph" in out.text or "missing from" in out.text)
    ]
    assert sum("image/png" in out.get("data", {}) for out in outputs) >= 2
    assert any("区生态环境局" in _text(out) for out in outputs)


def _output_of(nb, marker: str) -> str:
    texts = [
        "".join(_text(out) for out in cell.outputs)
        for cell in nb.cells
        if cell.cell_type == "code" and marker in cell.source
    ]
    assert len(texts) == 1, marker
    return texts[0]


def test_documents_notebook_answers(executed):
    nb, _ = executed["01_documents_to_responsibilities.ipynb"]
    assert "412 tasks" in _output_of(nb, "coverage['unparsed'].sum()")
    assert "0 unparsed lines" in _output_of(nb, "coverage['unparsed'].sum()")
    assert "区生态环境局: 117 tasks" in _output_of(nb, "TODAY = date(2023, 3, 1)")
    assert "agree on every count: True" in _output_of(nb, "both = sparql_2023")
    assert "{'主责 Responsible': 96, '协办 Assisting': 21}" in _output_of(nb, "write_answer(resp")


def test_coordination_reading_quotes_the_computed_numbers(executed):
    """Every number the key-numbers cell prints appears in the closing reading."""
    nb, _ = executed["02_coordination_tongzhou_2022_2023.ipynb"]
    printed = _output_of(nb, "key_numbers = {")
    reading = nb.cells[-1].source
    assert nb.cells[-1].cell_type == "markdown" and reading.startswith("## Reading")
    lines = [line for line in printed.splitlines() if line.strip()]
    assert len(lines) >= 20
    missing = []
    for line in lines:
        value = line.rsplit(": ", 1)[1]
        for number in re.findall(r"\d+(?:\.\d+)?", value):
            if not re.search(rf"(?<![\d.]){re.escape(number)}(?![\d]|\.\d)", reading):
                missing.append((line, number))
        for name in re.findall(r"[\u4e00-\u9fff“”]{3,}", value):
            if name not in reading:
                missing.append((line, name))
    assert missing == []


def test_notebooks_readme_names_every_notebook():
    text = (NOTEBOOKS / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert name in text
