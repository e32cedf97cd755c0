#!/usr/bin/env bash
# Installs (from Debian) and starts what the test suite needs: PostgreSQL, Chromium, R with the survival and cmprsk
# packages, PSPP, and clang with zlib's headers (Native AOT links the published rlms with them).
# Idempotent; safe to run on a developer machine as root. Prints the variables to export.
set -euo pipefail

log() { printf '[services] %s\n' "$*" >&2; }

missing=()
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v python3 >/dev/null 2>&1 || missing+=(python3)  # .ci/run's summary line
command -v Rscript >/dev/null 2>&1 || missing+=(r-base-core)
command -v pspp >/dev/null 2>&1 || missing+=(pspp)  # runs the SPSS syntax file of registry exports
# NativeRlmsTests publish the native rlms (src/RlmsRegistry.Cli.Native): the AOT compiler links with clang and zlib.
command -v clang >/dev/null 2>&1 || missing+=(clang)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
# Fails too when R itself is missing: then both packages are installed.
Rscript -e 'quit(status = !requireNamespace("survival", quietly = TRUE))' >/dev/null 2>&1 || missing+=(r-cran-survival)
# cmprsk: the snapshot bundle's R script reproduces the competing-risks results with it (cuminc, crr).
Rscript -e 'quit(status = !requireNamespace("cmprsk", quietly = TRUE))' >/dev/null 2>&1 || missing+=(r-cran-cmprsk)

if [ "${#missing[@]}" -gt 0 ]; then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Wait (up to 10 minutes) for another apt/dpkg run to release its lock rather than failing on it.
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# PostgreSQL: start the first cluster (create one if the package made none), then a login role for the tests.
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q .; then
  log "creating PostgreSQL $version cluster"
  pg_createcluster "$version" main >&2
fi
cluster=$(pg_lsclusters -h | head -n 1 | awk '{print $1" "$2}')
port=$(pg_lsclusters -h | head -n 1 | awk '{print $3}')
if ! pg_lsclusters -h | head -n 1 | grep -q online; then
  log "starting PostgreSQL cluster $cluster on port $port"
  pg_ctlcluster $cluster start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_roles WHERE rolname = 'rlms_test'\"" | grep -q 1 \
  || su postgres -c "psql -q -p $port -c \"CREATE ROLE rlms_test LOGIN CREATEDB PASSWORD 'rlms_test'\"" >&2

echo "export RLMS_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=rlms_test;Password=rlms_test;Database=postgres;Include Error Detail=true'"
echo "export RLMS_TEST_CHROMIUM='$(command -v chromium)'"
echo "export RLMS_TEST_RSCRIPT='$(command -v Rscript)'"
echo "export RLMS_TEST_PSPP='$(command -v pspp)'"
