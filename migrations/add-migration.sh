#!/usr/bin/env bash
# Adds a migration named $1 for every provider and regenerates the idempotent SQL scripts.
# Usage: bash migrations/add-migration.sh AddOperations
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: add-migration.sh NAME}"
dotnet tool restore >/dev/null
for p in Sqlite SqlServer Postgres; do dotnet build "migrations/RlmsRegistry.Migrations.$p" -v q -nologo >/dev/null; done
for provider in Sqlite SqlServer Postgres; do
  dotnet ef migrations add "$name" --no-build \
    --project "migrations/RlmsRegistry.Migrations.$provider" --startup-project "migrations/RlmsRegistry.Migrations.$provider" \
    --context RegistryDbContext --output-dir Migrations
done
bash migrations/script.sh
