#!/usr/bin/env bash
# Adds one EF Core migration for each database provider (SQLite, PostgreSQL, SQL Server) from the same model.
# Usage: ./build/migrations.sh <MigrationName>
set -euo pipefail
name="${1:?usage: build/migrations.sh <MigrationName>}"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite PostgreSql SqlServer; do
  dotnet ef migrations add "$name" \
    --project src/InsightGig.Infrastructure --startup-project src/InsightGig.Infrastructure \
    --context "${provider}ApplicationDbContext" --output-dir "Persistence/Migrations/${provider}"
done
