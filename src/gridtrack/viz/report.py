"""The run report: one self-contained HTML page about a lake.

Sections are built by functions registered with :func:`register_section`; each receives a
:class:`ReportContext` and returns a :class:`Section`, or ``None`` to leave itself out.
Built in: what was ingested (games, plays, rows per season and source, quarantine reasons),
the quality summary (where the lake has a ``quality`` table), headline leaderboards (where
it has stat tables, ``stats_*``), model evaluation (where it has ``models/``), and a few
animated plays. Later stages (the stat catalogue, models) add or replace sections by
registering their own under the same name.

Plotly's JavaScript is written once into the page, so it opens offline.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
from plotly.offline import get_plotlyjs

from gridtrack.io.lake import scan_lake
from gridtrack.schema import TABLES, Dataset
from gridtrack.viz.animation import animate_play
from gridtrack.viz.charts import distribution_chart, leaderboard_chart
from gridtrack.viz.play import load_play

STAT_PREFIX = "stats_"
"""Lake folders holding stat tables (``stats_play``, ``stats_player``, …)."""
MODELS_DIR = "models"
QUALITY_TABLE = "quality"
MIN_ROWS = 3
"""Rows (plays, games) a player needs to appear on a leaderboard."""
KEYS = {"game_id", "play_id", "frame_id", "nfl_id", "season", "week"}


@dataclass
class Section:
    """One part of the report: a title and its HTML body."""

    title: str
    body: str
    anchor: str = ""


@dataclass
class ReportContext:
    """What section builders share: the lake, its tables, and figure embedding."""

    lake: Path
    dataset: Dataset
    n_plays: int = 3
    figures: int = field(default=0)

    def folders(self) -> list[str]:
        """Names of the lake's table folders."""
        return sorted(
            p.name for p in self.lake.iterdir() if p.is_dir() and not p.name.startswith(".")
        )

    def scan_folder(self, name: str) -> pl.LazyFrame | None:
        """A lake folder of Parquet files as one lazy frame (None where empty)."""
        files = sorted((self.lake / name).rglob("*.parquet"))
        if not files:
            return None
        return pl.concat(
            [pl.scan_parquet(f, hive_partitioning=False) for f in files], how="diagonal_relaxed"
        )

    def figure(self, fig: go.Figure) -> str:
        """A figure as an HTML fragment (Plotly's JavaScript is in the page head)."""
        self.figures += 1
        return fig.to_html(
            full_html=False,
            include_plotlyjs=False,
            auto_play=False,
            div_id=f"figure-{self.figures}",
        )


SectionBuilder = Callable[[ReportContext], Section | None]
_SECTIONS: dict[str, tuple[float, SectionBuilder]] = {}


def register_section(
    name: str, *, order: float = 50.0
) -> Callable[[SectionBuilder], SectionBuilder]:
    """Register a report section builder under ``name`` (replacing any with that name);
    sections appear by ascending ``order``."""

    def wrap(builder: SectionBuilder) -> SectionBuilder:
        _SECTIONS[name] = (order, builder)
        return builder

    return wrap


def sections() -> list[str]:
    """Names of the registered sections, in report order."""
    return [name for name, _ in sorted(_SECTIONS.items(), key=lambda kv: kv[1][0])]


def table_html(frame: pl.DataFrame, *, limit: int = 50, floats: int = 2) -> str:
    """A frame as an HTML table (first ``limit`` rows), values escaped."""
    rows = frame.head(limit)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in rows.columns)

    plain = {c for c in rows.columns if c in KEYS or c.endswith("_id") or c == "quarter"}

    def cell(v: object, column: str) -> str:
        if v is None:
            return ""
        if isinstance(v, float):
            return f"{v:,.{floats}f}"
        if isinstance(v, int) and not isinstance(v, bool) and column not in plain:
            return f"{v:,}"
        return html.escape(str(v))

    body = "".join(
        "<tr>"
        + "".join(f"<td>{cell(v, c)}</td>" for v, c in zip(row, rows.columns, strict=True))
        + "</tr>"
        for row in rows.iter_rows()
    )
    more = (
        f"<p class='note'>{frame.height - limit:,} more rows not shown.</p>"
        if frame.height > limit
        else ""
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def note(text: str) -> str:
    return f"<p class='note'>{html.escape(text)}</p>"


# -- built-in sections ------------------------------------------------------------------


@register_section("ingest", order=10)
def ingest_section(ctx: ReportContext) -> Section:
    """Games, plays and rows stored, per season; quarantine reasons per source file."""
    ds = ctx.dataset
    per_game = ds.tracking.group_by("game_id").agg(
        pl.len().alias("rows"), pl.col("play_id").n_unique().alias("tracked_plays")
    )
    games, per_game, plays, quarantine = pl.collect_all(
        [ds.games, per_game, ds.plays, ds.quarantine]
    )
    joined = games.join(per_game, on="game_id", how="left").with_columns(
        pl.col("rows").fill_null(0), pl.col("tracked_plays").fill_null(0)
    )
    source_col = next((c for c in ("source", "format") if c in joined.columns), None)
    by = ["season", *([source_col] if source_col else [])]
    per_season = (
        joined.group_by(by)
        .agg(
            pl.len().alias("games"),
            (pl.col("tracked_plays") > 0).sum().alias("games_with_tracking"),
            pl.col("tracked_plays").sum().alias("tracked_plays"),
            pl.col("rows").sum().alias("tracking_rows"),
        )
        .sort(by)
    )
    n_rows = int(joined.get_column("rows").sum() or 0)
    head = (
        f"<div class='cards'><div><b>{games.height:,}</b> games</div>"
        f"<div><b>{plays.height:,}</b> plays</div>"
        f"<div><b>{int(per_game.get_column('tracked_plays').sum() or 0):,}</b> plays with "
        f"tracking</div><div><b>{n_rows:,}</b> tracking rows</div>"
        f"<div><b>{quarantine.height:,}</b> rows quarantined</div></div>"
    )
    parts = [head, "<h3>Per season</h3>", table_html(per_season)]
    if plays.height and "play_type" in plays.columns:
        kinds = plays.group_by("play_type").len("plays").sort("plays", descending=True)
        parts += ["<h3>Plays by type</h3>", table_html(kinds)]
    tracked = joined.filter(pl.col("rows") > 0)
    cols = [
        c
        for c in (
            "game_id",
            "season",
            "week",
            "season_type",
            "away_club",
            "home_club",
            "game_date",
            "tracked_plays",
            "rows",
        )
        if c in tracked.columns
    ]
    parts += ["<h3>Games with tracking</h3>", table_html(tracked.select(cols).sort("game_id"))]
    parts.append("<h3>Quarantine</h3>")
    if quarantine.height:
        reasons = (
            quarantine.with_columns(
                pl.col("reason")
                .str.split(" = (")
                .list.first()
                .str.split(", found")
                .list.first()
                .alias("reason")
            )
            .group_by("source", "reason")
            .len("rows")
            .sort("rows", descending=True)
        )
        parts.append(table_html(reasons))
    else:
        parts.append(note("No rows were set aside while reading."))
    return Section("What was ingested", "".join(parts), "ingest")


@register_section("quality", order=20)
def quality_section(ctx: ReportContext) -> Section:
    """The quality summary, where the lake holds a ``quality`` table: decisions per check
    and per game, and the plays with the most findings."""
    lf = ctx.scan_folder(QUALITY_TABLE)
    if lf is None:
        return Section(
            "Data quality",
            note("No quality table in this lake (the cleaning step writes one)."),
            "quality",
        )
    spec = TABLES.get(QUALITY_TABLE)
    quality = spec.conform(lf) if spec is not None else lf
    try:
        from gridtrack.clean import report as summaries
    except ImportError:  # an older cleaning step: show the table as it is
        return Section("Data quality", table_html(quality.collect(), limit=60), "quality")
    checks = summaries.per_check(quality)
    parts = ["<h3>Per check</h3>", table_html(checks)]
    if checks.height:
        fig = go.Figure(
            go.Bar(
                x=checks.get_column("check").to_list(),
                y=checks.get_column("rows").to_list(),
                marker_color="#3F7D3A",
            )
        )
        fig.update_layout(
            title="Quality decisions per check",
            template="plotly_white",
            width=800,
            height=360,
            yaxis_title="rows",
        )
        parts.append(ctx.figure(fig))
    parts += ["<h3>Per game</h3>", table_html(summaries.per_game(quality, ctx.dataset.tracking))]
    if hasattr(summaries, "worst_plays"):
        parts += [
            "<h3>Plays with the most findings</h3>",
            table_html(summaries.worst_plays(quality)),
        ]
    return Section("Data quality", "".join(parts), "quality")


HEADLINE_COUNT = 4
"""Stats shown per stat table."""
HEADLINE_STATS: dict[str, list[str]] = {
    "stats_player_play": ["max_speed", "separation_at_throw", "get_off", "distance_travelled"],
    "stats_play": ["time_to_throw", "time_to_pressure", "min_distance_to_qb", "box_defenders"],
}
"""Catalogue stats shown first, per stat table (others: those with the most values)."""
LOWER_IS_BETTER = {"get_off", "time_to_throw", "time_to_pressure", "min_distance_to_qb"}


def _player_label() -> pl.Expr:
    """``"Name (WR, 12345)"``: names alone repeat (anonymised samples, namesakes)."""
    return pl.format(
        "{} ({}, {})",
        pl.col("display_name").fill_null("?"),
        pl.col("position").fill_null("?"),
        pl.col("nfl_id"),
    ).alias("display_name")


def _unit(stat: str, level: str) -> str:
    """The catalogue's unit of ``stat`` (empty where the catalogue does not know it)."""
    try:
        from gridtrack.stats.registry import REGISTRY

        return REGISTRY.get(stat, level).unit
    except Exception:  # the catalogue is optional here: no unit then
        return ""


def _long_leaders(ctx: ReportContext, name: str, lf: pl.LazyFrame, players: pl.DataFrame):
    """Leaderboards of a long stat table (``stat``, ``value``): :data:`HEADLINE_STATS`
    first, then the stats with the most values; per player (mean over his plays) where the
    table has ``nfl_id``, else the distribution over plays."""
    level = name.removeprefix(STAT_PREFIX)
    counts = (
        lf.group_by("stat")
        .agg(pl.len().alias("n"))
        .sort(["n", "stat"], descending=[True, False])
        .collect()
        .get_column("stat")
        .to_list()
    )
    preferred = [s for s in HEADLINE_STATS.get(name, []) if s in counts]
    top = (preferred + [s for s in counts if s not in preferred])[:HEADLINE_COUNT]
    parts = []
    for stat in top:
        values = lf.filter(pl.col("stat") == stat)
        unit = _unit(stat, level)
        if "nfl_id" in values.collect_schema().names():
            per_player = (
                values.group_by("nfl_id")
                .agg(pl.len().alias("plays"), pl.col("value").mean().alias(stat))
                .filter(pl.col("plays") >= pl.col("plays").max().clip(upper_bound=MIN_ROWS))
                .collect()
                .join(players, on="nfl_id", how="left")
                .with_columns(_player_label())
            )
            chart = leaderboard_chart(
                per_player,
                stat,
                unit=unit,
                title=f"{name}: {stat}",
                ascending=stat in LOWER_IS_BETTER,
            )
            parts.append(ctx.figure(chart))
        else:
            parts.append(
                ctx.figure(
                    distribution_chart(
                        values.collect(), "value", unit=unit, title=f"{name}: {stat}"
                    )
                )
            )
    return parts


@register_section("leaderboards", order=30)
def leaderboards_section(ctx: ReportContext) -> Section:
    """Leaderboards from the lake's stat tables (``stats_*``). Long tables (``stat``,
    ``value``) show their :data:`HEADLINE_COUNT` most common stats; wide player tables
    rank each numeric column. Per player: the mean over his rows, players with at least
    :data:`MIN_ROWS` rows (fewer where no player has that many)."""
    folders = [f for f in ctx.folders() if f.startswith(STAT_PREFIX)]
    if not folders:
        return Section(
            "Leaderboards",
            note(
                "No stat tables in this lake yet: leaderboards appear once the stat "
                "catalogue has run (gridtrack stats --lake ...)."
            ),
            "leaderboards",
        )
    players = ctx.dataset.players.select("nfl_id", "display_name", "position").collect()
    parts = []
    for name in folders:
        lf = ctx.scan_folder(name)
        if lf is None:
            continue
        schema = lf.collect_schema()
        parts.append(f"<h3>{html.escape(name)}</h3>")
        if "stat" in schema and "value" in schema:
            parts += _long_leaders(ctx, name, lf, players)
            continue
        stats = [c for c, t in schema.items() if t.is_numeric() and c not in KEYS]
        if "nfl_id" not in schema or not stats:
            parts.append(note(f"{name}: no player-level numeric stats to rank."))
            continue
        shown = stats[:HEADLINE_COUNT]
        per_player = (
            lf.group_by("nfl_id")
            .agg(pl.len().alias("n"), *[pl.col(c).mean() for c in shown])
            .filter(pl.col("n") >= pl.col("n").max().clip(upper_bound=MIN_ROWS))
            .collect()
            .join(players, on="nfl_id", how="left")
            .with_columns(
                pl.coalesce("display_name", pl.col("nfl_id").cast(pl.String)).alias("display_name")
            )
        )
        for c in shown:
            parts.append(ctx.figure(leaderboard_chart(per_player, c, title=f"{name}: {c}")))
        parts.append(ctx.figure(distribution_chart(per_player, shown[0])))
    return Section("Leaderboards", "".join(parts), "leaderboards")


@register_section("models", order=40)
def models_section(ctx: ReportContext) -> Section:
    """Model evaluation files under ``models/`` (``*eval*.json`` metrics as tables,
    ``*eval*.parquet`` tables; a predicted-vs-observed plot where such columns exist)."""
    root = ctx.lake / MODELS_DIR
    files = (
        sorted(p for p in root.rglob("*") if p.is_file() and "eval" in p.name.lower())
        if root.is_dir()
        else []
    )
    if not files:
        return Section(
            "Models",
            note(
                "No model evaluations in this lake yet: plots appear "
                "once models have been trained and evaluated."
            ),
            "models",
        )
    parts = []
    for path in files:
        rel = path.relative_to(root)
        parts.append(f"<h3>{html.escape(str(rel))}</h3>")
        if path.suffix == ".json":
            data = json.loads(path.read_text())
            flat = (
                pl.DataFrame(
                    {
                        "metric": list(map(str, data)),
                        "value": [
                            json.dumps(v) if isinstance(v, dict | list) else str(v)
                            for v in data.values()
                        ],
                    }
                )
                if isinstance(data, dict)
                else pl.DataFrame({"value": [json.dumps(data)]})
            )
            parts.append(table_html(flat))
        elif path.suffix == ".parquet":
            frame = pl.read_parquet(path)
            parts.append(table_html(frame, limit=20))
            pred = next(
                (c for c in ("predicted", "prediction", "y_pred") if c in frame.columns), None
            )
            obs = next((c for c in ("observed", "actual", "y_true") if c in frame.columns), None)
            if pred and obs:
                fig = go.Figure(go.Scatter(x=frame[pred], y=frame[obs], mode="markers+lines"))
                fig.update_layout(
                    title=f"{obs} against {pred}",
                    xaxis_title=pred,
                    yaxis_title=obs,
                    template="plotly_white",
                    width=600,
                    height=420,
                )
                parts.append(ctx.figure(fig))
    return Section("Models", "".join(parts), "models")


def pick_plays(dataset: Dataset, n: int) -> list[tuple[int, int]]:
    """Plays worth watching: the longest gains among plays with at least 2 s of tracking,
    else the longest tracked plays."""
    frames = (
        dataset.tracking.group_by("game_id", "play_id")
        .agg(pl.col("frame_id").n_unique().alias("frames"))
        .filter(pl.col("frames") >= 20)
    )
    plays = dataset.plays.select("game_id", "play_id", "yards_gained")
    ranked = (
        frames.join(plays, on=["game_id", "play_id"], how="left")
        .sort(["yards_gained", "frames"], descending=True, nulls_last=True)
        .head(n)
        .collect()
    )
    return [(int(g), int(p)) for g, p in ranked.select("game_id", "play_id").iter_rows()]


@register_section("plays", order=60)
def plays_section(ctx: ReportContext) -> Section:
    """A few animated plays (cropped to the action, separation lines on)."""
    chosen = pick_plays(ctx.dataset, ctx.n_plays)
    if not chosen:
        return Section("Plays", note("No tracked plays to animate."), "plays")
    parts = []
    for game_id, play_id in chosen:
        play = load_play(ctx.dataset, game_id, play_id)
        fig = animate_play(play, ["separation"], crop=True, width=960)
        parts.append(f"<h3>Game {game_id}, play {play_id}</h3>" + ctx.figure(fig))
    return Section("Plays", "".join(parts), "plays")


# -- the page -----------------------------------------------------------------------------

CSS = """
body { font-family: -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; margin: 0;
       color: #1d2733; background: #f5f7f9; }
header { background: #1f3d1c; color: white; padding: 18px 32px; }
header h1 { margin: 0; font-size: 24px; } header p { margin: 4px 0 0; opacity: .8; }
nav { padding: 8px 32px; background: #e8ece8; } nav a { margin-right: 16px; color: #1f3d1c; }
main { padding: 8px 32px 40px; } section { background: white; border-radius: 8px;
       padding: 8px 20px 20px; margin: 18px 0; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
table { border-collapse: collapse; font-size: 13px; margin: 6px 0; }
th, td { border-bottom: 1px solid #e3e7ea; padding: 4px 10px; text-align: right; }
th { background: #f0f3f5; } td:first-child, th:first-child { text-align: left; }
.note { color: #5b6770; font-style: italic; }
.cards { display: flex; gap: 14px; flex-wrap: wrap; margin: 12px 0; }
.cards div { background: #eef4ee; border-radius: 6px; padding: 10px 16px; }
.cards b { font-size: 20px; display: block; }
"""


def build_report(lake: str | Path, *, n_plays: int = 3, title: str = "gridtrack run report") -> str:
    """The report of the lake at ``lake`` as one self-contained HTML document."""
    lake = Path(lake)
    ctx = ReportContext(lake=lake, dataset=scan_lake(lake), n_plays=n_plays)
    built: list[Section] = []
    for name in sections():
        section = _SECTIONS[name][1](ctx)
        if section is not None:
            section.anchor = section.anchor or name
            built.append(section)
    nav = "".join(f"<a href='#{s.anchor}'>{html.escape(s.title)}</a>" for s in built)
    body = "".join(
        f"<section id='{s.anchor}'><h2>{html.escape(s.title)}</h2>{s.body}</section>" for s in built
    )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{CSS}</style>"
        f"<script type='text/javascript'>{get_plotlyjs()}</script></head><body>"
        f"<header><h1>{html.escape(title)}</h1><p>lake {html.escape(str(lake.resolve()))} · "
        f"{stamp}</p></header><nav>{nav}</nav><main>{body}</main></body></html>"
    )


def write_report(lake: str | Path, out: str | Path, *, n_plays: int = 3) -> Path:
    """Write :func:`build_report` to ``out`` (UTF-8); returns the path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build_report(lake, n_plays=n_plays), encoding="utf-8")
    return out
