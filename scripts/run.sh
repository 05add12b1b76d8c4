#!/usr/bin/env bash
# The main job: set up .venv, then ingest tracking data into a lake and show what it holds.
# Usage: bash scripts/run.sh [SOURCE...]   (default: the real samples in ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
LAKE=${LAKE:-out/lake}
if [ "$#" -eq 0 ]; then
  if [ -d ../shared/data ]; then
    set -- ../shared/data
  else
    echo "no sources given and ../shared/data not found: bash scripts/run.sh FILE_OR_FOLDER..." >&2
    exit 2
  fi
fi
.venv/bin/gridtrack ingest "$@" --lake "$LAKE"
.venv/bin/gridtrack sql "SELECT g.season, count(DISTINCT p.game_id) AS games, count(*) AS plays,
  round(avg(p.absolute_yardline), 1) AS mean_los_x FROM plays p JOIN games g USING (game_id)
  JOIN key_frames k USING (game_id, play_id) GROUP BY 1 ORDER BY 1" --lake "$LAKE"
echo "lake written to $LAKE (query it: .venv/bin/gridtrack sql \"SELECT ...\" --lake $LAKE)"
