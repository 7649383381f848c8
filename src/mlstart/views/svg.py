"""Charts as inline SVG (no library, no script): bars, progress bars, a timeline, a stage ladder.

Every chart is `<svg role="img">` with a <title> and a <desc> that states the data in words (the
text alternative), labelled axes, and colours that carry no meaning on their own.
"""

from __future__ import annotations

import itertools
from datetime import datetime
from html import escape
from typing import Any

_ids = itertools.count(1)
WIDTH = 640
LEFT = 110
COLOURS = ("#3867d6", "#20bf6b", "#f7b731", "#8854d0", "#eb3b5a")


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _frame(title: str, desc: str, height: int, body: list[str]) -> str:
    number = next(_ids)
    tid, did = f"chart{number}-title", f"chart{number}-desc"
    return "\n".join(
        [
            f'<svg class="chart" role="img" aria-labelledby="{tid} {did}" width="{WIDTH}" '
            f'height="{height}" viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">',
            f'<title id="{tid}">{_e(title)}</title>',
            f'<desc id="{did}">{_e(desc)}</desc>',
            *body,
            "</svg>",
        ]
    )


def _text(x: float, y: float, text: str, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{klass}>{_e(text)}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, cls: str = "axis") -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="{cls}"/>'


def _rect(x: float, y: float, w: float, h: float, colour: str, label: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" '
        f'fill="{colour}"><title>{_e(label)}</title></rect>'
    )


def bar_chart(title: str, items: list[tuple[str, int]], x_label: str, y_label: str) -> str:
    """Vertical bars: a count per category (e.g. students per phase)."""
    height, top, bottom = 260, 20, 200
    top_value = max([v for _, v in items] + [1])
    step = (WIDTH - LEFT - 20) / max(len(items), 1)
    body = [_line(LEFT, top, LEFT, bottom), _line(LEFT, bottom, WIDTH - 10, bottom)]
    for tick in sorted({0, top_value // 2, top_value}):
        y = bottom - (bottom - top) * tick / top_value
        body += [_line(LEFT - 4, y, LEFT, y), _text(LEFT - 8, y + 4, str(tick), "end")]
    for index, (label, value) in enumerate(items):
        x = LEFT + index * step + step * 0.15
        h = (bottom - top) * value / top_value
        body.append(_rect(x, bottom - h, step * 0.7, h, COLOURS[index % 5], f"{label}: {value}"))
        body.append(_text(x + step * 0.35, bottom - h - 4, str(value), "middle"))
        body.append(_text(x + step * 0.35, bottom + 16, label, "middle"))
    body.append(_text((LEFT + WIDTH) / 2, height - 18, x_label, "middle", "label"))
    body.append(
        f'<text x="16" y="{(top + bottom) / 2:.0f}" text-anchor="middle" class="label" '
        f'transform="rotate(-90 16 {(top + bottom) / 2:.0f})">{_e(y_label)}</text>'
    )
    desc = f"{title}. " + "; ".join(f"{label}: {value}" for label, value in items) + "."
    return _frame(title, desc, height, body)


def progress_chart(title: str, items: list[tuple[str, int, int]], x_label: str) -> str:
    """Horizontal bars: done out of total per row (e.g. required tasks per phase), 0-100 %."""
    row_h, top, left = 28, 10, 190
    bottom = top + row_h * len(items)
    height = bottom + 46
    span = WIDTH - left - 60
    body = []
    for index, (label, done, total) in enumerate(items):
        y = top + index * row_h
        share = done / total if total else 0.0
        body.append(_rect(left, y + 5, span, row_h - 10, "#e1e5ee", f"{label}: {total} in all"))
        body.append(
            _rect(
                left,
                y + 5,
                span * share,
                row_h - 10,
                COLOURS[index % 5],
                f"{label}: {done} of {total}",
            )
        )
        body.append(_text(left - 8, y + row_h / 2 + 4, label, "end"))
        body.append(_text(left + span + 6, y + row_h / 2 + 4, f"{done}/{total}"))
    body += [_line(left, top, left, bottom), _line(left, bottom, left + span, bottom)]
    for pct in (0, 50, 100):
        x = left + span * pct / 100
        body += [_line(x, bottom, x, bottom + 4), _text(x, bottom + 16, f"{pct} %", "middle")]
    body.append(_text(left + span / 2, height - 8, x_label, "middle", "label"))
    desc = f"{title}. " + "; ".join(f"{label}: {d} of {t}" for label, d, t in items) + "."
    return _frame(title, desc, height, body)


def timeline(
    title: str,
    spans: list[tuple[str, datetime, datetime]],
    marks: list[tuple[datetime, str]],
    lanes: tuple[str, ...],
) -> str:
    """Phases over time: one lane per phase, a bar for each stay, a mark for each loop-back."""
    row_h, top = 26, 10
    bottom = top + row_h * len(lanes)
    height = bottom + 50
    span = WIDTH - LEFT - 20
    times = [t for _, a, b in spans for t in (a, b)] + [t for t, _ in marks]
    start, end = (min(times), max(times)) if times else (datetime.now(), datetime.now())
    total = max((end - start).total_seconds(), 1.0)

    def x_of(when: datetime) -> float:
        return LEFT + span * (when - start).total_seconds() / total

    body = [_line(LEFT, top, LEFT, bottom), _line(LEFT, bottom, LEFT + span, bottom)]
    for index, lane in enumerate(lanes):
        body.append(_text(LEFT - 8, top + index * row_h + row_h / 2 + 4, lane, "end"))
    for phase, a, b in spans:
        y = top + lanes.index(phase) * row_h + 5
        width = max(x_of(b) - x_of(a), 3)
        label = f"{phase}: {a:%Y-%m-%d} to {b:%Y-%m-%d}"
        body.append(_rect(x_of(a), y, width, row_h - 10, COLOURS[lanes.index(phase) % 5], label))
    for when, label in marks:
        body.append(_line(x_of(when), top, x_of(when), bottom, "mark"))
        body.append(_text(x_of(when) + 3, top + 10, f"back: {label}", cls="small"))
    body.append(_text(LEFT, bottom + 16, f"{start:%Y-%m-%d}", "start"))
    body.append(_text(LEFT + span, bottom + 16, f"{end:%Y-%m-%d}", "end"))
    body.append(_text(LEFT + span / 2, height - 8, "date", "middle", "label"))
    words = [f"{p} from {a:%Y-%m-%d} to {b:%Y-%m-%d}" for p, a, b in spans]
    words += [f"loop-back on {t:%Y-%m-%d}: {label}" for t, label in marks]
    desc = f"{title}. " + ("; ".join(words) or "no recorded phase changes") + "."
    return _frame(title, desc, height, body)


def ladder(
    title: str,
    stages: list[tuple[str, float | None]],
    lines: list[tuple[str, float]],
    metric: str,
) -> str:
    """The stage ladder: each stage's metric as a bar, the target and minimum useful as lines."""
    height, top, bottom = 260, 20, 200
    values = [v for _, v in stages if v is not None] + [v for _, v in lines]
    top_value = max([*values, 1e-09]) * 1.15
    step = (WIDTH - LEFT - 20) / max(len(stages), 1)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * max(value, 0) / top_value

    body = [_line(LEFT, top, LEFT, bottom), _line(LEFT, bottom, WIDTH - 10, bottom)]
    for tick in (0.0, top_value / 2, top_value):
        body += [
            _line(LEFT - 4, y_of(tick), LEFT, y_of(tick)),
            _text(LEFT - 8, y_of(tick) + 4, f"{tick:.3g}", "end"),
        ]
    for index, (stage, value) in enumerate(stages):
        x = LEFT + index * step + step * 0.2
        if value is None:
            body.append(_text(x + step * 0.3, bottom - 6, "not measured", "middle", "small"))
        else:
            body.append(
                _rect(
                    x,
                    y_of(value),
                    step * 0.6,
                    bottom - y_of(value),
                    COLOURS[index % 5],
                    f"{stage}: {metric} {value:g}",
                )
            )
            body.append(_text(x + step * 0.3, y_of(value) - 4, f"{value:g}", "middle"))
        body.append(_text(x + step * 0.3, bottom + 16, stage, "middle"))
    for name, value in lines:
        body.append(_line(LEFT, y_of(value), WIDTH - 10, y_of(value), "target"))
        body.append(_text(WIDTH - 12, y_of(value) - 4, f"{name} {value:g}", "end", "small"))
    body.append(_text((LEFT + WIDTH) / 2, height - 18, "stage", "middle", "label"))
    body.append(
        f'<text x="16" y="{(top + bottom) / 2:.0f}" text-anchor="middle" class="label" '
        f'transform="rotate(-90 16 {(top + bottom) / 2:.0f})">{_e(metric)}</text>'
    )
    words = [f"{s}: {'not measured' if v is None else f'{v:g}'}" for s, v in stages]
    words += [f"{name}: {value:g}" for name, value in lines]
    return _frame(title, f"{title} ({metric}). " + "; ".join(words) + ".", height, body)
