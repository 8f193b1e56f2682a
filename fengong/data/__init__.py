"""Data shipped with fengong: the sample corpus (``seeds/``)."""

from __future__ import annotations

from pathlib import Path

SAMPLE_CORPUS = Path(__file__).parent / "seeds"
