#!/usr/bin/env bash
# HTTP benchmark of the events API: wrk against ONE uvicorn worker on 127.0.0.1.
#
#   bash bench/api.sh                      # SQLite, 100,000 synthetic events
#   bash bench/api.sh --postgres           # PostgreSQL, 1,000,000 synthetic events
#   bash bench/api.sh --events 20000 --duration 5
#   bash bench/api.sh --database-url sqlite:///data/bench.db   # reuse a filled database
#
# Installs wrk with apt-get when missing, builds a fresh database (acip db upgrade, acip
# synth), then bench/api.py runs Q1-Q5 and writes bench/results/api-*.json (gitignored).
# PostgreSQL: ACIP_BENCH_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/
# acip_bench); that database is dropped and re-created.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

backend=sqlite
events=""
duration=15
seed=1
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --postgres) backend=postgresql ;;
    --events) events="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    --seed) seed="$2"; shift ;;
    --keep) keep=1 ;;
    --database-url) reuse="$2"; shift ;;
    *) extra+=("$1") ;;
  esac
  shift
done

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk" >&2
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null
  fi
fi

if [[ -n "${reuse:-}" ]]; then
  url=$reuse
  events=${events:-0}
  exec $BIN/python bench/api.py --database-url "$url" --events "$events" --duration "$duration" \
    ${extra[@]+"${extra[@]}"}
fi

workdir=$(mktemp -d -t acip-bench-XXXXXX)
cleanup() { [[ -n "${keep:-}" ]] || rm -rf "$workdir"; }
trap cleanup EXIT


if [[ $backend == postgresql ]]; then
  events=${events:-1000000}
  url=${ACIP_BENCH_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/acip_bench}
  $BIN/python - "$url" <<'PY'
import sys
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
url = make_url(sys.argv[1])
admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
with admin.connect() as c:
    c.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    c.execute(text(f'CREATE DATABASE "{url.database}"'))
PY
else
  events=${events:-100000}
  url="sqlite:///$workdir/bench.db"
fi

echo "database $backend, $events events (seed $seed)" >&2
$BIN/acip db upgrade --database-url "$url"
start=$(date +%s)
$BIN/acip synth --events "$events" --seed "$seed" --database-url "$url"
echo "synth took $(( $(date +%s) - start )) s" >&2
if [[ $backend == postgresql ]]; then
  $BIN/python -c "import sys; from sqlalchemy import create_engine, text
e = create_engine(sys.argv[1], isolation_level='AUTOCOMMIT')
with e.connect() as c: c.execute(text('VACUUM ANALYZE'))" "$url"
else
  $BIN/python -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('ANALYZE'); c.close()" "$workdir/bench.db"
fi

$BIN/python bench/api.py --database-url "$url" --events "$events" --duration "$duration" \
  ${extra[@]+"${extra[@]}"}
