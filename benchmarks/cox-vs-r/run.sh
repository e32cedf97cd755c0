#!/usr/bin/env bash
# Times `rlms analyze cox` (Release build, run as `dotnet rlms.dll`) against R (read.csv + coxph efron +
# concordance + cox.zph) on the same generated CSV, one after the other, recording wall time and peak RSS of
# each whole process with /usr/bin/time -v. Prints a small table.
#
# Usage: benchmarks/cox-vs-r/run.sh [N=1000000] [SEED=20261126]
# Data goes to benchmarks/data/ (git-ignored) and is reused when it already exists.
set -euo pipefail

N="${1:-1000000}"
SEED="${2:-20261126}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DATA_DIR="$ROOT/benchmarks/data"
CSV="$DATA_DIR/cox-${N}x10-seed${SEED}.csv"
LOGS="$DATA_DIR/cox-vs-r-logs"
mkdir -p "$DATA_DIR" "$LOGS"

if [[ ! -x /usr/bin/time ]]; then
  echo "run.sh: /usr/bin/time is required (apt-get install time)" >&2
  exit 2
fi

# (a) data
if [[ ! -s "$CSV" ]]; then
  echo "generating $CSV ..." >&2
  python3 "$HERE/generate.py" "$CSV.tmp" "$N" "$SEED"
  mv "$CSV.tmp" "$CSV"
fi

# (b) build once, outside the timed region
echo "building rlms (Release) ..." >&2
dotnet build "$ROOT/src/RlmsRegistry.Cli" -c Release -nologo -v quiet >/dev/null
RLMS_DLL="$ROOT/src/RlmsRegistry.Cli/bin/Release/net10.0/rlms.dll"
COVS="x1,x2,x3,x4,x5,x6,x7,x8,x9,x10"

# run NAME CMD... : times one process, stores "status wall_seconds max_rss_kb"
declare -A STATUS WALL RSS
run() {
  local name="$1"; shift
  local tlog="$LOGS/$name.time" out="$LOGS/$name.out" err="$LOGS/$name.err"
  echo "running $name ..." >&2
  set +e
  /usr/bin/time -v -o "$tlog" "$@" >"$out" 2>"$err"
  local rc=$?
  set -e
  STATUS[$name]=$rc
  # "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.34"
  WALL[$name]=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; printf "%.2f", s}' "$tlog")
  RSS[$name]=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$tlog")
}

run rlms-cox dotnet "$RLMS_DLL" analyze cox --input "$CSV" --time time --event status --covariates "$COVS" --format json
if command -v Rscript >/dev/null 2>&1 && Rscript -e 'suppressPackageStartupMessages(library(survival))' >/dev/null 2>&1; then
  run r-coxph Rscript "$HERE/cox.R" "$CSV"
  R_OK=1
else
  R_OK=0
fi

rows=$(( $(wc -l <"$CSV") - 1 ))
echo
echo "Cox (efron) + concordance + PH test on $(basename "$CSV"): $rows rows x 10 covariates; $(nproc) CPU(s)"
printf '%-10s %10s %14s  %s\n' "tool" "wall (s)" "peak RSS (MB)" "result"
for name in rlms-cox r-coxph; do
  if [[ "$name" == r-coxph && $R_OK == 0 ]]; then
    printf '%-10s %10s %14s  %s\n' "$name" "-" "-" "Rscript or the survival package is not installed"
    continue
  fi
  if [[ "${STATUS[$name]}" == 0 ]]; then
    result="ok"
    [[ "$name" == r-coxph ]] && result="$(tail -1 "$LOGS/$name.out")"
  else
    result="FAILED (exit ${STATUS[$name]}): $(head -c 200 "$LOGS/$name.err" | tr '\n' ' ')"
  fi
  printf '%-10s %10s %14s  %s\n' "$name" "${WALL[$name]}" "${RSS[$name]}" "$result"
done
echo "(logs: $LOGS)"
