"""Evaluation reports: the metrics of a model next to its baseline, as text and as a PNG.

Segments (see :func:`gridtrack.models.training.score`): ``all`` — every example, weighted to
undo outcome-selected samples (the population estimate); ``full`` — plays of fully tracked
games, unweighted (an unbiased sample); ``partial`` — plays of partially tracked games
(highlights), unweighted, as sampled.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from gridtrack.models import metrics as M
from gridtrack.models.spec import ModelSpec, Task

BINARY_METRICS = ("n", "observed", "mean_pred", "auc", "log_loss", "brier", "wce")
REGRESSION_METRICS = ("n", "observed", "mean_pred", "rmse", "mae", "crps")
LOWER_IS_BETTER = {"log_loss", "brier", "wce", "rmse", "mae", "crps"}
SEGMENT_NAMES = {
    "all": "all plays (weighted as in training)",
    "full": "full games (unweighted)",
    "partial": "partial games / highlights (unweighted)",
}


def metrics_table(spec: ModelSpec, metrics: dict[str, dict[str, dict[str, float]]]) -> str:
    """Model vs baseline per segment, one line per metric, the better value marked ``*``."""
    names = BINARY_METRICS if spec.task is Task.BINARY else REGRESSION_METRICS
    lines = []
    for segment, by_model in metrics.items():
        lines.append(f"  {SEGMENT_NAMES.get(segment, segment)}")
        lines.append(f"    {'metric':<10} {'model':>10} {'baseline':>10}")
        for name in names:
            a = by_model.get("model", {}).get(name)
            b = by_model.get("baseline", {}).get(name)
            if a is None and b is None:
                continue
            mark_a = mark_b = " "
            if (name in LOWER_IS_BETTER or name == "auc") and a is not None and b is not None:
                better_a = (a < b) if name in LOWER_IS_BETTER else (a > b)
                if a != b:
                    mark_a, mark_b = ("*", " ") if better_a else (" ", "*")
            lines.append(f"    {name:<10} {_fmt(a):>10}{mark_a}{_fmt(b):>10}{mark_b}")
    return "\n".join(lines)


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, int):
        return str(v)
    return f"{v:.4f}"


def calibration_text(table: pl.DataFrame) -> str:
    """A calibration table as fixed-width text."""
    lines = [f"    {'bin':<11} {'n':>5} {'pred':>7} {'obs':>7} {'gap':>7}"]
    for r in table.iter_rows(named=True):
        lines.append(
            f"    {r['bin_lo']:.2f}–{r['bin_hi']:.2f}  {r['n']:>5} {r['mean_pred']:>7.3f} "
            f"{r['observed']:>7.3f} {r['abs_gap']:>7.3f}"
        )
    return "\n".join(lines)


def text_report(
    spec: ModelSpec,
    *,
    title: str,
    metrics: dict[str, dict[str, dict[str, float]]],
    frame: pl.DataFrame | None = None,
    ranking: pl.DataFrame | None = None,
    notes: list[str] | None = None,
    top: int = 12,
) -> str:
    """The full text report: header, metrics, calibration (binary) and feature ranking."""
    out = [title, "=" * len(title)]
    out += notes or []
    out += ["", "metrics (* = better of model and baseline)", metrics_table(spec, metrics)]
    if frame is not None and spec.task is Task.BINARY:
        y = frame[spec.label].to_numpy().astype(float)
        w = frame["weight"].to_numpy() if "weight" in frame.columns else None
        table = M.calibration_table(y, frame[spec.output].to_numpy(), w)
        out += ["", "calibration of the model, all plays (weighted), bins of 0.05"]
        out.append(calibration_text(table))
    if ranking is not None and ranking.height:
        out += ["", f"feature ranking (top {min(top, ranking.height)} of {ranking.height})"]
        out.append(f"    {'#':>3} {'feature':<26} {'shap share':>10} {'gain share':>10}")
        for r in ranking.head(top).iter_rows(named=True):
            out.append(
                f"    {r['rank']:>3} {r['feature']:<26} {r['shap_share']:>10.3f} "
                f"{r['gain_share']:>10.3f}"
            )
    return "\n".join(out) + "\n"


def plot_report(spec: ModelSpec, frame: pl.DataFrame, path: str | Path, *, title: str = "") -> Path:
    """Write a PNG: reliability diagram and prediction histogram (binary), or predicted vs
    observed and residual histograms (regression), model and baseline overlaid."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    base_col = f"{spec.output}_baseline"
    y = frame[spec.label].to_numpy().astype(float)
    w = frame["weight"].to_numpy() if "weight" in frame.columns else np.ones(len(y))
    series = {"model": frame[spec.output].to_numpy()}
    if base_col in frame.columns:
        series["baseline"] = frame[base_col].to_numpy()
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.6))
    colors = {"model": "#1f5fa8", "baseline": "#d9822b"}
    if spec.task is Task.BINARY:
        ax = axes[0]
        ax.plot([0, 1], [0, 1], color="0.6", lw=1, ls="--")
        for name, p in series.items():
            t = M.calibration_table(y, p, w, width=0.1)
            ax.plot(
                t["mean_pred"],
                t["observed"],
                marker="o",
                color=colors[name],
                label=f"{name} (WCE {M.weighted_calibration_error(y, p, w):.3f}, "
                f"log loss {M.log_loss(y, p, w):.3f})",
            )
        ax.set(xlabel=f"predicted {spec.output}", ylabel=f"observed rate of {spec.label}")
        ax.set(xlim=(0, 1), ylim=(0, 1), title="reliability (weighted)")
        ax.legend(fontsize=8, loc="upper left")
        ax = axes[1]
        for name, p in series.items():
            ax.hist(p, bins=20, range=(0, 1), alpha=0.5, color=colors[name], label=name)
        ax.set(xlabel=f"predicted {spec.output}", ylabel="plays", title="predictions")
        ax.legend(fontsize=8)
    else:
        ax = axes[0]
        lo, hi = float(np.nanmin(y)), float(np.nanmax(y))
        ax.plot([lo, hi], [lo, hi], color="0.6", lw=1, ls="--")
        for name, p in series.items():
            ax.scatter(
                p,
                y,
                s=12,
                alpha=0.6,
                color=colors[name],
                label=f"{name} (RMSE {M.rmse(y, p, w):.2f})",
            )
        ax.set(xlabel=f"predicted {spec.output} (yd)", ylabel=f"observed {spec.label} (yd)")
        ax.set(title="predicted vs observed")
        ax.legend(fontsize=8)
        ax = axes[1]
        for name, p in series.items():
            ax.hist(y - p, bins=30, alpha=0.5, color=colors[name], label=name)
        ax.set(xlabel="observed − predicted (yd)", ylabel="plays", title="residuals")
        ax.legend(fontsize=8)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
