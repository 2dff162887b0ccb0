"""A horizontal grouped bar chart as a small, dependency-free SVG (for the README and the site)."""

from __future__ import annotations

from html import escape

COLOURS = ["#0a58ca", "#d97706", "#15803d", "#a40e26"]


def bar_chart(labels: list[str], series: dict[str, list[float]], title: str) -> str:
    """One group of bars per label, one bar per series; values printed at the bars' ends."""
    label_width, bar_height, gap, width = 210, 14, 10, 860
    top = 56
    group = bar_height * len(series) + gap
    height = top + group * len(labels) + 20
    peak = max((v for values in series.values() for v in values), default=1) or 1
    scale = (width - label_width - 90) / peak
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="system-ui, sans-serif" font-size="12" '
        f'role="img" aria-label="{escape(title)}">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="20" font-size="15" font-weight="700" fill="#1f2328">'
        f"{escape(title)}</text>",
    ]
    x = label_width
    for number, name in enumerate(series):
        colour = COLOURS[number % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="30" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="40" fill="#1f2328">{escape(name)}</text>')
        x += 16 + 8 * len(name) + 24
    for row, label in enumerate(labels):
        y = top + row * group
        parts.append(
            f'<text x="{label_width - 8}" y="{y + group / 2}" text-anchor="end" '
            f'fill="#1f2328">{escape(label)}</text>'
        )
        for number, values in enumerate(series.values()):
            value, bar_y = values[row], y + number * bar_height
            colour = COLOURS[number % len(COLOURS)]
            length = max(1.0, value * scale)
            parts.append(
                f'<rect x="{label_width}" y="{bar_y}" width="{length:.1f}" '
                f'height="{bar_height - 2}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{label_width + length + 4:.1f}" y="{bar_y + bar_height - 3}" '
                f'fill="#57606a">{value:,.0f}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
