"""Key frames per play, derived once from the normalized events.

=================== ============================================================
column              first frame carrying ...
=================== ============================================================
snap_frame          ``ball_snap`` (or ``snap_direct``, ``autoevent_ballsnap``)
throw_frame         ``pass_forward`` / ``pass_shovel`` / ``autoevent_passforward``
arrival_frame       ``pass_arrived`` or a pass outcome, at or after the throw
handoff_frame       ``handoff``
first_contact_frame ``first_contact``
end_frame           a play-ending event (tackle, out of bounds, touchdown,
                    incompletion, sack, ...) at or after the snap; else the last frame
=================== ============================================================

``start_frame`` and ``last_frame`` bound the play's tracking. A key frame that does not
apply (no throw on a run) is null.
"""

from __future__ import annotations

import polars as pl

from gridtrack.schema import (
    ARRIVAL_EVENTS,
    END_EVENTS,
    FIRST_CONTACT_EVENTS,
    HANDOFF_EVENTS,
    KEY_FRAMES,
    SNAP_EVENTS,
    THROW_EVENTS,
)

PLAY = ["game_id", "play_id"]


def _first(events: tuple[str, ...], after: pl.Expr | None = None) -> pl.Expr:
    keep = pl.col("event").is_in(events)
    if after is not None:
        keep = keep & (pl.col("frame_id") >= after)
    return pl.col("frame_id").filter(keep).min()


def key_frames(tracking: pl.LazyFrame) -> pl.LazyFrame:
    """One row per play of ``tracking`` with its key frames (schema ``KEY_FRAMES``)."""
    per_frame = tracking.select(*PLAY, "frame_id", "event").unique()
    bounds = per_frame.group_by(PLAY).agg(
        pl.col("frame_id").min().alias("start_frame"),
        pl.col("frame_id").max().alias("last_frame"),
        _first(SNAP_EVENTS).alias("snap_frame"),
        _first(THROW_EVENTS).alias("throw_frame"),
        _first(HANDOFF_EVENTS).alias("handoff_frame"),
        _first(FIRST_CONTACT_EVENTS).alias("first_contact_frame"),
    )
    later = (
        per_frame.join(bounds, on=PLAY)
        .group_by(PLAY)
        .agg(
            _first(ARRIVAL_EVENTS, after=pl.col("throw_frame")).alias("arrival_frame"),
            _first(END_EVENTS, after=pl.col("snap_frame").fill_null(pl.col("start_frame"))).alias(
                "_end_event"
            ),
        )
    )
    return KEY_FRAMES.conform(
        bounds.join(later, on=PLAY, how="left").with_columns(
            pl.coalesce("_end_event", "last_frame").alias("end_frame")
        )
    ).sort(PLAY)
