#!/usr/bin/env bash
# Runs every test of the solution from a fresh clone: the one command for developers and CI (.ci/run calls it).
#
#   ./build/test.sh
#
# 1. Starts PostgreSQL on 127.0.0.1 (installing Debian's package if missing) and exports INSIGHTGIG_TEST_POSTGRES, the
#    server's connection string WITHOUT a database name: each test fixture creates, migrates and drops its own database.
#    Installs Debian's chromium (and fonts-dejavu-core) if missing, for the browser tests.
# 2. Builds the solution in Release; any warning is an error.
# 3. Runs `dotnet test` on the solution (a summary line per test project), writes TRX files to TestResults/, and ends with
#    one line "N passed, N failed, N skipped" totalled over all projects. Exits non-zero on any failure, or if no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$PWD/TestResults"
started=$SECONDS

step() { printf '\n== %s\n' "$*"; }

step "PostgreSQL"
INSIGHTGIG_TEST_POSTGRES="$(./build/postgres.sh | tail -n 1)"
export INSIGHTGIG_TEST_POSTGRES
echo "INSIGHTGIG_TEST_POSTGRES=${INSIGHTGIG_TEST_POSTGRES%%Password=*}Password=***"

# --- Hooks for later capabilities: add their set-up steps here, before the build. ---
# The browser tests (tests/InsightGig.Browser.Tests) drive Debian's Chromium through Playwright's bundled driver; no
# browser is ever downloaded (never `playwright install`). Installed only when missing, so this step is idempotent.
step "Chromium"
chromium_packages=()
[ -x /usr/bin/chromium ] || chromium_packages+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || chromium_packages+=(fonts-dejavu-core)
if [ "${#chromium_packages[@]}" -gt 0 ]; then
  echo "test.sh: installing ${chromium_packages[*]} (Debian packages)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${chromium_packages[@]}" >/dev/null
fi
# (Debian's wrapper script prints a harmless shell warning on stderr.)
/usr/bin/chromium --version 2>/dev/null
# ------------------------------------------------------------------------------------

step "Tools"
dotnet tool restore >/dev/null

step "Build (Release, warnings are errors)"
dotnet build InsightGig.sln -c Release -warnaserror -nologo -v quiet -clp:NoSummary

step "Test"
rm -rf "$results"
mkdir -p "$results"
set +e
dotnet test InsightGig.sln -c Release --no-build --nologo \
  --results-directory "$results" \
  --logger "trx" \
  --logger "console;verbosity=minimal" \
  --blame-hang-timeout 5min 2>&1 | tee "$results/console.log"
test_status=${PIPESTATUS[0]}
set -e

# --- Hooks for later capabilities: test steps outside `dotnet test` go here (their failures set test_status). ---

# Total the TRX counters of every test project. A skipped test counts in "total" but not in "executed" (its "notExecuted"
# counter stays 0); errors, timeouts and aborts are failures.
shopt -s nullglob
trx_files=("$results"/*.trx)
read -r passed failed skipped < <(
  awk '
    /<Counters / {
      line = $0
      n = split("total executed passed failed error timeout aborted", keys, " ")
      for (i = 1; i <= n; i++) {
        k = keys[i]
        if (match(line, " " k "=\"[0-9]+\"")) {
          v = substr(line, RSTART, RLENGTH); gsub(/[^0-9]/, "", v); c[k] += v
        }
      }
    }
    END { printf "%d %d %d\n", c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"], c["total"] - c["executed"] }
  ' /dev/null "${trx_files[@]}"
)

# Every test project that started must have printed its summary line (a crashed test host does not) and left its own TRX file.
started_projects=$(grep -c '^Test run for ' "$results/console.log" || true)
projects=$(grep -cE '^(Passed|Failed)!  - ' "$results/console.log" || true)
if [ "$started_projects" -ne "$projects" ] || [ "$projects" -ne "${#trx_files[@]}" ]; then
  echo "test.sh: ${started_projects} test projects started, ${projects} reported, ${#trx_files[@]} TRX files written: a test run was lost" >&2
  test_status=1
fi

printf '\n%d test projects, %ds in all\n' "${#trx_files[@]}" "$((SECONDS - started))"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"

if [ "$test_status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  exit 1
fi
if [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
