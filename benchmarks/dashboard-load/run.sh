#!/usr/bin/env bash
# Dashboard load test: a fresh embedded registry (SQLite, demo accounts), a snapshot of a synthetic 10,000-patient
# registry over 4 centres, the app in Release on loopback, then 32 connections of a signed-in investigator on the
# primary-cohort page (and the KM figure's JSON). Usage: benchmarks/dashboard-load/run.sh [patients] [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
patients=${1:-10000}
seconds=${2:-30}
port=${PORT:-5080}
work=$(mktemp -d)
cs="Data Source=$work/rlms.db;Default Timeout=30"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build -c Release src/RlmsRegistry.Web -v q -nologo >/dev/null
dotnet build -c Release benchmarks/dashboard-load -v q -nologo >/dev/null

ASPNETCORE_ENVIRONMENT=Development Database__Provider=Sqlite ConnectionStrings__Registry="$cs" Demo__Enabled=true \
  Security__SignInPerMinute=100000 Jobs__RunServer=false Logging__LogLevel__Default=Warning \
  dotnet run -c Release --no-build --project src/RlmsRegistry.Web --urls "http://127.0.0.1:$port" >"$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done

load() { dotnet run -c Release --no-build --project benchmarks/dashboard-load -- "$@"; }
load publish --connection "$cs" --patients "$patients" --centres 4
# The first minute after start-up is JIT tiering and the first deserialization of the snapshot: warm up on every page first.
for path in "/Dashboards/Cohort/primary?by=fnclccGrade" "/Dashboards/Cohort/recurrent" "/Dashboards" "/Dashboards/Cohort/primary/Km?by=fnclccGrade"; do
  load load --url "http://127.0.0.1:$port" --path "$path" --concurrency 32 --duration 10 --warmup 0 >/dev/null
done
for path in "/Dashboards/Cohort/primary?by=fnclccGrade" "/Dashboards/Cohort/recurrent" "/Dashboards" "/Dashboards/Cohort/primary/Km?by=fnclccGrade"; do
  echo "== $path"
  load load --url "http://127.0.0.1:$port" --path "$path" --concurrency 32 --duration "$seconds"
done
