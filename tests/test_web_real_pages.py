"""Real government web pages (gov.cn) read like their text copies: every numbered item is one rendered line.

``../shared/real/html/`` holds the original pages of four documents whose text copies (and gold) are in
``../shared/real/``. The layout parsers read the rendering line by line, so each numbered item (``一、`` /
``（一）`` / ``1.``) must start its own line, whole: not split at an inline tag (a ``<span>`` or ``<font>``
per run of text), not glued to the next paragraph, and ending with the ``（…负责）`` clause that assigns it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fengong.build.readers import read_input

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
PAGES = ("gbf2018_117_jili", "gbf2018_128_wufei", "gf2018_38_zmq", "gf2018_42_nongji")
NUMBERED = re.compile(r"^\s*(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.．、])")

# one or two items per page exactly as rendered: the number starts the line, the assignment clause closes it
EXACT = {
    "gbf2018_117_jili": [
        "二、对促进外贸、外资稳定增长，积极优化营商环境成效明显的省（区、市），在外贸转型升级基地培育中给予优先支持。"
        "（商务部负责）",
        "二十九、对开展农村人居环境整治成效明显的县（市、区、旗），在分配年度中央财政资金时予以适当倾斜。"
        "（农业农村部、财政部负责）",
    ],
    "gbf2018_128_wufei": [
        "二、主要任务",
        "（三）基本原则。",
    ],
    "gf2018_38_zmq": [
        "（九）卫生健康行政部门对自贸试验区内的社会办医疗机构配置乙类大型医用设备实行告知承诺制。（负责部门：卫生健康委）",
        "（十六）加强顶层设计，在自贸试验区探索创新政府储备与企业储备相结合的石油储备模式。"
        "（负责部门：发展改革委、粮食和储备局，适用范围：浙江自贸试验区）",
    ],
    "gf2018_42_nongji": [
        "（二）发展目标。",
        "八、强化组织领导",
    ],
}
# items printed as a heading <span>, a body <span> and a clause <span>: the line's start and end
SPANNED = {
    "gbf2018_128_wufei": [
        (
            "（一）强化顶层设计引领，发挥政府宏观指导作用。建立“无废城市”建设指标体系",
            "（生态环境部牵头，国家发展改革委、工业和信息化部、住房城乡建设部、农业农村部、国家统计局参与）",
        )
    ],
    "gf2018_42_nongji": [
        (
            "（三）完善农机装备创新体系。瞄准农业机械化需求",
            "（工业和信息化部、发展改革委、科技部、农业农村部等负责。列第一位者为牵头单位，下同）",
        ),
        (
            "（十八）健全组织实施机制。建立由农业农村部、工业和信息化部牵头",
            "重大问题及时向国务院报告。（农业农村部、工业和信息化部牵头负责）",
        ),
    ],
}


def _bare(line: str) -> str:
    return re.sub(r"\s+", "", line)


@pytest.fixture(scope="module")
def real():
    if not (REAL / "html").is_dir():
        pytest.skip(f"no real pages at {REAL / 'html'}")
    return REAL


@pytest.mark.parametrize("name", PAGES)
def test_every_numbered_item_of_the_text_copy_is_a_line_of_the_page(real, name):
    text = (real / f"{name}.txt").read_text(encoding="utf-8")
    items = [ln for ln in text.splitlines() if ln.strip() and NUMBERED.match(ln)]
    assert len(items) >= 20
    src = read_input(real / "html" / f"{name}.html")
    rendered = {_bare(ln) for ln in src.lines if ln.strip()}
    missing = [ln.strip()[:60] for ln in items if _bare(ln) not in rendered]
    assert not missing, f"{len(missing)} of {len(items)} numbered items are not a line of the page: {missing}"


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_the_document_body_as_the_text_copy_prints_it(real, name):
    """Every paragraph of the copy, in order, and nothing else: no furniture, no scripts, punctuation as printed."""
    text = (real / f"{name}.txt").read_text(encoding="utf-8")
    src = read_input(real / "html" / f"{name}.html")
    assert [_bare(ln) for ln in src.lines if ln.strip()] == [_bare(ln) for ln in text.splitlines() if ln.strip()]
    assert src.encoding == "html/utf-8"
    assert "&nbsp;" not in src.text and "&ldquo;" not in src.text and "\xa0" not in src.text
    assert "（" in src.text and "）" in src.text and "：" in src.text  # full-width, as printed


@pytest.mark.parametrize("name", PAGES)
def test_exact_lines_of_numbered_items(real, name):
    src = read_input(real / "html" / f"{name}.html")
    lines = [ln.strip() for ln in src.lines]
    for line in EXACT[name]:
        assert line in lines
        assert re.fullmatch(r"paragraph \d+", src.where(lines.index(line) + 1))  # provenance kept
    for start, end in SPANNED.get(name, []):
        hits = [ln for ln in lines if ln.startswith(start)]
        assert len(hits) == 1 and hits[0].endswith(end), hits
