#!/usr/bin/env bash
# Builds and starts the portal on http://localhost:5000 with its embedded PostgreSQL and starter content.
set -euo pipefail
cd "$(dirname "$0")/.."
PORTAL_BROWSER_TESTS=0 PORTAL_AZURITE_TESTS=0 scripts/prerequisites.sh
echo "==> Building and starting the portal on ${PORTAL_URLS:-http://localhost:5000}"
exec dotnet run --project src/StrongCitiesPortal.Web -c Release --urls "${PORTAL_URLS:-http://localhost:5000}"
