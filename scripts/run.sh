#!/usr/bin/env bash
# The main job (the demo): set up .venv, simulate a small sample (3 games), run the whole
# pipeline on it — ingest and clean, stats, models, report and play animations — and show
# the headline leaderboards.
# Usage: bash scripts/run.sh [SOURCE...]   (your own files or folders instead of the sample)
# Outputs under out/ (OUT=... to change): lake/, report.html, plays/*.html.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-out}
LAKE=${LAKE:-$OUT/lake}
G=.venv/bin/gridtrack
start=$SECONDS
step() { printf '\n\033[1;36m==> %s\033[0m  [%ss]\n' "$*" "$((SECONDS - start))"; }

step "setting up .venv (the first time installs gridtrack and its dependencies: a few minutes)"
bash scripts/setup.sh

if [ "$#" -eq 0 ]; then
  if [ -f "$OUT/sim/README.md" ]; then
    step "simulated sample already in $OUT/sim (delete it to simulate again)"
  else
    step "simulating 3 games (seed 7) into $OUT/sim"
    rm -rf "$OUT/sim" "$OUT/sim.tmp"
    "$G" simulate --games 3 --seed 7 --out "$OUT/sim.tmp"
    mv "$OUT/sim.tmp" "$OUT/sim"
  fi
  set -- "$OUT/sim"
fi

step "gridtrack run $* --lake $LAKE (ingest → stats → models → report; unchanged stages are skipped)"
"$G" run "$@" --lake "$LAKE" --report "$OUT/report.html"

step "leaders: top speed per player (yd/s)"
"$G" leaders max_speed --by player --min-plays 5 --limit 10 --lake "$LAKE"

if [ -d "$LAKE/predictions_completion" ]; then
  step "leaders: completion percentage over expected per passer (cpoe, out of fold)"
  "$G" sql "SELECT coalesce(p.display_name, CAST(c.passer_id AS VARCHAR)) AS passer,
      count(*) AS passes, round(avg(c.cp + c.cpoe), 3) AS completion,
      round(avg(c.cp), 3) AS expected, round(avg(c.cpoe), 3) AS cpoe
    FROM predictions_completion c LEFT JOIN players p ON p.nfl_id = c.passer_id
    WHERE c.cpoe IS NOT NULL GROUP BY 1 HAVING count(*) >= 5 ORDER BY cpoe DESC" \
    --lake "$LAKE" --limit 10
fi
if [ -d "$LAKE/predictions_yac" ]; then
  step "leaders: yards after catch over expected per receiver (yacoe, out of fold)"
  "$G" sql "SELECT coalesce(p.display_name, CAST(y.target_id AS VARCHAR)) AS receiver,
      p.position, count(*) AS catches, round(avg(y.xyac + y.yacoe), 2) AS yac,
      round(avg(y.xyac), 2) AS xyac, round(avg(y.yacoe), 2) AS yacoe
    FROM predictions_yac y LEFT JOIN players p ON p.nfl_id = y.target_id
    WHERE y.yacoe IS NOT NULL GROUP BY 1, 2 HAVING count(*) >= 3 ORDER BY yacoe DESC" \
    --lake "$LAKE" --limit 10
fi

step "done in $((SECONDS - start)) s"
echo "  report:          $OUT/report.html (self-contained; open it in a browser)"
echo "  play animations: $OUT/plays/"
echo "  lake:            $LAKE (query it: $G sql \"SELECT * FROM plays LIMIT 5\" --lake $LAKE)"
echo "  more leaders:    $G catalog; $G leaders STAT --lake $LAKE"
