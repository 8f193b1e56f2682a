"""A small drawing surface in pixels (y down) with two outputs: SVG written directly (fast, text kept
as text, byte-stable) and PNG drawn by matplotlib from the same shapes.

The briefing pictures (:mod:`fengong.viz.slides`) lay out every shape themselves, so they need no
plotting library to draw SVG: an atlas of a hundred unit pictures takes a second, not a minute.

>>> c = Canvas(200, 100)
>>> c.text(10, 50, "区<水务>局", size=14, anchor="start")
>>> c.line([(0, 0), (200, 100)], color="#333", width=2)
>>> print(c.svg().splitlines()[3])
<text x="10" y="50" font-size="14" text-anchor="start" dominant-baseline="central" fill="#222">区&lt;水务&gt;局</text>
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from fengong.viz.safe import html_text

__all__ = ["Canvas", "FONT_STACK", "text_width"]

#: fonts named in the SVG, so a slide opened elsewhere finds a Chinese font
FONT_STACK = "'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
_PT_PER_PX = 0.72  # matplotlib at 100 dpi


def text_width(text: str, size: float) -> float:
    """An estimate of a label's width in px: CJK and full-width characters 1 em, others 0.55 em.

    >>> text_width("区水务局 12", 10)
    56.5
    """
    return sum(size if ord(ch) > 0x2E7F else 0.55 * size for ch in text)


def _num(v: float) -> str:
    """A coordinate as SVG text: at most one decimal, no trailing zeros (stable bytes)."""
    text = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass
class Canvas:
    """Shapes in pixel coordinates; :meth:`svg` and :meth:`png` draw them."""

    width: int
    height: int
    shapes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def line(
        self,
        points: list[tuple[float, float]],
        color: str = "#555",
        width: float = 1.0,
        alpha: float = 1.0,
        dashed: bool = False,
    ) -> None:
        self.shapes.append(("line", dict(points=points, color=color, width=width, alpha=alpha, dashed=dashed)))

    def circle(self, x: float, y: float, r: float, color: str, stroke: str = "#ffffff", title: str = "") -> None:
        self.shapes.append(("circle", dict(x=x, y=y, r=r, color=color, stroke=stroke, title=title)))

    def diamond(self, x: float, y: float, r: float, color: str, title: str = "") -> None:
        self.shapes.append(
            ("polygon", dict(points=[(x, y - r), (x + r, y), (x, y + r), (x - r, y)], color=color, title=title))
        )

    def rect(
        self, x: float, y: float, w: float, h: float, color: str, stroke: str = "", radius: float = 0, title: str = ""
    ) -> None:
        self.shapes.append(("rect", dict(x=x, y=y, w=w, h=h, color=color, stroke=stroke, radius=radius, title=title)))

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float = 15,
        anchor: str = "start",
        color: str = "#222",
        rotate: float = 0,
        baseline: str = "central",
        title: str = "",
    ) -> None:
        """A label; ``anchor`` start/middle/end, ``baseline`` central or alphabetic, ``rotate`` in degrees
        (counter-clockwise, about the anchor point)."""
        self.shapes.append(
            (
                "text",
                dict(
                    x=x,
                    y=y,
                    text=text,
                    size=size,
                    anchor=anchor,
                    color=color,
                    rotate=rotate,
                    baseline=baseline,
                    title=title,
                ),
            )
        )

    # ------------------------------------------------------------ SVG

    def svg(self) -> str:
        """The picture as a standalone SVG document (UTF-8 text)."""
        out = [
            '<?xml version="1.0" encoding="utf-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{self.height}" '
            f'viewBox="0 0 {self.width} {self.height}" font-family="{FONT_STACK.replace(chr(39), "&apos;")}">',
            f'<rect width="{self.width}" height="{self.height}" fill="#ffffff"/>',
        ]
        for kind, s in self.shapes:
            element = getattr(self, f"_svg_{kind}")(s)
            if s.get("title"):
                element = f"<g><title>{html_text(s['title'])}</title>{element}</g>"
            out.append(element)
        out.append("</svg>")
        return "\n".join(out) + "\n"

    @staticmethod
    def _svg_line(s: dict) -> str:
        points = " ".join(f"{_num(x)},{_num(y)}" for x, y in s["points"])
        extra = ' stroke-dasharray="6 4"' if s["dashed"] else ""
        opacity = f' stroke-opacity="{s["alpha"]:.2f}"' if s["alpha"] < 1 else ""
        return (
            f'<polyline points="{points}" fill="none" stroke="{s["color"]}" stroke-width="{_num(s["width"])}"'
            f' stroke-linecap="round"{opacity}{extra}/>'
        )

    @staticmethod
    def _svg_circle(s: dict) -> str:
        stroke = f' stroke="{s["stroke"]}" stroke-width="1.5"' if s["stroke"] else ""
        return f'<circle cx="{_num(s["x"])}" cy="{_num(s["y"])}" r="{_num(s["r"])}" fill="{s["color"]}"{stroke}/>'

    @staticmethod
    def _svg_polygon(s: dict) -> str:
        points = " ".join(f"{_num(x)},{_num(y)}" for x, y in s["points"])
        return f'<polygon points="{points}" fill="{s["color"]}"/>'

    @staticmethod
    def _svg_rect(s: dict) -> str:
        stroke = f' stroke="{s["stroke"]}" stroke-width="2"' if s["stroke"] else ""
        radius = f' rx="{_num(s["radius"])}"' if s["radius"] else ""
        return (
            f'<rect x="{_num(s["x"])}" y="{_num(s["y"])}" width="{_num(s["w"])}" height="{_num(s["h"])}"'
            f'{radius} fill="{s["color"]}"{stroke}/>'
        )

    @staticmethod
    def _svg_text(s: dict) -> str:
        rotate = f' transform="rotate({_num(-s["rotate"])} {_num(s["x"])} {_num(s["y"])})"' if s["rotate"] else ""
        return (
            f'<text x="{_num(s["x"])}" y="{_num(s["y"])}" font-size="{_num(s["size"])}" '
            f'text-anchor="{s["anchor"]}" dominant-baseline="{s["baseline"]}" fill="{s["color"]}"{rotate}>'
            f"{html_text(s['text'])}</text>"
        )

    # ------------------------------------------------------------ PNG (matplotlib)

    def png(self, scale: float = 1.0) -> bytes:
        """The picture as PNG (``width`` × ``height`` px, times ``scale``), drawn by matplotlib with a
        Chinese font."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib import patches

        from fengong.viz.fonts import use_cjk_font
        from fengong.viz.safe import visible

        use_cjk_font()
        fig = plt.figure(figsize=(self.width / 100, self.height / 100), dpi=100)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, self.width)
        ax.set_ylim(self.height, 0)
        ax.set_axis_off()
        try:
            for z, (kind, s) in enumerate(self.shapes):
                if kind == "line":
                    xs, ys = zip(*s["points"])
                    ax.plot(
                        xs,
                        ys,
                        color=s["color"],
                        lw=s["width"] * _PT_PER_PX,
                        alpha=s["alpha"],
                        zorder=z,
                        ls="--" if s["dashed"] else "-",
                        solid_capstyle="round",
                    )
                elif kind == "circle":
                    ax.add_patch(
                        patches.Circle(
                            (s["x"], s["y"]),
                            s["r"],
                            facecolor=s["color"],
                            edgecolor=s["stroke"] or "none",
                            lw=1.1,
                            zorder=z,
                        )
                    )
                elif kind == "polygon":
                    ax.add_patch(patches.Polygon(s["points"], closed=True, facecolor=s["color"], zorder=z))
                elif kind == "rect":
                    box = (
                        patches.FancyBboxPatch(
                            (s["x"], s["y"]), s["w"], s["h"], boxstyle=f"round,pad=0,rounding_size={s['radius']}"
                        )
                        if s["radius"]
                        else patches.Rectangle((s["x"], s["y"]), s["w"], s["h"])
                    )
                    box.set(facecolor=s["color"], edgecolor=s["stroke"] or "none", lw=1.5, zorder=z)
                    ax.add_patch(box)
                else:
                    ax.text(
                        s["x"],
                        s["y"],
                        visible(s["text"]),
                        fontsize=s["size"] * _PT_PER_PX,
                        color=s["color"],
                        ha={"start": "left", "middle": "center", "end": "right"}[s["anchor"]],
                        va="center_baseline" if s["baseline"] == "central" else "baseline",
                        rotation=s["rotate"],
                        rotation_mode="anchor",
                        zorder=z,
                        parse_math=False,
                    )
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=100 * scale, metadata={"Software": None})
        finally:
            plt.close(fig)
        return buf.getvalue()
