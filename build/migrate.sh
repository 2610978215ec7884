#!/usr/bin/env bash
# Applies pending EF Core migrations to the configured database (production runs this before starting the app).
# Reads the same configuration as the app: Database__Provider and ConnectionStrings__<Provider> from the environment.
#   Database__Provider=PostgreSql ConnectionStrings__PostgreSql='Host=...;Database=...' ./build/migrate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
provider="${Database__Provider:-Sqlite}"
dotnet tool restore >/dev/null
case "$provider" in
  Sqlite) conn="${ConnectionStrings__Sqlite:-Data Source=src/InsightGig.Web/App_Data/insightgig.db}" ;;
  PostgreSql) conn="${ConnectionStrings__PostgreSql:?set ConnectionStrings__PostgreSql}" ;;
  SqlServer) conn="${ConnectionStrings__SqlServer:?set ConnectionStrings__SqlServer}" ;;
  *) echo "Database__Provider must be Sqlite, PostgreSql or SqlServer" >&2; exit 2 ;;
esac
dotnet ef database update --project src/InsightGig.Infrastructure --startup-project src/InsightGig.Infrastructure \
  --context "${provider}ApplicationDbContext" --connection "$conn"
