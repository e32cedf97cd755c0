#!/usr/bin/env bash
# Creates the rlms database if needed and applies the idempotent migration script (safe to run repeatedly).
set -euo pipefail
sqlcmd=/opt/mssql-tools18/bin/sqlcmd
"$sqlcmd" -C -S db -U sa -P "$MSSQL_SA_PASSWORD" -Q "IF DB_ID('rlms') IS NULL CREATE DATABASE rlms"
# The refit reads one consistent view of the registry with snapshot isolation (ADR 0005).
"$sqlcmd" -C -S db -U sa -P "$MSSQL_SA_PASSWORD" -Q "ALTER DATABASE rlms SET ALLOW_SNAPSHOT_ISOLATION ON"
"$sqlcmd" -C -S db -U sa -P "$MSSQL_SA_PASSWORD" -d rlms -b -i /migrations/sqlserver-idempotent.sql
echo "rlms database is at the latest migration"
