"""Shared feature kernels: the key frames of a pass, snapshots of a frame, roles, neighbours.

Every function here is pure and lazy: canonical frames in, a lazy frame out. Positions are
canonical (yards, offense toward +x); velocity components come from speed and direction
with 0° = +y, clockwise::

    vx = s · sin(dir),   vy = s · cos(dir)          (yd/s)
"""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from gridtrack.schema import FIELD_WIDTH, FRAME_RATE, Dataset

PLAY = ["game_id", "play_id"]
INELIGIBLE = ("T", "G", "C", "OT", "OG", "OL", "K", "P", "LS")
"""Positions that cannot be the target of a forward pass."""


def pass_frames(ds: Dataset) -> pl.LazyFrame:
    """One row per play with a recorded throw and arrival: snap, throw, arrival, end frames.

    A pass whose arrival was not recorded (no ``pass_arrived`` or outcome event after the
    throw — e.g. the Big Data Bowl 2023 pass-rush extracts, which stop 0.5 s after the
    throw) is left out: its measurements at arrival cannot be taken. ``arrival_frame`` is at
    least one frame after the throw. ``los_x`` is the line of scrimmage (yards, canonical x).
    """
    kf = ds.key_frames.filter(
        pl.col("throw_frame").is_not_null() & pl.col("arrival_frame").is_not_null()
    )
    arrival = pl.max_horizontal(pl.col("arrival_frame"), pl.col("throw_frame") + 1)
    return kf.select(
        *PLAY,
        pl.col("snap_frame"),
        pl.col("throw_frame"),
        arrival.cast(pl.Int32).alias("arrival_frame"),
        pl.col("end_frame"),
        pl.col("last_frame"),
    ).join(
        ds.plays.select(*PLAY, pl.col("absolute_yardline").alias("los_x")),
        on=PLAY,
        how="left",
    )


def snapshot(tracking: pl.LazyFrame, frames: pl.LazyFrame, frame_col: str) -> pl.LazyFrame:
    """Every entity's row at the frame named ``frame_col`` of ``frames`` (one per play).

    Returns game_id, play_id, nfl_id, side, x, y, s, a, dir, vx, vy (yd/s).
    """
    rad = pl.col("dir").cast(pl.Float64).radians()
    s = pl.col("s").cast(pl.Float64)
    return (
        tracking.join(frames.select(*PLAY, pl.col(frame_col).alias("_f")), on=PLAY)
        .filter(pl.col("frame_id") == pl.col("_f"))
        .select(
            *PLAY,
            "nfl_id",
            "side",
            pl.col("x").cast(pl.Float64),
            pl.col("y").cast(pl.Float64),
            s.alias("s"),
            pl.col("a").cast(pl.Float64),
            pl.col("dir").cast(pl.Float64),
            (s * rad.sin()).alias("vx"),
            (s * rad.cos()).alias("vy"),
        )
    )


def ball(snap: pl.LazyFrame, prefix: str) -> pl.LazyFrame:
    """The ball's position in a snapshot: game_id, play_id, ``{prefix}_x``, ``{prefix}_y``."""
    return (
        snap.filter(pl.col("side") == "ball")
        .group_by(PLAY)
        .agg(pl.col("x").first().alias(f"{prefix}_x"), pl.col("y").first().alias(f"{prefix}_y"))
    )


def nearest_to_point(
    snap: pl.LazyFrame,
    points: pl.LazyFrame,
    *,
    side: str,
    px: str,
    py: str,
    id_col: str,
    exclude: str | None = None,
) -> pl.LazyFrame:
    """The entity of ``side`` nearest to a point per play (e.g. the player nearest the ball).

    ``points`` holds game_id, play_id and the point's columns ``px``, ``py``; ``exclude``
    names a column of ``points`` with an nfl_id to leave out. Returns game_id, play_id and
    ``id_col`` (the nearest entity's nfl_id).
    """
    cols = [*PLAY, px, py] + ([exclude] if exclude else [])
    joined = snap.filter(pl.col("side") == side).join(points.select(cols), on=PLAY)
    if exclude:
        joined = joined.filter(pl.col("nfl_id") != pl.col(exclude).fill_null(-1))
    d = ((pl.col("x") - pl.col(px)) ** 2 + (pl.col("y") - pl.col(py)) ** 2).sqrt()
    return (
        joined.filter(pl.col("x").is_not_null() & pl.col(px).is_not_null())
        .with_columns(d.alias("_d"))
        .group_by(PLAY)
        .agg(pl.col("nfl_id").sort_by("_d").first().alias(id_col))
    )


def entity(snap: pl.LazyFrame, ids: pl.LazyFrame, id_col: str, prefix: str) -> pl.LazyFrame:
    """The snapshot row of the player named by ``id_col`` of ``ids``, columns prefixed:
    ``{prefix}_x, _y, _s, _a, _vx, _vy, _dir``."""
    return ids.select(*PLAY, id_col).join(
        snap.select(
            *PLAY,
            pl.col("nfl_id").alias(id_col),
            *[pl.col(c).alias(f"{prefix}_{c}") for c in ("x", "y", "s", "a", "vx", "vy", "dir")],
        ),
        on=[*PLAY, id_col],
        how="left",
    )


def neighbours(
    snap: pl.LazyFrame,
    anchor: pl.LazyFrame,
    *,
    prefix: str,
    side: str,
    exclude: str | None = None,
) -> pl.LazyFrame:
    """Every entity of ``side`` relative to an anchor player, one row per (play, entity).

    ``anchor`` holds game_id, play_id and ``{prefix}_x, _y, _vx, _vy``. Added columns:

    - ``dx, dy`` — entity minus anchor position (yd);
    - ``d`` — distance (yd);
    - ``closing`` — rate at which the gap shrinks (yd/s), ``-(Δv · Δr) / |Δr|`` with
      Δr = r_entity − r_anchor and Δv = v_entity − v_anchor; positive when closing in;
    - ``d_1s`` — distance after 1 s if both keep their velocity (yd).
    """
    ax, ay, avx, avy = (f"{prefix}_{c}" for c in ("x", "y", "vx", "vy"))
    cols = [*PLAY, ax, ay, avx, avy] + ([exclude] if exclude else [])
    joined = snap.filter(pl.col("side") == side).join(anchor.select(cols), on=PLAY)
    if exclude:
        joined = joined.filter(pl.col("nfl_id") != pl.col(exclude).fill_null(-1))
    dx = pl.col("x") - pl.col(ax)
    dy = pl.col("y") - pl.col(ay)
    dvx = (pl.col("vx") - pl.col(avx)).fill_null(0.0)
    dvy = (pl.col("vy") - pl.col(avy)).fill_null(0.0)
    return (
        joined.filter(pl.col("x").is_not_null() & pl.col(ax).is_not_null())
        .with_columns(dx.alias("dx"), dy.alias("dy"), dvx.alias("dvx"), dvy.alias("dvy"))
        .with_columns(((pl.col("dx") ** 2 + pl.col("dy") ** 2).sqrt()).alias("d"))
        .with_columns(
            (
                -(pl.col("dvx") * pl.col("dx") + pl.col("dvy") * pl.col("dy"))
                / pl.max_horizontal(pl.col("d"), pl.lit(0.1))
            ).alias("closing"),
            (
                ((pl.col("dx") + pl.col("dvx")) ** 2 + (pl.col("dy") + pl.col("dvy")) ** 2).sqrt()
            ).alias("d_1s"),
        )
    )


def kth(col: str, k: int, by: str = "d") -> pl.Expr:
    """The ``k``-th smallest (1-based) value of ``col`` ordered by ``by`` within a group."""
    return pl.col(col).sort_by(by).get(k - 1, null_on_oob=True)


def sideline_distance(y: pl.Expr) -> pl.Expr:
    """Distance to the nearer sideline (yd): ``min(y, FIELD_WIDTH − y)``."""
    return pl.min_horizontal(y, FIELD_WIDTH - y)


def seconds(frames: pl.Expr) -> pl.Expr:
    """Frame count to seconds at the canonical 10 Hz."""
    return frames.cast(pl.Float64) / FRAME_RATE


def key_frame_rows(
    tracking: pl.LazyFrame, frames: pl.LazyFrame, columns: tuple[str, ...]
) -> pl.LazyFrame:
    """The tracking rows at the named key frames of each play, read once and kept in memory
    (every later snapshot and join works on these few rows, not on the whole table)."""
    wanted = (
        frames.select(*PLAY, *columns)
        .unpivot(index=PLAY, on=list(columns), value_name="frame_id")
        .select(*PLAY, pl.col("frame_id").cast(pl.Int32))
        .drop_nulls()
        .unique()
    )
    return tracking.join(wanted, on=[*PLAY, "frame_id"], how="semi").collect().lazy()


class PassSnapshots(NamedTuple):
    """Roles of a pass and every entity at its throw, arrival and end frames."""

    roles: pl.LazyFrame
    throw: pl.LazyFrame
    arrival: pl.LazyFrame
    end: pl.LazyFrame


def pass_roles(ds: Dataset) -> PassSnapshots:
    """The pass frames with the passer and the target, and the throw and arrival snapshots.

    - passer (``passer_id``): the offense's quarterback on the field at the throw (by the
      players table's position; the one nearest the ball if several), else the offensive
      player nearest the ball at the throw frame (sources stamp ``pass_forward`` up to a few
      frames after the release, so the ball alone is not enough);
    - target (``target_id``): the offensive player other than the passer nearest the ball at
      the arrival frame (the intended receiver on an incompletion, the catcher otherwise).
      A target whose position is an ineligible one (:data:`INELIGIBLE`: linemen, kickers)
      means the ball was batted down or mistracked: the play is left out.

    Plays where either cannot be found (no ball rows, or a ball off the field at arrival —
    an untracked ball parked beside the field) are left out.

    Returns
    -------
    PassSnapshots
        ``roles``: :func:`pass_frames` columns plus ``passer_id``, ``target_id``, the ball at
        throw (``ball_t_x, ball_t_y``) and arrival (``ball_a_x, ball_a_y``);
        ``throw`` / ``arrival`` / ``end``: :func:`snapshot` of every entity at those frames.
    """
    frames = pass_frames(ds).collect().lazy()
    rows = key_frame_rows(ds.tracking, frames, ("throw_frame", "arrival_frame", "end_frame"))
    at_throw = snapshot(rows, frames, "throw_frame")
    at_arrival = snapshot(rows, frames, "arrival_frame")
    ball_t = ball(at_throw, "ball_t")
    ball_a = ball(at_arrival, "ball_a")
    nearest = nearest_to_point(
        at_throw, ball_t, side="offense", px="ball_t_x", py="ball_t_y", id_col="_nearest"
    )
    quarterbacks = (
        at_throw.filter(pl.col("side") == "offense")
        .join(
            ds.players.filter(pl.col("position") == "QB").select("nfl_id").unique(),
            on="nfl_id",
            how="semi",
        )
        .join(ball_t, on=PLAY, how="left")
        .with_columns(
            ((pl.col("x") - pl.col("ball_t_x")) ** 2 + (pl.col("y") - pl.col("ball_t_y")) ** 2)
            .fill_null(0.0)
            .alias("_d")
        )
        .group_by(PLAY)
        .agg(pl.col("nfl_id").sort_by("_d").first().alias("_qb"))
    )
    passer = (
        frames.select(PLAY)
        .join(quarterbacks, on=PLAY, how="left")
        .join(nearest, on=PLAY, how="left")
        .select(*PLAY, pl.coalesce("_qb", "_nearest").alias("passer_id"))
        .filter(pl.col("passer_id").is_not_null())
    )
    on_field = pl.col("ball_a_y").is_between(-1.0, FIELD_WIDTH + 1.0)
    points = ball_a.filter(on_field).join(passer, on=PLAY, how="inner")
    target = nearest_to_point(
        at_arrival,
        points,
        side="offense",
        px="ball_a_x",
        py="ball_a_y",
        id_col="target_id",
        exclude="passer_id",
    )
    ineligible = ds.players.filter(pl.col("position").is_in(INELIGIBLE)).select(
        pl.col("nfl_id").alias("target_id")
    )
    target = target.join(ineligible.unique(), on="target_id", how="anti")
    roles = (
        frames.join(passer, on=PLAY)
        .join(target, on=PLAY)
        .join(ball_t, on=PLAY, how="left")
        .join(ball_a, on=PLAY, how="left")
    )
    at_end = snapshot(rows, frames, "end_frame")
    return PassSnapshots(roles.collect().lazy(), at_throw, at_arrival, at_end)
