#!/usr/bin/env bash
# The fault tests of tests/RlmsRegistry.Resilience.Tests (kill -9 during writes, database outage, two nodes), run
# REPEATS times, then their measured figures as a table. PostgreSQL rows appear when RLMS_TEST_POSTGRES is set
# (eval "$(bash .ci/services.sh)" first); the same tests run in CI under `dotnet test RlmsRegistry.sln`.
# Usage: benchmarks/faults/run.sh [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/../.."
repeats=${1:-1}
figures=TestResults/faults/figures.jsonl
rm -f "$figures"
dotnet build tests/RlmsRegistry.Resilience.Tests -nologo -v q
status=0
for i in $(seq 1 "$repeats"); do
  dotnet test tests/RlmsRegistry.Resilience.Tests --no-build --nologo \
    --filter "FullyQualifiedName~KillDuringWrites|FullyQualifiedName~DatabaseOutage|FullyQualifiedName~TwoNode" || status=1
done
python3 - "$figures" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
for r in rows:
    f = r["figures"]
    if r["test"].startswith("kill-9"):
        print(f'{r["test"]:<45} writes {f["writes"]}, acknowledged {f["acknowledged"]} ({f["acknowledgedCreates"]} creates, '
              f'{f["acknowledgedEdits"]} edits), unanswered {f["unanswered"]}, refused {f["refusedByServer"]} {f["refusedStatuses"]}, '
              f'lost {f["lost"]}, duplicates {f["duplicates"]}, audit mismatches {f["auditMismatches"]}, integrity {f["integrity"]}, '
              f'restart {f["restartSeconds"]} s')
    elif r["test"].startswith("database"):
        print(f'{r["test"]:<45} writes during outage {f["writesDuringOutage"]} → {f["statusesDuringOutage"]}, /health {f["healthDuringOutage"]}, '
              f'read {f["readDuringOutage"]}, page {f.get("pageDuringOutage")}, page write {f.get("pageWriteDuringOutage")}, lost {f["lost"]}, failed-but-stored {f["failedButStored"]}, recovery {f["recoverySeconds"]} s, '
              f'/health after {f["healthAfter"]}')
    else:
        print(f'{r["test"]:<45} {json.dumps(f)}')
PY
exit "$status"
