"""End to end: every real sample into one lake, then what the lake must hold."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

import gridtrack
from gridtrack.cli import app
from gridtrack.io import READERS, ReadError
from gridtrack.io import catalog as lake_catalog
from gridtrack.schema import EVENTS, TRACKING, validate

SOURCES = ("bdb2019", "bdb2020", "bdb2023_sample", "ngs_highlights", "sportradar_ngs")
PLAY = ["game_id", "play_id"]


@pytest.fixture(scope="module")
def lake(real_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """All real samples ingested into one lake; with each source's summary."""
    root = tmp_path_factory.mktemp("lake")
    summaries = {name: gridtrack.ingest([real_data / name], root) for name in SOURCES}
    return root, summaries


@pytest.fixture(scope="module")
def tables(lake: tuple[Path, dict]) -> dict[str, pl.DataFrame]:
    return gridtrack.scan_lake(lake[0]).collect()


def test_every_summary_balances(lake: tuple[Path, dict]) -> None:
    for name, summary in lake[1].items():
        assert summary.balanced, name
        assert summary.rows_stored > 0, name


def test_row_and_play_counts(lake: tuple[Path, dict]) -> None:
    summaries = lake[1]
    assert summaries["bdb2019"].rows_read == 316_025
    assert summaries["bdb2019"].plays == 177
    assert summaries["bdb2020"].plays == 42
    assert summaries["bdb2020"].rows_stored == 42 * 22
    assert summaries["bdb2023_sample"].rows_read == 6_049
    assert summaries["bdb2023_sample"].plays == 7
    # 521 files, 519 plays: two plays come in two files each (one per team)
    assert summaries["ngs_highlights"].files == 522  # with index.tsv
    assert summaries["ngs_highlights"].plays == 519
    assert summaries["sportradar_ngs"].plays == 167


def test_lake_tables_are_canonical_and_keys_unique(tables: dict[str, pl.DataFrame]) -> None:
    validate(tables["tracking"], TRACKING)  # dtypes, ranges, unique keys
    for name in ("plays", "key_frames"):
        assert tables[name].select(pl.struct(PLAY).is_duplicated().any()).item() is False


def test_events_are_normalized(tables: dict[str, pl.DataFrame]) -> None:
    found = set(tables["tracking"]["event"].drop_nulls().unique().to_list())
    assert found, "no events at all"
    assert found <= EVENTS, sorted(found - EVENTS)


def test_offense_moves_toward_plus_x(tables: dict[str, pl.DataFrame]) -> None:
    """Mean offense x at the end of the play exceeds that at the snap on >= 95% of plays."""
    kf = tables["key_frames"].filter(pl.col("snap_frame").is_not_null())
    # Scrimmage plays that end with the offense still in possession: after an interception
    # or a lost fumble the offense runs back to tackle; kicks move the ball, not the offense.
    description = pl.col("description").fill_null("").str.to_uppercase()
    turnover = (pl.col("pass_result") == "IN").fill_null(False) | description.str.contains(
        "INTERCEPTED|FUMBLES.*RECOVERED BY"
    )
    plays = tables["plays"].filter(
        pl.col("play_type").is_in(["pass", "run", "sack", "other"]) & ~turnover
    )
    offense = tables["tracking"].filter(pl.col("side") == "offense")
    at = lambda col: offense.join(kf, on=PLAY).filter(pl.col("frame_id") == pl.col(col))  # noqa: E731
    means = (
        at("snap_frame")
        .group_by(PLAY)
        .agg(pl.col("x").mean().alias("snap_x"))
        .join(at("end_frame").group_by(PLAY).agg(pl.col("x").mean().alias("end_x")), on=PLAY)
        .join(plays.select(PLAY), on=PLAY)
    )
    assert means.height > 500
    share = means.select((pl.col("end_x") > pl.col("snap_x")).mean()).item()
    assert share >= 0.95, share


def test_key_frames_for_every_pass_with_a_throw(tables: dict[str, pl.DataFrame]) -> None:
    throws = (
        tables["tracking"]
        .filter(pl.col("event").is_in(["pass_forward", "pass_shovel"]))
        .select(PLAY)
        .unique()
    )
    kf = tables["key_frames"].join(throws, on=PLAY)
    assert kf.height > 200
    assert kf["throw_frame"].null_count() == 0
    assert kf["snap_frame"].null_count() <= kf.height * 0.02
    ordered = kf.filter(pl.col("snap_frame").is_not_null())
    assert (ordered["throw_frame"] > ordered["snap_frame"]).all()


def test_ball_at_the_center_at_the_snap(tables: dict[str, pl.DataFrame]) -> None:
    """The ball lies within 2 yd of the center at the snap on >= 95% of plays with both."""
    centers = tables["players"].filter(pl.col("position") == "C").select("nfl_id")
    snap = (
        tables["tracking"]
        .join(tables["key_frames"], on=PLAY)
        .filter(pl.col("frame_id") == pl.col("snap_frame"))
    )
    ball = snap.filter(pl.col("nfl_id").is_null()).select(*PLAY, bx="x", by="y")
    center = snap.join(centers, on="nfl_id").filter(pl.col("side") == "offense")
    dist = (
        center.join(ball, on=PLAY)
        .select(
            *PLAY, d=((pl.col("x") - pl.col("bx")) ** 2 + (pl.col("y") - pl.col("by")) ** 2).sqrt()
        )
        .group_by(PLAY)
        .agg(pl.col("d").min())
    )
    assert dist.height > 300
    share = dist.select((pl.col("d") < 2.0).mean()).item()
    assert share >= 0.95, share


def test_frames_hold_the_same_entities_or_are_reported(
    lake: tuple[Path, dict], tables: dict[str, pl.DataFrame]
) -> None:
    tracking = tables["tracking"]
    per_entity = tracking.group_by(*PLAY, "nfl_id").len()
    per_play = tracking.group_by(PLAY).agg(pl.col("frame_id").n_unique().alias("frames"))
    short = per_entity.join(per_play, on=PLAY).filter(pl.col("len") < pl.col("frames"))
    reported = pl.concat([s.gaps for s in lake[1].values() if s.gaps.height]).select(
        *PLAY, "nfl_id"
    )
    assert (
        short.select(*PLAY, "nfl_id")
        .join(reported, on=[*PLAY, "nfl_id"], how="anti", nulls_equal=True)
        .height
        == 0
    )


def test_sql_views(lake: tuple[Path, dict]) -> None:
    result = lake_catalog.query(
        lake[0], "SELECT count(*) AS n, count(DISTINCT game_id) AS g FROM tracking"
    )
    assert result["n"][0] == sum(s.rows_stored for s in lake[1].values())
    for view in ("plays", "players", "games", "key_frames", "quarantine"):
        lake_catalog.query(lake[0], f"SELECT * FROM {view} LIMIT 1")


def test_sql_command_is_read_only(lake: tuple[Path, dict]) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["sql", "SELECT count(*) AS n FROM plays", "--lake", str(lake[0])])
    assert ok.exit_code == 0 and "n" in ok.output
    denied = runner.invoke(app, ["sql", "DROP VIEW plays", "--lake", str(lake[0])])
    assert denied.exit_code != 0


# --- idempotence and bad input on small files in the 2021–2025 layout ---------------------

HEADER = "gameId,playId,nflId,frameId,time,jerseyNumber,club,playDirection,x,y,s,a,dis,o,dir,event"


def write_source(folder: Path, rows: list[str], *, newline_at_end: bool = True) -> Path:
    """A tiny tracking file (2 players + ball, frames as given) with its plays file."""
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n".join([HEADER, *rows]) + ("\n" if newline_at_end else "")
    (folder / "tracking_week_1.csv").write_text(text)
    (folder / "plays.csv").write_text(
        "gameId,playId,possessionTeam,defensiveTeam,yardlineSide,yardlineNumber,passResult,"
        "absoluteYardlineNumber,playDescription\n"
        "2022091100,55,AAA,BBB,AAA,30,C,40,pass short\n"
    )
    return folder


def frame_rows(frames: int = 5) -> list[str]:
    rows = []
    for f in range(1, frames + 1):
        t = f"2022-09-11 17:00:0{f - 1}.000000"
        event = "ball_snap" if f == 2 else "NA"
        rows.append(
            f"2022091100,55,101,{f},{t},12,AAA,right,{38 + 0.3 * f},20,3,0,0.3,90,90,{event}"
        )
        rows.append(
            f"2022091100,55,202,{f},{t},24,BBB,right,{45 - 0.2 * f},22,2,0,0.2,270,270,{event}"
        )
        rows.append(
            f"2022091100,55,NA,{f},{t},NA,football,right,{40 + 0.1 * f},26.6,0,0,0,NA,NA,{event}"
        )
    return rows


def test_reingest_replaces_instead_of_duplicating(tmp_path: Path) -> None:
    source = write_source(tmp_path / "src", frame_rows())
    lake = tmp_path / "lake"
    first = gridtrack.ingest([source], lake)
    second = gridtrack.ingest([source], lake)
    stored = gridtrack.scan_lake(lake).tracking.collect()
    assert first.rows_stored == second.rows_stored == stored.height == 15


def test_non_numeric_coordinate_and_duplicates_are_quarantined(tmp_path: Path) -> None:
    rows = frame_rows()
    rows[3] = rows[3].replace(",20,3,", ",abc,3,")  # player 101, frame 2: y = 'abc'
    rows.append(rows[0])  # a repeated row
    lake = tmp_path / "lake"
    summary = gridtrack.ingest([write_source(tmp_path / "src", rows)], lake)
    quarantine = gridtrack.scan_lake(lake).quarantine.collect()
    assert summary.rows_read == 16 and summary.balanced
    assert summary.rows_quarantined == 2
    # cleaning re-creates the quarantined frame of player 101 by interpolation
    assert summary.rows_stored == 15 and summary.rows_added_by_cleaning == 1
    reasons = " | ".join(quarantine["reason"].to_list())
    assert "column y: expected a number, found 'abc'" in reasons
    assert "duplicate key" in reasons
    assert set(quarantine["source"]) == {"tracking_week_1.csv"}


def test_parsed_numbers_read_the_same_rows_and_fail_on_text(tmp_path: Path) -> None:
    """The fast read (numbers parsed by the CSV reader) gives the rows of the text read; on
    a value that is not a number it fails, which is ingest's cue to read as text."""
    clean = sorted(write_source(tmp_path / "clean", frame_rows()).iterdir())
    as_text = READERS["bdb2021"].read(clean).tracking.collect().sort("_line")
    parsed = READERS["bdb2021"].read(clean, parse_numbers=True).tracking.collect().sort("_line")
    assert parsed.height == 15 and parsed.equals(as_text)
    rows = frame_rows()
    rows[3] = rows[3].replace(",20,3,", ",abc,3,")
    bad = sorted(write_source(tmp_path / "bad", rows).iterdir())
    with pytest.raises(pl.exceptions.ComputeError, match="abc"):
        READERS["bdb2021"].read(bad, parse_numbers=True).tracking.collect()


def test_truncated_file_quarantines_the_partial_line(tmp_path: Path) -> None:
    rows = frame_rows()
    rows[-1] = rows[-1][:30]  # the file stops in the middle of its last line
    summary = gridtrack.ingest(
        [write_source(tmp_path / "src", rows, newline_at_end=False)], tmp_path / "lake"
    )
    assert summary.rows_quarantined == 1 and summary.balanced
    assert any("truncated" in r for r in summary.reasons)


def test_missing_column_is_a_clear_error(tmp_path: Path) -> None:
    rows = [r.rsplit(",", 1)[0] for r in frame_rows()]
    folder = write_source(tmp_path / "src", rows)
    path = folder / "tracking_week_1.csv"
    path.write_text(HEADER.replace(",event", "").replace(",x,", ",xx,") + "\n" + "\n".join(rows))
    with pytest.raises(ReadError, match=r"tracking_week_1\.csv.*'x'"):
        gridtrack.ingest([folder], tmp_path / "lake")


def test_unknown_format_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "mystery.csv"
    path.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(ReadError, match=r"mystery\.csv: unknown format"):
        gridtrack.ingest([path], tmp_path / "lake")
    result = CliRunner().invoke(app, ["ingest", str(path), "--lake", str(tmp_path / "lake")])
    assert result.exit_code == 2 and "unknown format" in result.output


def test_player_missing_from_frames_is_reported(tmp_path: Path) -> None:
    rows = [r for r in frame_rows() if not (",202,3," in r or ",202,4," in r)]
    summary = gridtrack.ingest([write_source(tmp_path / "src", rows)], tmp_path / "lake")
    gaps = summary.gaps.to_dicts()
    assert gaps == [
        {
            "game_id": 2022091100,
            "play_id": 55,
            "nfl_id": 202,
            "frames_present": 3,
            "frames_in_play": 5,
        }
    ]


def test_ingest_command_prints_a_balanced_summary(tmp_path: Path) -> None:
    source = write_source(tmp_path / "src", frame_rows())
    result = CliRunner().invoke(
        app, ["ingest", str(source), "--lake", str(tmp_path / "lake"), "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    assert "rows read 15 = stored 15 + quarantined 0" in result.output
