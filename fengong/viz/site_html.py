"""Small pieces of the atlas's pages: escaped text, file names of pages and pictures, collapsed task
texts, figures and embedded data (used by :mod:`fengong.viz.site`)."""

from __future__ import annotations

import re

import pandas as pd

from fengong.files import safe_name
from fengong.viz.safe import html_text, script_json

__all__ = ["page_file", "map_file", "KIND_LABELS", "STATUS_LABELS", "ROLE_LABELS"]

_FOLDERS = {"Unit": "units", "Official": "officials", "Document": "documents"}

KIND_LABELS = {
    "government": "人民政府 government",
    "department": "委办局 department",
    "township": "街道乡镇 township",
    "municipal_branch": "市属分局 city branch",
    "company": "国有企业 company",
    "task_force": "专班 task force",
    "committee": "委员会/领导小组 committee",
    "collective": "集合 collective",
    "other": "其他 other",
}
STATUS_LABELS = {
    "upcoming": "未到期 upcoming",
    "ongoing": "长期 ongoing",
    "none": "无时限 no deadline",
    "past": "已过期 past",
}
ROLE_LABELS = {"responsible": "主责 Responsible", "assisting": "协办 Assisting"}


def _kind_label(kind: str | None) -> str:
    """A unit kind in Chinese and English (the key itself for a kind the labels do not know)."""
    return KIND_LABELS.get(kind, kind) if kind else ""


def _e(value) -> str:
    """HTML-escaped text ('' for missing values; see :func:`fengong.viz.safe.html_text`)."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html_text(value)


def _slug(node_id: str) -> str:
    """A file-name-safe stand-in for a node id (:func:`fengong.files.safe_name`): fengong's ids
    (``unit-<hex>``) as they are, anything else cleaned and suffixed with a hash."""
    return safe_name(node_id)


def page_file(node_type: str, node_id: str) -> str:
    """The page of a node, relative to the site folder.

    >>> page_file("Unit", "unit-4b3c5a31d1fbf1e3"), page_file("Unit", "../../x")
    ('units/unit-4b3c5a31d1fbf1e3.html', 'units/x-9cdf6a5010.html')
    """
    return f"{_FOLDERS[node_type]}/{_slug(node_id)}.html"


def map_file(kind: str, node_id: str | None = None, suffix: str = "svg") -> str:
    """Where the atlas expects a picture or map, relative to the site folder: ``maps/unit-<id>.svg``
    for a unit's picture, ``maps/coordination.svg`` (``matrix``, ``workload``) for the corpus's, and
    ``maps/coordination.html`` (``suffix="html"``) for the coordination explorer.

    >>> map_file("unit", "unit-4b3c5a31d1fbf1e3"), map_file("coordination", suffix="html")
    ('maps/unit-unit-4b3c5a31d1fbf1e3.svg', 'maps/coordination.html')
    """
    return f"maps/{kind}.{suffix}" if node_id is None else f"maps/{kind}-{_slug(node_id)}.{suffix}"


def _long_text(text) -> str:
    """A task's text for a table cell: a long one collapsed to its first sentence, the rest on demand
    (and in print).

    >>> _long_text("短任务。")
    '短任务。'
    >>> print(_long_text("做好第一件事。" + "然后做第二件事" * 10))  # doctest: +ELLIPSIS
    <details class="long"><summary>做好第一件事。</summary><span class="rest">然后做第二件事...</span></details>
    """
    text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    if len(text) <= _SHORT_TEXT:
        return _e(text)
    m = re.search(r"[。；;！？]", text[:_SHORT_TEXT])
    cut = m.end() if m and m.end() >= 6 else _SHORT_TEXT
    return (
        f'<details class="long"><summary>{_e(text[:cut])}</summary><span class="rest">{_e(text[cut:])}</span></details>'
    )


_SHORT_TEXT = 60  # characters a task's text may have before it is collapsed


def _figure(src: str, alt: str, caption: str, lazy: bool = False) -> str:
    """A picture of the atlas (an SVG file beside the pages), linked to itself at full size."""
    loading = ' loading="lazy"' if lazy else ""
    return (
        f'<figure class="picture"><a href="{_e(src)}"><img src="{_e(src)}" alt="{_e(alt)}" width="960" '
        f'height="540"{loading}></a><figcaption class="muted">{_e(caption)}</figcaption></figure>'
    )


def _json_script(element_id: str, data) -> str:
    """Data for scripts, safe inside HTML (see :func:`fengong.viz.safe.script_json`)."""
    return f'<script type="application/json" id="{element_id}">{script_json(data, sort_keys=True)}</script>'
