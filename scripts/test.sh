#!/usr/bin/env bash
# Runs the whole test suite: it starts its own PostgreSQL (and Azurite, Chromium where tests need them), then checks
# that `dotnet format` has nothing to change.
#   scripts/test.sh                 everything (CI runs this)
#   scripts/test.sh --fast          the unit tests only (no database, browser or Azurite): the quick loop
#   scripts/test.sh --filter "..."  any other arguments go to `dotnet test`
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--fast" ]; then
  shift
  echo "==> Building the tests"
  dotnet build tests/StrongCitiesPortal.Tests -c Release -warnaserror --nologo -v quiet
  echo "==> Running the unit tests"
  exec dotnet test tests/StrongCitiesPortal.Tests -c Release --no-build --nologo --filter "TestCategory=Unit" "$@"
fi

scripts/prerequisites.sh
echo "==> Building"
dotnet build StrongCitiesPortal.sln -c Release -warnaserror --nologo -v quiet
echo "==> Running the tests"
mkdir -p artifacts
set +e
dotnet test StrongCitiesPortal.sln -c Release --no-build --nologo \
  --logger "trx;LogFileName=results.trx" --results-directory artifacts/test-results "$@" 2>&1 | tee artifacts/test-output.txt
status=${PIPESTATUS[0]}
echo "==> Checking the formatting (dotnet format --verify-no-changes)"
if ! dotnet format StrongCitiesPortal.sln --verify-no-changes --no-restore -v quiet; then
  echo "dotnet format would change files: run 'dotnet format StrongCitiesPortal.sln' and commit the result." >&2
  [ "$status" -ne 0 ] || status=1
fi
set -e
exit "$status"
