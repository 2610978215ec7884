#!/usr/bin/env bash
# A bounded load run with a consistency check afterwards (a command, not a test; figures in docs/performance.md):
#
#   ./build/load.sh [--users U] [--load-seconds S] [--no-faults]
#
# Defaults: 100 virtual users for 60 s. Everything stays on this machine, on loopback:
#   1. starts PostgreSQL (./build/postgres.sh), publishes the app in Release to artifacts/bench/app, builds the benchmarks;
#   2. seeds a fresh database (a project of 50 collaborators, each a sign-in account with Zoom and Google linked through the
#      provider sandbox, and 200 meetings) and starts the published app as in production (Production, HTTPS on 127.0.0.1,
#      PostgreSQL, Hangfire with its recurring jobs) with the rate limits raised by configuration (every virtual user comes
#      from one address);
#   3. each virtual user, signed in as one of the collaborators, loops without think time: 60 % the project page, 20 %
#      "My meetings", 20 % "Create meeting" (Zoom + Calendar, a fifth on Google Meet; 5 % of forms are posted twice).
#      Provider trouble is injected on a timeline unless --no-faults: a 3 s Calendar outage (503s: Zoom meetings already
#      made must be undone), a burst of 30 Zoom 429s, then a slow Calendar (300 ms per call);
#   4. prints the figures (per kind: count, rate, p50/p99, status codes) and checks the database against the sandbox:
#      every 302 has exactly one meeting row (Scheduled), one live Zoom meeting and one calendar event; every failure was a
#      4xx or a 503 and left nothing behind; no orphan Zoom meeting or event; no meeting left half-made; zero 5xx other
#      than 503. Exits non-zero when a check fails.
# Bounded: the run stops issuing at S seconds, requests time out after 30 s, the command is killed after LOAD_TIMEOUT
# (default 600) seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out="$PWD/artifacts/bench"

echo "== Machine: $(nproc) CPUs, $(free -g | awk '/^Mem:/ {print $2 " GiB"}') memory; $(uptime)"

echo "== PostgreSQL"
INSIGHTGIG_BENCH_POSTGRES="$(./build/postgres.sh | tail -n 1)"
export INSIGHTGIG_BENCH_POSTGRES

echo "== Publish the app and build the load driver (Release, warnings are errors)"
rm -rf "$out/app"
dotnet publish src/InsightGig.Web/InsightGig.Web.csproj -c Release -o "$out/app" -warnaserror -nologo -v quiet -clp:NoSummary
dotnet build benchmarks/InsightGig.Benchmarks/InsightGig.Benchmarks.csproj -c Release -warnaserror -nologo -v quiet -clp:NoSummary

echo "== Load ($(uptime | sed 's/.*load average/load average/'))"
timeout --kill-after=30s "${LOAD_TIMEOUT:-600}" \
  dotnet benchmarks/InsightGig.Benchmarks/bin/Release/net10.0/InsightGig.Benchmarks.dll load \
  --app "$out/app" --output "$out" --timeout-seconds 480 "$@"
