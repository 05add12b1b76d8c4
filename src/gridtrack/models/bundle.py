"""Versioned model bundles: a folder holding everything needed to reuse a trained model.

Layout of ``BUNDLE/``::

    manifest.json        format and model versions, backend, parameters, features with
                         dtypes, feature-schema hash, training data summary, metrics,
                         library versions, creation time
    model.txt|model.json the tracking model's booster (LightGBM text / XGBoost JSON)
    baseline.txt|.json   the play-by-play baseline's booster
    residuals.json       the residual quantiles of distributional models
    ranking.csv          feature ranking (gain, SHAP) of the candidates
    oof.parquet          out-of-fold predictions of the training examples
    leaders_*.parquet    over-expected leaderboards (one per role of the spec)
    report.txt, report.png

The feature-schema hash is SHA-256 over the ordered ``name:dtype`` list of the model's and
the baseline's inputs, together with the model name and version. :meth:`Bundle.check`
compares the features a Dataset yields with the manifest and raises
:class:`FeatureMismatchError` naming every missing, extra or retyped column.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from gridtrack.errors import BundleError, FeatureMismatchError
from gridtrack.models.estimators import DistributionalRegressor, GBMClassifier
from gridtrack.models.registry import get_model
from gridtrack.models.spec import ModelSpec

FORMAT = "gridtrack-model-bundle"
FORMAT_VERSION = 1
LIBRARIES = ("gridtrack", "polars", "numpy", "lightgbm", "xgboost", "scikit-learn")


def library_versions() -> dict[str, str]:
    """Installed versions of the libraries a bundle depends on, and Python's."""
    out = {"python": platform.python_version()}
    for name in LIBRARIES:
        for dist in (name, f"{name}-cpu"):  # xgboost ships as xgboost-cpu too
            try:
                out[name] = metadata.version(dist)
                break
            except metadata.PackageNotFoundError:
                out[name] = "not installed"
    return out


def feature_schema(frame: pl.DataFrame, columns: list[str]) -> list[dict[str, str]]:
    """``[{name, dtype}]`` of ``columns`` in ``frame`` (dtype as polars writes it)."""
    return [{"name": c, "dtype": str(frame.schema[c])} for c in columns]


def schema_hash(spec_name: str, version: str, schemas: dict[str, list[dict[str, str]]]) -> str:
    """SHA-256 of the model name, version and every ``name:dtype`` of its inputs."""
    parts = [f"{spec_name}@{version}"]
    for role in sorted(schemas):
        parts.append(role + "=" + ",".join(f"{f['name']}:{f['dtype']}" for f in schemas[role]))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def training_summary(frame: pl.DataFrame, spec: ModelSpec, features: list[str]) -> dict[str, Any]:
    """Rows, games, coverage, label summary and per-feature mean/std/min/max/null share."""
    y = frame[spec.label].cast(pl.Float64)
    stats = {}
    for c in features:
        s = frame[c].cast(pl.Float64)
        stats[c] = {
            "mean": s.mean(),
            "std": s.std(),
            "min": s.min(),
            "max": s.max(),
            "null_share": s.null_count() / max(frame.height, 1),
        }
    return {
        "rows": frame.height,
        "games": frame["game_id"].n_unique(),
        "coverage": dict(frame["coverage"].value_counts().iter_rows())
        if "coverage" in frame.columns
        else {},
        "label": {"name": spec.label, "mean": y.mean(), "std": y.std()},
        "features": stats,
    }


@dataclass
class Bundle:
    """A loaded model bundle: the manifest, the spec, the fitted model and baseline."""

    path: Path
    manifest: dict[str, Any]
    spec: ModelSpec
    model: GBMClassifier | DistributionalRegressor
    baseline: GBMClassifier | DistributionalRegressor

    @property
    def features(self) -> list[str]:
        return [f["name"] for f in self.manifest["features"]["model"]]

    @property
    def baseline_features(self) -> list[str]:
        return [f["name"] for f in self.manifest["features"]["baseline"]]

    def check(self, frame: pl.DataFrame) -> None:
        """Raise :class:`FeatureMismatchError` unless ``frame`` has the bundle's features,
        with the same dtypes (extra columns are allowed; the model reads by name)."""
        problems = []
        for role in ("model", "baseline"):
            for f in self.manifest["features"][role]:
                name, dtype = f["name"], f["dtype"]
                if name not in frame.columns:
                    problems.append(f"{role} feature {name!r} is missing")
                elif str(frame.schema[name]) != dtype:
                    problems.append(
                        f"{role} feature {name!r} has dtype {frame.schema[name]}, "
                        f"the bundle expects {dtype}"
                    )
        if problems:
            schemas = {
                role: [
                    {"name": f["name"], "dtype": str(frame.schema[f["name"]])}
                    for f in self.manifest["features"][role]
                    if f["name"] in frame.columns
                ]
                for role in ("model", "baseline")
            }
            found = schema_hash(self.spec.name, self.spec.version, schemas)
            raise FeatureMismatchError(
                f"the data's features do not match bundle {self.path} (model "
                f"{self.spec.name!r} v{self.manifest['model_version']}, feature schema "
                f"{self.manifest['feature_schema_hash'][:12]}…, data {found[:12]}…): "
                + "; ".join(problems)
            )


def _booster_name(backend: str, role: str) -> str:
    return f"{role}.txt" if backend == "lightgbm" else f"{role}.json"


def save_bundle(
    path: str | Path,
    *,
    spec: ModelSpec,
    backend: str,
    params: dict[str, Any],
    model: GBMClassifier | DistributionalRegressor,
    baseline: GBMClassifier | DistributionalRegressor,
    examples: pl.DataFrame,
    features: list[str],
    metrics: dict[str, Any],
    extra: dict[str, Any] | None = None,
    files: dict[str, pl.DataFrame | str | bytes] | None = None,
) -> Path:
    """Write a bundle folder atomically (built in a temporary folder, then renamed).

    ``files`` adds named artefacts: DataFrames are written as Parquet (``.parquet``) or
    CSV (``.csv``) by their name's suffix, strings as text, bytes as they are.
    """
    path = Path(path)
    schemas = {
        "model": feature_schema(examples, features),
        "baseline": feature_schema(examples, list(spec.baseline)),
    }
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "model": spec.name,
        "model_version": spec.version,
        "task": spec.task,
        "description": spec.description,
        "output": spec.output,
        "over": spec.over,
        "label": spec.label,
        "backend": backend,
        "params": params,
        "features": schemas,
        "feature_schema_hash": schema_hash(spec.name, spec.version, schemas),
        "training_data": training_summary(examples, spec, sorted(set(features))),
        "metrics": metrics,
        "libraries": library_versions(),
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        **(extra or {}),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-bundle-", dir=path.parent))
    try:
        (tmp / _booster_name(backend, "model")).write_bytes(model.booster_bytes())
        (tmp / _booster_name(backend, "baseline")).write_bytes(baseline.booster_bytes())
        residuals = {
            role: est.residual_quantiles_.tolist()
            for role, est in (("model", model), ("baseline", baseline))
            if isinstance(est, DistributionalRegressor)
        }
        if residuals:
            (tmp / "residuals.json").write_text(json.dumps(residuals))
        for name, content in (files or {}).items():
            target = tmp / name
            if isinstance(content, pl.DataFrame):
                if name.endswith(".csv"):
                    content.write_csv(target)
                else:
                    content.write_parquet(target)
            elif isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, default=_json))
        if path.exists():
            shutil.rmtree(path)
        tmp.rename(path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return path


def _json(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def load_bundle(path: str | Path) -> Bundle:
    """Read a bundle folder written by :func:`save_bundle`."""
    path = Path(path)
    manifest_path = path / "manifest.json"
    if not manifest_path.is_file():
        raise BundleError(f"{path}: not a model bundle (no manifest.json)")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise BundleError(f"{path}: manifest format {manifest.get('format')!r} is not {FORMAT}")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BundleError(
            f"{path}: bundle format version {manifest['format_version']} is newer than this "
            f"gridtrack reads ({FORMAT_VERSION}); upgrade gridtrack"
        )
    spec = get_model(manifest["model"])
    if manifest["model_version"] != spec.version:
        raise BundleError(
            f"{path}: model {spec.name!r} version {manifest['model_version']} was trained "
            f"with other features or labels than this gridtrack computes (version "
            f"{spec.version}); retrain it"
        )
    backend = manifest["backend"]
    residuals = (
        json.loads((path / "residuals.json").read_text())
        if (path / "residuals.json").exists()
        else {}
    )
    loaded = []
    for role in ("model", "baseline"):
        est = spec.task.estimator(backend, **manifest["params"])
        names = [f["name"] for f in manifest["features"][role]]
        est.load_booster((path / _booster_name(backend, role)).read_bytes(), names)
        if isinstance(est, DistributionalRegressor):
            est.residual_quantiles_ = np.asarray(residuals[role])
        loaded.append(est)
    return Bundle(path=path, manifest=manifest, spec=spec, model=loaded[0], baseline=loaded[1])
