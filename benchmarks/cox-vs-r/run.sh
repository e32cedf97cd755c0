#!/usr/bin/env bash
# Times `rlms analyze cox` against R (data.table::fread + coxph efron + concordance + cox.zph) on the same generated
# CSV, alternating RUNS times (default 3), recording wall time and peak RSS of each whole process with
# /usr/bin/time -v. rlms is timed twice: as users install it (`dotnet publish src/RlmsRegistry.Cli.Native`: the
# analysis verbs compiled ahead of time; needs clang) and as the JIT-compiled registry tools (`dotnet rlms.dll`, what
# `dotnet run --project src/RlmsRegistry.Cli` runs); both must print the same JSON. Prints the best wall time of each,
# the ratios and the load average before and after (the figures are only meaningful on a quiet machine).
#
# Usage: [RUNS=3] benchmarks/cox-vs-r/run.sh [N=1000000] [SEED=20261126]
# Data goes to benchmarks/data/ (git-ignored) and is reused when it already exists.
set -euo pipefail

N="${1:-1000000}"
SEED="${2:-20261126}"
RUNS="${RUNS:-3}"
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
echo "publishing rlms (Native AOT, Release) and building the registry tools ..." >&2
RLMS="$DATA_DIR/rlms-published/rlms"
dotnet publish "$ROOT/src/RlmsRegistry.Cli.Native" -c Release -nologo -v quiet -o "$DATA_DIR/rlms-published" >/dev/null
dotnet build "$ROOT/src/RlmsRegistry.Cli" -c Release -nologo -v quiet >/dev/null
RLMS_DLL="$ROOT/src/RlmsRegistry.Cli/bin/Release/net10.0/rlms.dll"
COVS="x1,x2,x3,x4,x5,x6,x7,x8,x9,x10"

# run NAME CMD... : times one process; keeps the best wall time (and the peak RSS of that run) per NAME
declare -A STATUS WALL RSS
run() {
  local name="$1"; shift
  local tlog="$LOGS/$name.time" out="$LOGS/$name.out" err="$LOGS/$name.err"
  echo "running $name ..." >&2
  set +e
  /usr/bin/time -v -o "$tlog" "$@" >"$out" 2>"$err"
  local rc=$?
  set -e
  # "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.34"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; printf "%.2f", s}' "$tlog")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$tlog")
  echo "  $name: ${wall} s, ${rss} MB (exit $rc)" >&2
  if [[ $rc != 0 ]]; then STATUS[$name]=$rc; return; fi
  STATUS[$name]=${STATUS[$name]:-0}
  if [[ -z "${WALL[$name]:-}" ]] || awk -v a="$wall" -v b="${WALL[$name]}" 'BEGIN{exit !(a<b)}'; then
    WALL[$name]=$wall; RSS[$name]=$rss
  fi
}

R_OK=0
if command -v Rscript >/dev/null 2>&1 && Rscript -e 'suppressPackageStartupMessages({library(survival); library(data.table)})' >/dev/null 2>&1; then
  R_OK=1
fi
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 1; i <= RUNS; i++)); do
  run rlms-cox "$RLMS" analyze cox --input "$CSV" --time time --event status --covariates "$COVS" --format json
  run rlms-jit dotnet "$RLMS_DLL" analyze cox --input "$CSV" --time time --event status --covariates "$COVS" --format json
  [[ $R_OK == 1 ]] && run r-coxph Rscript "$HERE/cox.R" "$CSV"
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

rows=$(( $(wc -l <"$CSV") - 1 ))
echo
echo "Cox (efron) + concordance + PH test on $(basename "$CSV"): $rows rows x 10 covariates; $(nproc) CPU(s)"
echo "best of $RUNS runs each, alternating; load average before: $LOAD_BEFORE, after: $LOAD_AFTER"
printf '%-10s %10s %14s  %s\n' "tool" "wall (s)" "peak RSS (MB)" "result"
for name in rlms-cox rlms-jit r-coxph; do
  if [[ "$name" == r-coxph && $R_OK == 0 ]]; then
    printf '%-10s %10s %14s  %s\n' "$name" "-" "-" "Rscript with survival and data.table is not installed"
    continue
  fi
  if [[ "${STATUS[$name]}" == 0 ]]; then
    result="ok"
    [[ "$name" == r-coxph ]] && result="$(tail -1 "$LOGS/$name.out")"
    [[ "$name" == rlms-jit ]] && result="$(cmp -s "$LOGS/rlms-cox.out" "$LOGS/rlms-jit.out" && echo "same JSON as rlms-cox" || echo "JSON DIFFERS from rlms-cox")"
    [[ "$name" == rlms-cox ]] && result="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("n=%d events=%d iter=%d loglik=%.10g C=%.8f se=%.8f zph.global=%.6g" % (d["n"], d["events"], d["iterations"], d["logLikelihood"]["model"], d["concordance"]["c"], d["concordance"]["se"], d["proportionalHazards"]["global"]["chisq"]))' "$LOGS/$name.out")"
  else
    result="FAILED (exit ${STATUS[$name]}): $(head -c 200 "$LOGS/$name.err" | tr '\n' ' ')"
  fi
  printf '%-10s %10s %14s  %s\n' "$name" "${WALL[$name]:--}" "${RSS[$name]:--}" "$result"
done
if [[ $R_OK == 1 && "${STATUS[rlms-cox]}" == 0 && "${STATUS[r-coxph]}" == 0 ]]; then
  awk -v r="${WALL[r-coxph]}" -v c="${WALL[rlms-cox]}" -v j="${WALL[rlms-jit]:-0}" \
    'BEGIN{printf "ratio (R / rlms, best walls): %.1fx published rlms, %s registry tools (JIT)\n", r/c, (j > 0 ? sprintf("%.1fx", r/j) : "- (failed)")}'
  # One line to quote (issue 10/ floor: >= 15x and < 600 MB peak RSS, whole process).
  awk -v r="${WALL[r-coxph]}" -v c="${WALL[rlms-cox]}" -v m="${RSS[rlms-cox]}" -v runs="$RUNS" -v rows="$rows" \
      -v lb="$LOAD_BEFORE" -v la="$LOAD_AFTER" 'BEGIN{
    ok = (r / c >= 15 && m < 600) ? "MEETS" : "DOES NOT MEET";
    printf "SUMMARY: rlms (published) %.2f s / %d MB, R+fread %.2f s -> %.1fx on %d rows (best of %d; load %s -> %s): %s the 15x / 600 MB floor\n",
      c, m, r, r / c, rows, runs, lb, la, ok }'
fi
echo "(logs: $LOGS)"
