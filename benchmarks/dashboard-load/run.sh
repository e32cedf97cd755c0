#!/usr/bin/env bash
# Dashboard load test on a real registry: a fresh SQLite file migrated and seeded with the synthetic registry
# (`rlms seed demo --patients N --centres 4`, every form through the domain's validators), one refit publishing its
# snapshot (`rlms analysis refit`), an investigator account (`rlms user add`), then the app in Release (Production
# settings, no demo seed, no job server) on loopback and 32 connections of that signed-in investigator per page.
# Usage: benchmarks/dashboard-load/run.sh [patients=10000] [seconds=30]   (PORT=… to change the port)
set -euo pipefail
cd "$(dirname "$0")/../.."
patients=${1:-10000}
seconds=${2:-30}
port=${PORT:-5080}
password='Bench-Password-2026!'
work=$(mktemp -d)
cs="Data Source=$work/rlms.db;Default Timeout=30"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build -c Release src/RlmsRegistry.Web -v q -nologo >/dev/null
dotnet build -c Release src/RlmsRegistry.Cli -v q -nologo >/dev/null
dotnet build -c Release benchmarks/dashboard-load -v q -nologo >/dev/null
rlms() { dotnet src/RlmsRegistry.Cli/bin/Release/net10.0/rlms.dll "$@" --connection "$cs"; }
rlms db migrate >/dev/null
t0=$(date +%s)
rlms seed demo --patients "$patients" --centres 4
rlms analysis refit
printf '%s\n' "$password" | rlms user add --email investigator@bench.rlms --role Investigator --password-stdin
echo "registry built in $(( $(date +%s) - t0 )) s"

ASPNETCORE_ENVIRONMENT=Production Database__Provider=Sqlite ConnectionStrings__Registry="$cs" Demo__Enabled=false \
  Security__SignInPerMinute=100000 Jobs__RunServer=false Logging__LogLevel__Default=Warning \
  dotnet src/RlmsRegistry.Web/bin/Release/net10.0/RlmsRegistry.Web.dll --contentRoot "$PWD/src/RlmsRegistry.Web" --urls "http://127.0.0.1:$port" >"$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done

load() { dotnet benchmarks/dashboard-load/bin/Release/net10.0/DashboardLoad.dll load --url "http://127.0.0.1:$port" --password "$password" "$@"; }
pages=("/Dashboards/Cohort/primary?by=fnclccGrade" "/Dashboards/Cohort/recurrent" "/Dashboards" "/Dashboards/Cohort/primary/Km?by=fnclccGrade")
# The first seconds after start-up are JIT tiering and the snapshot's first deserialization: warm up on every page first.
for path in "${pages[@]}"; do load --path "$path" --concurrency 32 --duration 10 --warmup 0 >/dev/null; done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the measured runs"
for path in "${pages[@]}"; do
  echo "== $path"
  load --path "$path" --concurrency 32 --duration "$seconds"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
