#!/usr/bin/env bash
# Times the registry export and import (issue 12) on SQLite: a synthetic registry of PATIENTS patients (default 10,000,
# 12 centres, bulk seed) is exported with `rlms export --format all`, then imported into an empty migrated SQLite registry
# with `rlms import`, then that registry is exported again and compared with the first export (every file but the
# manifest). Wall time, CPU time (user + system) and peak RSS of each `rlms` process come from /usr/bin/time -v; the
# load average after each step is printed beside it (the floors: export < 10 s, import < 60 s and < 1 GB).
# Usage: benchmarks/transfer/run.sh [PATIENTS=10000]
set -euo pipefail
n="${1:-10000}"
root="$(cd "$(dirname "$0")/../.." && pwd)"; cd "$root"
dotnet build src/RlmsRegistry.Cli -c Release -nologo -v quiet >/dev/null
rlms=(dotnet src/RlmsRegistry.Cli/bin/Release/net10.0/rlms.dll)
data="$root/benchmarks/data/transfer"; rm -rf "$data"; mkdir -p "$data"
a="Data Source=$data/a.db;Default Timeout=60"; b="Data Source=$data/b.db;Default Timeout=60"

timed() { # label command…
  local label="$1"; shift
  /usr/bin/time -v -o "$data/$label.time" "$@" > "$data/$label.out" 2>&1 || { cat "$data/$label.out"; exit 1; }
  local wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; printf "%.1f", s}' "$data/$label.time")
  local rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$data/$label.time")
  local cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.1f", s}' "$data/$label.time")
  printf '%-8s wall=%ss cpu=%ss peak_rss=%sMB  (load average after: %s)\n' "$label" "$wall" "$cpu" "$rss" "$(uptime | sed 's/.*load average: //')"
}

"${rlms[@]}" db migrate --connection "$a" >/dev/null
"${rlms[@]}" seed demo --patients "$n" --centres 12 --mode bulk --connection "$a" >/dev/null
"${rlms[@]}" db migrate --connection "$b" >/dev/null
echo "patients=$n centres=12 load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
timed export "${rlms[@]}" export --format all --output "$data/a.zip" --connection "$a"
timed import "${rlms[@]}" import --input "$data/a.zip" --reason "benchmark" --connection "$b"
timed export2 "${rlms[@]}" export --format all --output "$data/b.zip" --connection "$b"
mkdir -p "$data/a" "$data/b"; (cd "$data/a" && unzip -q ../a.zip); (cd "$data/b" && unzip -q ../b.zip)
if diff -q -x manifest.json "$data/a" "$data/b" >/dev/null; then echo "round trip: identical files (manifest.json aside)"; else echo "round trip: FILES DIFFER"; exit 1; fi
