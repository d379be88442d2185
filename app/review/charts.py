"""Server-rendered SVG charts: no script, they print cleanly, and each carries a title and description for
screen readers (the page also shows the same figures as a table)."""

from __future__ import annotations

from html import escape

COLOURS = ["#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c"]  # distinguishable, print in greyscale too
PATTERN_NOTE = "Bars are stacked by channel in the order of the legend."


def weekly_bars(weeks: list[dict], channels: list[str], labels: dict[str, str], *, title: str) -> str:
    width, height, left, bottom, top = 680, 240, 36, 42, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    totals = [sum(w.get(c, 0) for c in channels) for w in weeks]
    peak = max([1, *totals])
    step = plot_w / max(1, len(weeks))
    bar = max(2.0, step * 0.7)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(_describe(weeks, channels, labels, totals))} {PATTERN_NOTE}</desc>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="#555"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="11">{peak}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" font-size="11">0</text>',
    ]
    for index, week in enumerate(weeks):
        x = left + index * step + (step - bar) / 2
        y = top + plot_h
        for colour, channel in zip(COLOURS, channels, strict=False):
            count = week.get(channel, 0)
            if not count:
                continue
            h = plot_h * count / peak
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
                         f'<title>Week of {escape(week["week"])}: {count} on {escape(labels.get(channel, channel))}'
                         f'</title></rect>')
        if len(weeks) <= 14 or index % max(1, len(weeks) // 8) == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 14}" text-anchor="middle" '
                         f'font-size="10">{escape(week["week"][5:])}</text>')
    for index, channel in enumerate(channels):
        x = left + index * 150
        parts.append(f'<rect x="{x}" y="{height - 16}" width="10" height="10" fill="{COLOURS[index % 5]}"/>'
                     f'<text x="{x + 14}" y="{height - 7}" font-size="11">{escape(labels.get(channel, channel))}'
                     '</text>')
    parts.append("</svg>")
    return "".join(parts)


def _describe(weeks: list[dict], channels: list[str], labels: dict[str, str], totals: list[int]) -> str:
    if not any(totals):
        return "No posts were published in this period."
    busiest = max(range(len(weeks)), key=lambda i: totals[i])
    by_channel = ", ".join(f"{sum(w.get(c, 0) for w in weeks)} on {labels.get(c, c)}" for c in channels)
    return (f"{sum(totals)} posts published over {len(weeks)} weeks ({by_channel}); the busiest week began "
            f"{weeks[busiest]['week']} with {totals[busiest]}.")
