"""Model commands: ``train``, ``evaluate``, ``predict``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gridtrack.cli._app import LakeOption, app, console
from gridtrack.errors import OptionError
from gridtrack.models import MODELS
from gridtrack.pipeline import evaluate_bundle, predict_bundle, train_model

BundleArg = Annotated[Path, typer.Argument(help="Model bundle folder (from `gridtrack train`).")]


@app.command("train")
def train_command(
    model: Annotated[str, typer.Argument(help=f"Model to train: {', '.join(MODELS)}.")],
    lake: LakeOption = Path("lake"),
    out: Annotated[Path, typer.Option("--out", help="Bundle folder to write.")] = Path("bundle"),
    backend: Annotated[str, typer.Option(help="lightgbm or xgboost.")] = "lightgbm",
    folds: Annotated[int, typer.Option(help="Cross-validation folds (grouped by game).")] = 5,
    seed: Annotated[int, typer.Option(help="Seed of folds and boosting.")] = 0,
    top_k: Annotated[
        int | None, typer.Option("--top-k", help="Keep the K best features (SHAP) and retrain.")
    ] = None,
    weighting: Annotated[
        str,
        typer.Option(
            help="auto (train on full games only when the lake has two or more, else "
            "selection), exclude-partial, selection (reweight partial games' outcomes), none."
        ),
    ] = "auto",
    n_estimators: Annotated[
        int | None, typer.Option(help="Boosting rounds (default: scaled to the data).")
    ] = None,
) -> None:
    """Train a model on a lake with game-grouped cross-validation; write a bundle."""
    if backend not in ("lightgbm", "xgboost"):
        raise OptionError(f"unknown backend {backend!r}; choose lightgbm or xgboost")
    params = {"n_estimators": n_estimators} if n_estimators else None
    outcome = train_model(
        model,
        lake,
        out,
        backend=backend,  # type: ignore[arg-type]
        n_splits=folds,
        seed=seed,
        top_k=top_k,
        weighting=weighting,
        params=params,
    )
    console.print(outcome.report, highlight=False, markup=False)
    console.print(f"bundle written to {outcome.bundle}", highlight=False)


@app.command("evaluate")
def evaluate_command(
    bundle: BundleArg,
    lake: LakeOption = Path("lake"),
    plot: Annotated[Path | None, typer.Option(help="Also write the report plot (PNG).")] = None,
) -> None:
    """Score a bundle's model and its baseline on a lake's labelled plays."""
    text, _ = evaluate_bundle(bundle, lake, plot=plot)
    console.print(text, highlight=False, markup=False)
    if plot is not None:
        console.print(f"plot written to {plot}", highlight=False)


@app.command("predict")
def predict_command(
    bundle: BundleArg,
    lake: LakeOption = Path("lake"),
    out: Annotated[Path, typer.Option("--out", help="Parquet file to write.")] = Path(
        "predictions.parquet"
    ),
) -> None:
    """Predict every example of a lake with a bundle (its model's prediction columns, with
    the ids of the players it credits) into Parquet."""
    frame = predict_bundle(bundle, lake, out)
    console.print(f"{frame.height:,} predictions written to {out}", highlight=False)
