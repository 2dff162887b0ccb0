"""Horizontal grouped bar charts as one small, dependency-free SVG (for the README and the site).

A figure stacks panels that share their labels (requests per second above, CPU per request
below), so a row sits at the same height in both. The SVG carries a <title> and a <desc> for
screen readers, since the bars themselves say nothing to one.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

COLOURS = ["#0a58ca", "#d97706", "#15803d", "#a40e26"]
LABEL_WIDTH, BAR_HEIGHT, GAP, WIDTH = 210, 14, 10, 860


@dataclass
class Panel:
    heading: str
    series: dict[str, list[float]]  # legend -> one value per label
    digits: int = 0  # decimals of the values printed at the bars' ends


def panel(labels: list[str], chart: Panel, top: float) -> tuple[list[str], float]:
    """One panel's SVG elements from `top` down, and the height it took."""
    parts = [
        f'<text x="10" y="{top + 16}" font-size="13" font-weight="700" fill="#1f2328">'
        f"{escape(chart.heading)}</text>"
    ]
    x = LABEL_WIDTH
    for number, name in enumerate(chart.series):
        colour = COLOURS[number % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="{top + 26}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="{top + 36}" fill="#1f2328">{escape(name)}</text>')
        x += 16 + 8 * len(name) + 24
    bars_top = top + 52
    group = BAR_HEIGHT * len(chart.series) + GAP
    peak = max((v for values in chart.series.values() for v in values), default=1) or 1
    scale = (WIDTH - LABEL_WIDTH - 90) / peak
    for row, label in enumerate(labels):
        y = bars_top + row * group
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + group / 2}" text-anchor="end" '
            f'fill="#1f2328">{escape(label)}</text>'
        )
        for number, values in enumerate(chart.series.values()):
            value, bar_y = values[row], y + number * BAR_HEIGHT
            colour = COLOURS[number % len(COLOURS)]
            length = max(1.0, value * scale)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{length:.1f}" '
                f'height="{BAR_HEIGHT - 2}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{bar_y + BAR_HEIGHT - 3}" '
                f'fill="#57606a">{value:,.{chart.digits}f}</text>'
            )
    return parts, bars_top - top + group * len(labels) + 16


def figure(labels: list[str], panels: list[Panel], title: str, desc: str) -> str:
    """The panels one under the other, under one title; `desc` says in words what they show."""
    body: list[str] = []
    top = 30.0
    for chart in panels:
        parts, height = panel(labels, chart, top)
        body += parts
        top += height
    height = int(top + 4)
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="system-ui, sans-serif" font-size="12" '
        'role="img" aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(desc)}</desc>',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="20" font-size="15" font-weight="700" fill="#1f2328">'
        f"{escape(title)}</text>",
    ]
    return "\n".join([*head, *body, "</svg>"]) + "\n"
