"""Writing figures as self-contained HTML (Plotly's JavaScript inside the file: opens
offline)."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go


def write_html(fig: go.Figure, out: str | Path) -> Path:
    """Write ``fig`` to ``out`` as one self-contained HTML page; returns the path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.write_html(
        out, include_plotlyjs=True, full_html=True, auto_play=False, config={"displaylogo": False}
    )
    return out
