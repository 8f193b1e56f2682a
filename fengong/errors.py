"""fengong's exceptions: one small tree under :class:`FengongError`."""

from __future__ import annotations


class FengongError(Exception):
    """Base class of every error fengong raises on purpose."""


class InputError(FengongError):
    """An input file cannot be read as a document (encoding, binary data, missing file)."""


class LayoutError(FengongError):
    """A document's layout is not one fengong knows, or a layout parser met text it cannot take."""
