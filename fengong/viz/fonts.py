"""A font for Chinese labels in matplotlib, so plots of unit names show no tofu boxes (□).

matplotlib's own font (DejaVu Sans) has no Chinese characters, and a fresh Debian machine has no
CJK font either. fengong depends on the PyPI package ``pylopdf-fonts-zh-cn``, which ships Noto
Sans SC Regular (Simplified Chinese, SIL Open Font License 1.1; the ``Sans/SubsetOTF/SC`` file of
github.com/notofonts/noto-cjk, 8.3 MB), and registers it with matplotlib here. Should that package
be missing, a Noto Sans CJK SC / Source Han Sans SC / WenQuanYi font found on the system is used.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> use_cjk_font()
'Noto Sans SC'
>>> import matplotlib.pyplot as plt
>>> plt.rcParams["font.sans-serif"][0]
'Noto Sans SC'
>>> cjk_font_path().suffix
'.otf'
"""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["cjk_font_path", "use_cjk_font", "CJK_FAMILIES"]

#: Simplified-Chinese-capable families looked for on the system when the packaged font is missing
CJK_FAMILIES = (
    "Noto Sans SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)


def _packaged() -> Path | None:
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    return path if path.is_file() else None


def _system() -> Path | None:
    from matplotlib import font_manager

    wanted = {f.casefold(): i for i, f in enumerate(CJK_FAMILIES)}
    found = sorted(
        (wanted[f.name.casefold()], f.fname)
        for f in font_manager.fontManager.ttflist
        if f.name.casefold() in wanted and f.style == "normal"
    )
    return Path(found[0][1]) if found else None


@functools.cache
def cjk_font_path() -> Path:
    """The file of a Simplified-Chinese-capable font: Noto Sans SC from ``pylopdf-fonts-zh-cn``,
    else a CJK font installed on the system.

    Raises
    ------
    FileNotFoundError
        When neither is there (with how to install one).
    """
    path = _packaged() or _system()
    if path is None:
        raise FileNotFoundError(
            "no Chinese font for matplotlib: pip install pylopdf-fonts-zh-cn (or apt-get install fonts-noto-cjk)"
        )
    return path


def use_cjk_font() -> str:
    """Register :func:`cjk_font_path` with matplotlib's font manager and put its family first in
    ``rcParams["font.sans-serif"]`` (and the sans-serif family first in ``font.family``), so
    Chinese and Latin text both draw with it; returns the family name. Calling it again changes
    nothing more (also after ``plt.rcdefaults()``, which it simply re-applies).
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    path = cjk_font_path()
    if not any(Path(f.fname) == path for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    sans = [f for f in mpl.rcParams["font.sans-serif"] if f != name]
    mpl.rcParams["font.sans-serif"] = [name, *sans]
    family = [f for f in mpl.rcParams["font.family"] if f != "sans-serif"]
    mpl.rcParams["font.family"] = ["sans-serif", *family]
    return name
