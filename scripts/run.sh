#!/usr/bin/env bash
# Builds and starts the portal on http://localhost:5000 with its embedded PostgreSQL and starter content.
# It runs as in production (ASPNETCORE_ENVIRONMENT=Production unless set otherwise): the error pages, not the
# developer exception page, and launchSettings.json's Development profile is not used.
set -euo pipefail
cd "$(dirname "$0")/.."
PORTAL_BROWSER_TESTS=0 PORTAL_AZURITE_TESTS=0 scripts/prerequisites.sh
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
echo "==> Building and starting the portal ($ASPNETCORE_ENVIRONMENT) on ${PORTAL_URLS:-http://localhost:5000}"
exec dotnet run --project src/StrongCitiesPortal.Web -c Release --no-launch-profile --urls "${PORTAL_URLS:-http://localhost:5000}"
