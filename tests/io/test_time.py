"""The one time/season parser of the readers (``gridtrack.io._time``)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl

from gridtrack.io._time import season_from_game_id, season_of, utc_time


def test_season_from_game_id_cut_off_in_march() -> None:
    # arrange: a season opener, a January playoff game, a Super Bowl, a Hall of Fame game
    ids = pl.DataFrame({"game_id": [2017090700, 2018011500, 2019020300, 2021080500]})
    # act
    seasons = ids.select(season_from_game_id(pl.col("game_id"))).to_series().to_list()
    # assert
    assert seasons == [2017, 2017, 2018, 2021]


def test_season_of_dates_either_side_of_the_cut_off() -> None:
    dates = pl.DataFrame({"d": [date(2023, 2, 28), date(2023, 3, 1), date(2022, 12, 31)]})
    assert dates.select(season_of(pl.col("d"))).to_series().to_list() == [2022, 2023, 2022]


def test_utc_time_reads_every_source_layout() -> None:
    texts = pl.DataFrame(
        {
            "t": [
                "2021-09-14T03:54:17.700",
                "2018-09-07T01:07:14.599Z",
                "2022-09-08 20:24:05.200000",
                "2018-09-11T02:20:00Z",
                "not a time",
            ]
        }
    )
    parsed = texts.select(utc_time(pl.col("t"))).to_series().to_list()
    assert parsed == [
        datetime(2021, 9, 14, 3, 54, 17, 700_000, tzinfo=UTC),
        datetime(2018, 9, 7, 1, 7, 14, 599_000, tzinfo=UTC),
        datetime(2022, 9, 8, 20, 24, 5, 200_000, tzinfo=UTC),
        datetime(2018, 9, 11, 2, 20, tzinfo=UTC),
        None,
    ]
