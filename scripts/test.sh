#!/usr/bin/env bash
# Runs the whole test suite: it starts its own PostgreSQL (and Azurite, Chromium where tests need them).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prerequisites.sh
echo "==> Building"
dotnet build StrongCitiesPortal.sln -c Release -warnaserror --nologo -v quiet
echo "==> Running the tests"
mkdir -p artifacts
set +e
dotnet test StrongCitiesPortal.sln -c Release --no-build --nologo \
  --logger "trx;LogFileName=results.trx" --results-directory artifacts/test-results "$@" 2>&1 | tee artifacts/test-output.txt
status=${PIPESTATUS[0]}
set -e
exit "$status"
