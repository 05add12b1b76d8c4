"""The stat catalogue on the real samples: coverage, plausibility, agreement with records."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

import gridtrack
from gridtrack.cli import app
from gridtrack.io.catalog import catalog_path
from gridtrack.pipeline import compute_lake, leaders
from gridtrack.schema import MAX_PLAYER_SPEED
from gridtrack.stats import REGISTRY, compute_stats, frame_stats

APPLY = {
    "pass": ("pass", "sack"),
    "run": ("run",),
    "special_teams": ("kickoff", "punt", "field_goal", "extra_point"),
}
TIME_SERIES = ("bdb2019", "bdb2023_sample", "ngs_highlights", "sportradar_ngs")


@pytest.fixture(scope="module")
def lake(real_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A lake with the BDB 2019 game and the BDB 2023 sample, stats computed."""
    root = tmp_path_factory.mktemp("stats-lake")
    gridtrack.ingest([real_data / "bdb2019", real_data / "bdb2023_sample"], root)
    compute_lake(root)
    return root


class Samples:
    """Stats of each time-series sample, computed on first use (lazily per source)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache: dict[str, dict[str, pl.DataFrame]] = {}
        self.canonical: dict[str, dict[str, pl.DataFrame]] = {}

    def __getitem__(self, source: str) -> dict[str, pl.DataFrame]:
        if source not in self.cache:
            tables = gridtrack.read_tracking(self.root / source).collect()
            self.canonical[source] = tables
            play, player = compute_stats(
                tables["tracking"], tables["plays"], tables["key_frames"], tables["players"]
            )
            tracked = tables["key_frames"].select("game_id", "play_id")
            self.cache[source] = {
                "plays": tables["plays"].join(tracked, on=["game_id", "play_id"], how="semi"),
                "play": play,
                "player": player,
            }
        return self.cache[source]

    def tables(self, source: str) -> dict[str, pl.DataFrame]:
        """The canonical tables of ``source``, as read for its stats."""
        self[source]
        return self.canonical[source]

    def values(self) -> list[dict[str, pl.DataFrame]]:
        return [self[s] for s in TIME_SERIES]

    def items(self) -> list[tuple[str, dict[str, pl.DataFrame]]]:
        return [(s, self[s]) for s in TIME_SERIES]


@pytest.fixture(scope="module")
def computed(real_data: Path) -> Samples:
    return Samples(real_data)


def _wide(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Plays with one column per play stat; recorded columns sharing a stat's name get the
    suffix ``_recorded``."""
    wide = tables["play"].pivot(on="stat", index=["game_id", "play_id"], values="value")
    plays = tables["plays"]
    clash = {c: f"{c}_recorded" for c in plays.columns if c in wide.columns and "_id" not in c}
    return plays.rename(clash).join(wide, on=["game_id", "play_id"], how="left")


def test_every_stat_covers_the_plays_it_applies_to(computed):
    """Non-null on ≥ 90% of the plays it applies to, or the registry says why."""
    plays = pl.concat(
        [c["plays"].select("game_id", "play_id", "play_type") for c in computed.values()]
    )
    have = pl.concat(
        [
            c[level].select("game_id", "play_id", "stat").unique().with_columns(lvl=pl.lit(name))
            for c in computed.values()
            for level, name in (("play", "play"), ("player", "player_play"))
        ]
    )
    seen = set(have.select("lvl", "stat").unique().iter_rows())
    short = []
    for stat in REGISTRY:
        if stat.level == "frame":  # computed on demand: test_frame_stats_cover_the_frames
            continue
        types = APPLY.get(stat.applies_to)
        applicable = plays if types is None else plays.filter(pl.col("play_type").is_in(types))
        hits = have.filter((pl.col("lvl") == stat.level) & (pl.col("stat") == stat.name))
        share = hits.join(applicable, on=["game_id", "play_id"], how="semi").height / max(
            applicable.height, 1
        )
        if share < 0.9 and not stat.note:
            short.append((stat.level, stat.name, round(share, 2)))
        assert stat.key in seen or stat.name.startswith("orientation"), f"{stat.key} never computed"
    assert not short, f"stats below 90% coverage without a note: {short}"


def test_frame_stats_cover_the_frames(computed):
    """Every frame stat non-null on ≥ 90% of the player-frames of each time-series sample;
    the frame speed's maximum from the snap to the end is the player-play max_speed."""
    for source in TIME_SERIES:
        t = computed.tables(source)
        frames = frame_stats(t["tracking"], t["plays"], t["key_frames"], t["players"])
        on_field = t["tracking"].filter(pl.col("nfl_id").is_not_null() & pl.col("x").is_not_null())
        assert frames.height == on_field.height, source
        coverage = frames.select(pl.col(REGISTRY.names("frame")).is_not_null().mean()).row(0)
        assert min(coverage) >= 0.9, (source, coverage)
        if source == "bdb2019":
            phase = t["key_frames"].select(
                "game_id",
                "play_id",
                pl.coalesce("snap_frame", "start_frame").alias("lo"),
                "end_frame",
            )
            peaks = (
                frames.join(phase, on=["game_id", "play_id"])
                .filter(pl.col("frame_id").is_between("lo", "end_frame"))
                .group_by("game_id", "play_id", "nfl_id")
                .agg(pl.col("speed").max())
            )
            max_speed = computed[source]["player"].filter(pl.col("stat") == "max_speed")
            both = peaks.join(max_speed, on=["game_id", "play_id", "nfl_id"])
            assert both.height == max_speed.height > 3000
            assert (both["speed"] - both["value"]).abs().max() < 1e-9


def test_time_to_throw_median_is_plausible(computed):
    for source in ("bdb2019", "ngs_highlights", "sportradar_ngs"):
        median = _wide(computed[source])["time_to_throw"].median()
        assert 2.2 <= median <= 3.3, (source, median)


def test_no_max_speed_above_the_physical_limit(computed):
    for source, c in computed.items():
        speeds = c["player"].filter(pl.col("stat") == "max_speed")["value"]
        assert speeds.max() <= MAX_PLAYER_SPEED, source


def test_fastest_highlight_ball_carriers(computed):
    wide = _wide(computed["ngs_highlights"])
    carriers = wide.select(
        pl.max_horizontal("carrier_max_speed", "carrier_max_speed_after_catch", "return_speed")
    ).to_series()
    assert 9.5 <= carriers.max() <= 11.0


def test_separation_lower_on_incompletions(computed):
    wide = pl.concat([_wide(computed[s]) for s in TIME_SERIES], how="diagonal_relaxed").select(
        "pass_result", "separation_at_arrival"
    )
    by = dict(
        wide.group_by("pass_result").agg(pl.col("separation_at_arrival").median()).iter_rows()
    )
    assert by["I"] < by["C"]


def test_air_yards_and_yac_agree_with_bdb2019_records(computed):
    wide = _wide(computed["bdb2019"]).filter(pl.col("pass_result") == "C")
    assert wide.height > 30
    air_ok = ((wide["air_yards"] - wide["pass_length"]).abs() <= 2).mean()
    yac_ok = ((wide["yards_after_catch"] - wide["yards_after_catch_recorded"]).abs() <= 2).mean()
    assert air_ok >= 0.8, air_ok
    assert yac_ok >= 0.8, yac_ok


def test_a_typical_pass_play_gets_a_thousand_values(computed):
    c = computed["bdb2019"]
    counts = (
        pl.concat([c["play"].group_by("play_id").len(), c["player"].group_by("play_id").len()])
        .group_by("play_id")
        .agg(pl.col("len").sum())
    )
    passes = c["plays"].filter(pl.col("play_type") == "pass").select("play_id")
    assert counts.join(passes, on="play_id")["len"].median() >= 1000


def test_snapshot_plays_get_shape_stats(real_data: Path):
    tables = gridtrack.read_tracking(real_data / "bdb2020").collect()
    play, _ = compute_stats(
        tables["tracking"], tables["plays"], tables["key_frames"], tables["players"]
    )
    assert play.filter(pl.col("stat") == "formation_width").height == tables["plays"].height


def test_lake_tables_views_and_leaders(lake: Path):
    with duckdb.connect(str(catalog_path(lake)), read_only=True) as con:
        n = con.sql("SELECT count(*) FROM stats_play_wide WHERE time_to_throw IS NOT NULL")
        assert n.fetchall()[0][0] > 50
        players = con.sql("SELECT count(DISTINCT nfl_id) FROM stats_player_play_wide")
        assert players.fetchall()[0][0] > 40
    top = leaders(lake, "max_speed", min_plays=5)
    assert top.height > 10 and top["mean"].is_sorted(descending=True)
    assert leaders(lake, "pressure", by="team").height >= 2


def test_cli_stats_catalog_leaders(lake: Path):
    runner = CliRunner()
    result = runner.invoke(app, ["stats", "--lake", str(lake), "--no-progress"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["catalog", "--json"])
    assert len(json.loads(result.output)) == len(REGISTRY)
    result = runner.invoke(
        app, ["leaders", "time_to_throw", "--lake", str(lake), "--by", "team", "--format", "csv"]
    )
    assert result.exit_code == 0 and result.output.startswith("season,club,plays,mean")
    result = runner.invoke(app, ["leaders", "no_such_stat", "--lake", str(lake)])
    assert result.exit_code == 2


def test_cli_frame_stats_and_animation_overlay(lake: Path, tmp_path: Path):
    runner = CliRunner()
    game, play = 2017090700, 94  # BDB 2019: a pass
    args = ["frame-stats", str(game), str(play), "--lake", str(lake), "--format", "csv"]
    result = runner.invoke(app, [*args, "--stat", "speed", "--stat", "distance_to_ball"])
    assert result.exit_code == 0, result.output
    table = pl.read_csv(result.output.encode())
    assert table.columns == [
        "game_id",
        "play_id",
        "frame_id",
        "nfl_id",
        "speed",
        "distance_to_ball",
    ]
    with duckdb.connect(str(catalog_path(lake)), read_only=True) as con:
        expected = con.sql(
            f"SELECT count(*) FROM tracking WHERE game_id = {game} AND play_id = {play} "
            "AND nfl_id IS NOT NULL AND x IS NOT NULL"
        ).fetchall()[0][0]
    assert table.height == expected > 500
    result = runner.invoke(app, [*args, "--stat", "max_speed"])
    assert result.exit_code == 2 and "not frame stats" in result.output
    sizes = []
    for stats in ([], ["--stat", "nearest_opponent_distance"]):
        out = tmp_path / f"play{len(stats)}.html"
        animate = ["animate", str(game), str(play), "--lake", str(lake), "-o", str(out)]
        result = runner.invoke(app, [*animate, *stats])
        assert result.exit_code == 0, result.output
        sizes.append(out.stat().st_size)
    assert sizes[1] > sizes[0] + 10_000  # a label per player per frame
