"""The catalogue as a table and as the Markdown page ``docs/catalog.md``."""

from __future__ import annotations

import polars as pl

from gridtrack.play import PHASES
from gridtrack.stats.registry import REGISTRY, Registry

COLUMNS = ("name", "level", "unit", "family", "applies_to", "definition", "note")
SCHEMA: dict[str, pl.DataType] = {c: pl.String() for c in COLUMNS} | {
    "needs": pl.List(pl.String),
    "causal": pl.Boolean(),
}


def catalog_frame(registry: Registry = REGISTRY) -> pl.DataFrame:
    """One row per registered stat: name, level, unit, family, applies_to, definition, note,
    what its kernel ``needs`` (roles, phases, stats; sorted) and whether it is ``causal``."""
    return pl.DataFrame(
        [
            {c: getattr(d, c) for c in COLUMNS} | {"needs": sorted(d.needs), "causal": d.causal}
            for d in registry
        ],
        schema=SCHEMA,
        orient="row",
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def catalog_markdown(registry: Registry = REGISTRY) -> str:
    """The catalogue page: a summary, then one table per family."""
    frame = catalog_frame(registry)
    counts = frame.group_by("level").len().sort("level").iter_rows()
    lines = [
        "# Stat catalogue",
        "",
        "Generated from the registry (`gridtrack catalog --markdown > docs/catalog.md`); do not",
        "edit by hand. Units: yd, s, yd/s, yd/s^2, deg; `flag` is 0/1, `count` a number of",
        "players or events. Coordinates are standardized: the offense moves toward +x, the",
        "line of scrimmage is `los`, Δt = 0.1 s. Phases: "
        + ", ".join(f"`{p}`" for p in PHASES)
        + ".",
        "",
        f"**{frame.height} stats**: " + ", ".join(f"{n} at the {lvl} level" for lvl, n in counts),
        "",
    ]
    for family in dict.fromkeys(frame["family"]):
        rows = frame.filter(pl.col("family") == family)
        needs = ", ".join(f"`{n}`" for n in rows["needs"][0]) or "nothing but the tracking"
        timing = "causal (frame t needs frames ≤ t)" if rows["causal"][0] else "the whole play"
        lines += [
            f"## {family} ({rows.height})",
            "",
            f"Needs: {needs}. Computed from {timing}.",
            "",
            "| name | level | unit | applies to | definition | may be null |",
            "|---|---|---|---|---|---|",
        ]
        for r in rows.iter_rows(named=True):
            lines.append(
                f"| `{r['name']}` | {r['level']} | {r['unit']} | {r['applies_to']} | "
                f"{_cell(r['definition'])} | {_cell(r['note'])} |"
            )
        lines.append("")
    return "\n".join(lines)
