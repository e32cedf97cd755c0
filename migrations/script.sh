#!/usr/bin/env bash
# Regenerates the idempotent SQL scripts a DBA applies to a production database (no server needed).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for p in Sqlite SqlServer Postgres; do dotnet build "migrations/RlmsRegistry.Migrations.$p" -v q -nologo >/dev/null; done
for provider in SqlServer Postgres; do
  dotnet ef migrations script --idempotent --no-build \
    --project "migrations/RlmsRegistry.Migrations.$provider" --startup-project "migrations/RlmsRegistry.Migrations.$provider" \
    --context RegistryDbContext --output "migrations/$(echo "$provider" | tr '[:upper:]' '[:lower:]')-idempotent.sql" \
   
done
