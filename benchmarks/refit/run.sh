#!/usr/bin/env bash
# Builds a 100,000-patient synthetic registry across 12 centres and times one full refit on it, on SQLite and/or
# PostgreSQL (wall time and peak RSS of the `rlms analysis refit` process, /usr/bin/time -v).
# Usage: [REUSE=1] benchmarks/refit/run.sh [sqlite|postgres|both] [PATIENTS=100000]
# REUSE=1 (SQLite only) keeps a registry an earlier run seeded in benchmarks/data/ and times the refit alone: the seed
# takes minutes, the refit is what is measured, so the seed can run while the machine is busy and the refit later.
# PostgreSQL: needs RLMS_TEST_POSTGRES (eval "$(bash .ci/services.sh)"); a database rlms_refit_bench is (re)created.
set -euo pipefail
which="${1:-both}"; n="${2:-100000}"
root="$(cd "$(dirname "$0")/../.." && pwd)"; cd "$root"
dotnet build src/RlmsRegistry.Cli -c Release -nologo -v quiet >/dev/null
rlms=(dotnet src/RlmsRegistry.Cli/bin/Release/net10.0/rlms.dll)
data="$root/benchmarks/data"; mkdir -p "$data"

bench() { # provider connection label
  local provider="$1" cs="$2" label="$3"
  local seed=0
  if [[ "${REUSE:-0}" == 1 && "$label" == sqlite && -s "$data/refit-bench.db" ]]; then
    echo "reusing the registry in $data/refit-bench.db (REUSE=1): seed not timed" >&2
  else
    "${rlms[@]}" db migrate --provider "$provider" --connection "$cs" >/dev/null
    local t0=$(date +%s.%N)
    "${rlms[@]}" seed demo --patients "$n" --centres 12 --provider "$provider" --connection "$cs" >/dev/null
    seed=$(echo "$(date +%s.%N) - $t0" | bc)
  fi
  /usr/bin/time -v -o "$data/refit-$label.time" "${rlms[@]}" analysis refit --provider "$provider" --connection "$cs" > "$data/refit-$label.out"
  local wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; printf "%.1f", s}' "$data/refit-$label.time")
  local rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$data/refit-$label.time")
  printf '%-10s patients=%s seed=%.0fs refit_wall=%ss refit_peak_rss=%sMB  %s\n' "$label" "$n" "$seed" "$wall" "$rss" "$(cat "$data/refit-$label.out")"
}

if [[ "$which" == sqlite || "$which" == both ]]; then
  [[ "${REUSE:-0}" == 1 ]] || rm -f "$data/refit-bench.db"*
  bench Sqlite "Data Source=$data/refit-bench.db;Default Timeout=60" sqlite
fi
if [[ "$which" == postgres || "$which" == both ]]; then
  : "${RLMS_TEST_POSTGRES:?set RLMS_TEST_POSTGRES (eval \"\$(bash .ci/services.sh)\")}"
  admin="$RLMS_TEST_POSTGRES"
  psql_cs=$(python3 -c "import sys;kv=dict(p.split('=',1) for p in sys.argv[1].split(';') if p);print(f\"host={kv.get('Host')} port={kv.get('Port','5432')} user={kv.get('Username')} password={kv.get('Password')} dbname=postgres\")" "$admin")
  psql "$psql_cs" -qc "DROP DATABASE IF EXISTS rlms_refit_bench WITH (FORCE)" -c "CREATE DATABASE rlms_refit_bench"
  bench Postgres "${admin/Database=postgres/Database=rlms_refit_bench}" postgres
fi
