#!/usr/bin/env bash
# Runs every performance benchmark and prints one table (a command, not a test; figures in docs/performance.md):
#
#   ./build/bench.sh [--full] [--quick] [options of the `web` command]
#
#   --full    token refresh with 10,000 connections (one run) instead of 2,000 (three runs)
#   --quick   one run of each, shorter (a smoke run, not for publishing: a 100-meeting warm-up leaves scheduling cold)
#   --calendar  also the calendar read-back benchmark (`InsightGig.Benchmarks calendar-sync`) for each of
#             $CALENDAR_ORGANIZERS (default "10000 100000"), push on and off: a simulated clock drives the real sweep and
#             sync use cases on PostgreSQL; the calendars are the provider sandbox's over HTTP (bulk-seeded, 50 ms per API
#             call injected by the sandbox), read by the app's adapter, notifications POSTed to its webhook endpoint
#             (`--provider in-process` in $CALENDAR_ARGS: an in-process port with 50 ms per call instead). Long: see
#             docs/performance.md; $CALENDAR_ARGS adds options, e.g. "--push on --minutes 15")
#   --find-time  only the Find a time benchmark (`InsightGig.Benchmarks find-time`): the use case in-process on PostgreSQL
#             with every person's calendar in the sandbox (200 busy intervals over 14 days, 50 ms per answer), Outlook then
#             Google: server time p50/p95/p99 of 3 rounds of 200 queries with 5 collaborators, and the SQL commands per query
#             for 1, 3, 5 and 10 collaborators (EF Core's command diagnostics); FIND_TIME_ARGS adds options
#   options   passed to `InsightGig.Benchmarks web`: --runs N (3), --seconds S (10 per wrk run), --connections C (32),
#             --schedules N (300 per run at 0 ms; half at 50 ms), --schedule-warmup N (3000 first, reported apart), --token-connections N, --token-runs N, --cold-starts N (3),
#             --only queries,page,schedule,token,coldstart, --timeout-seconds S (600)
#             --app-env KEY=VALUE (repeatable: an environment variable of the app's process only, e.g. a runtime setting)
#
# What it does, all on this machine and on loopback only:
#   1. installs Debian's wrk if missing; starts PostgreSQL (./build/postgres.sh: 127.0.0.1:55432, role insightgig);
#   2. publishes the app in Release (warnings are errors) to artifacts/bench/app and builds benchmarks/InsightGig.Benchmarks;
#   3. runs the benchmarks (benchmarks/InsightGig.Benchmarks/Web): a fresh database seeded with a project of 50
#      collaborators and 200 meetings; the published app in its own process (Production: no developer exception page,
#      HTTPS on 127.0.0.1 with a throw-away certificate, PostgreSQL, Hangfire server on, recurring jobs not due, bare
#      endpoint on via Benchmarks:BareEndpoints=true); the provider sandbox on 127.0.0.1, then
#        1a. the page's queries in-process through Mediator (time, CPU, allocations per call), beside the old list query;
#        1. the project page vs GET /_bench/projects/{id} (same queries, JSON) with wrk, 32 connections: both warmed up
#           (unmeasured runs until the app's CPU per request settles), then each run interleaves them page, bare, bare,
#           page (reversed every other run); the ratio is the median of the runs', with the app's CPU per request of
#           each beside it (read from /proc: steadier than req/s on a busy machine) and the bytes it allocated per
#           request (GC.GetTotalAllocatedBytes, read through GET /_bench/allocated: hardly moved by a busy machine);
#        2. "Create meeting" end to end (antiforgery POST, Zoom + Calendar) one at a time at 0 and 50 ms provider latency,
#           overhead = total − time the sandbox spent (its request log); bytes allocated, collections and GC pause per
#           meeting, and what the slowest 1 % had inside them against the others (a collection, JIT work, time outside the
#           app's pipeline: the app's X-Bench-Runtime header); every meeting in artifacts/bench/schedule-<latency>ms.csv;
#        3. token refresh (the Hangfire sweep + jobs, and the direct path) at 50 ms token latency;
#        4. peak working set of the app (VmHWM) during 1 and 2; cold start of the published app in Development on a
#           fresh SQLite file (what `dotnet run` does, minus the build) to the first page;
#   4. prints the table (medians of the runs) and writes it to artifacts/bench/results.md with the logs;
#   5. the floor (`InsightGig.Benchmarks floor`): what this machine allows a request shaped like "Create meeting" that
#      does nothing else (one loopback POST, 11 PostgreSQL round trips, 2 loopback HTTP calls; p50 · p99 of 3 runs of
#      1,000), so the scheduling overhead's p99 can be read against what the machine itself adds; FLOOR_ARGS adds options.
# Every part is bounded (wrk durations, request time-outs, --timeout-seconds inside, BENCH_TIMEOUT outside). The machine's
# load average is printed with the figures: on a shared box, prefer running when it is low.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out="$PWD/artifacts/bench"
args=()
calendar=0
find_time=0
for arg in "$@"; do
  case "$arg" in
    --find-time) find_time=1 ;;
    --full) args+=(--token-connections 10000 --token-runs 1) ;;
    --calendar) calendar=1 ;;
    --quick) args+=(--runs 1 --seconds 5 --schedules 40 --schedule-warmup 100 --token-runs 1 --token-connections 500 --cold-starts 1) ;;
    *) args+=("$arg") ;;
  esac
done

echo "== Machine: $(nproc) CPUs, $(free -g | awk '/^Mem:/ {print $2 " GiB"}') memory; $(uptime)"

if [ "$find_time" = 0 ] && ! command -v wrk >/dev/null 2>&1; then
  echo "== Installing wrk (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq wrk >/dev/null
fi

echo "== PostgreSQL"
INSIGHTGIG_BENCH_POSTGRES="$(./build/postgres.sh | tail -n 1)"
export INSIGHTGIG_BENCH_POSTGRES

if [ "$find_time" = 1 ]; then
  echo "== Build the benchmarks (Release, warnings are errors)"
  dotnet build benchmarks/InsightGig.Benchmarks/InsightGig.Benchmarks.csproj -c Release -warnaserror -nologo -v quiet -clp:NoSummary
  echo "== Find a time ($(uptime | sed 's/.*load average/load average/'))"
  # shellcheck disable=SC2086 # FIND_TIME_ARGS is a list of options
  exec timeout --kill-after=30s "${BENCH_TIMEOUT:-1200}" \
    dotnet benchmarks/InsightGig.Benchmarks/bin/Release/net10.0/InsightGig.Benchmarks.dll find-time ${FIND_TIME_ARGS:-}
fi

echo "== Publish the app and build the benchmarks (Release, warnings are errors)"
rm -rf "$out/app"
dotnet publish src/InsightGig.Web/InsightGig.Web.csproj -c Release -o "$out/app" -warnaserror -nologo -v quiet -clp:NoSummary
dotnet build benchmarks/InsightGig.Benchmarks/InsightGig.Benchmarks.csproj -c Release -warnaserror -nologo -v quiet -clp:NoSummary

echo "== Run ($(uptime | sed 's/.*load average/load average/'))"
timeout --kill-after=30s "${BENCH_TIMEOUT:-900}" \
  dotnet benchmarks/InsightGig.Benchmarks/bin/Release/net10.0/InsightGig.Benchmarks.dll web \
  --app "$out/app" --output "$out" --wrk "$(command -v wrk)" --timeout-seconds 600 "${args[@]}"

echo "== Floor: a request shaped like Create meeting, with no work of the app's ($(uptime | sed 's/.*load average/load average/'))"
# shellcheck disable=SC2086 # FLOOR_ARGS is a list of options
timeout --kill-after=30s 600 \
  dotnet benchmarks/InsightGig.Benchmarks/bin/Release/net10.0/InsightGig.Benchmarks.dll floor ${FLOOR_ARGS:---samples 1000 --warmup 300 --runs 3} | tee "$out/floor.md"

if [ "$calendar" = 1 ]; then
  for organizers in ${CALENDAR_ORGANIZERS:-10000 100000}; do
    echo "== Calendar read-back, $organizers organizers"
    timeout --kill-after=30s "${BENCH_TIMEOUT:-7200}" \
      dotnet benchmarks/InsightGig.Benchmarks/bin/Release/net10.0/InsightGig.Benchmarks.dll calendar-sync --organizers "$organizers" ${CALENDAR_ARGS:-}
  done
fi
