"""Which government a document belongs to: the county-level jurisdiction (区/县/旗/县级市).

Units and officials are resolved within a jurisdiction: 区发改委 in Tongzhou and
区发改委 in Daxing are different units. The city or province prefix is dropped so that
"北京市通州区人民政府" and "通州区政府" agree.

>>> jurisdiction_from_text("北京市通州区人民政府")
'通州区'
>>> jurisdiction_from_text("通州区政府2022年度日常履职考核事项完成情况自查表")
'通州区'
>>> jurisdiction_from_text("一图读懂政府工作报告") is None
True
"""
from __future__ import annotations

import re

from fengong.build.records import Document

__all__ = ["jurisdiction_from_text", "jurisdiction_of"]

_GOV = re.compile(
    r"(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?(?:[\u4e00-\u9fff]{2,7}?市)?"
    r"([\u4e00-\u9fff]{1,6}?(?:区|县|旗|市))(?:人民政府|政府|委员会|区委|县委|办公室)"
)


def jurisdiction_from_text(text: str | None) -> str | None:
    """The county-level jurisdiction named by a government's name at the start of ``text``."""
    if not text:
        return None
    m = _GOV.match(text.strip())
    return m.group(1) if m else None


def jurisdiction_of(document: Document, parent: Document | None = None) -> str | None:
    """The jurisdiction of a document: from its issuer, else its title, else its parent's."""
    for text in (document.issuer, document.title):
        j = jurisdiction_from_text(text)
        if j:
            return j
    if parent is not None:
        return jurisdiction_of(parent)
    return None
