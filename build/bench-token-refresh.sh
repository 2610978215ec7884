#!/usr/bin/env bash
# Benchmarks the provider token refresh path (a command, not a test):
#
#   ./build/bench-token-refresh.sh [--connections N] [--latency-ms M] [--workers W] [--parallelism P] [--mode both|hangfire|direct]
#
# Starts PostgreSQL (./build/postgres.sh) unless INSIGHTGIG_BENCH_POSTGRES already names a server, builds
# benchmarks/InsightGig.Benchmarks in Release and runs it: a provider sandbox on loopback with M ms (default 50) of latency
# on Zoom's token endpoint, a fresh database migrated with the PostgreSQL migrations, N (default 10,000) people with Zoom
# connections whose access tokens expire within the refresh window, then
#   1. the Hangfire path: the sweep (TokenRefreshJobs.EnqueueExpiringAsync) and its drain jobs on one Hangfire server
#      with W workers (default 20) on PostgreSQL storage;
#      (the sweep starts W drain jobs, each refreshing a claimed page of 100 connections 8 at a time, then claiming the
#      next page, soonest-expiring first);
#   2. the direct path: IAccessTokenSource.RefreshIfExpiringAsync for every connection, P (default 64) at a time.
# Prints a table (connections, wall time, refreshes/s, failures, exchanges counted by the sandbox) and exits non-zero
# when a refresh failed or the sandbox did not count exactly one exchange per connection. The database is dropped at the
# end. Everything is bounded: --timeout-seconds (default 900) inside, and BENCH_TIMEOUT seconds (default 1200) outside.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ -z "${INSIGHTGIG_BENCH_POSTGRES:-}" ]; then
  INSIGHTGIG_BENCH_POSTGRES="$(./build/postgres.sh | tail -n 1)"
fi
export INSIGHTGIG_BENCH_POSTGRES

echo "== Build (Release)"
dotnet build benchmarks/InsightGig.Benchmarks/InsightGig.Benchmarks.csproj -c Release -warnaserror -nologo -v quiet -clp:NoSummary

echo "== Run"
timeout --kill-after=30s "${BENCH_TIMEOUT:-1200}" \
  dotnet benchmarks/InsightGig.Benchmarks/bin/Release/net10.0/InsightGig.Benchmarks.dll "$@"
