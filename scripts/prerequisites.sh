#!/usr/bin/env bash
# Installs what the portal and its tests need on a fresh Debian machine, saying what it does.
set -euo pipefail

need_apt=()
command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need_apt+=(postgresql postgresql-contrib)
if [ "${PORTAL_BROWSER_TESTS:-1}" = "1" ] && ! command -v chromium >/dev/null 2>&1; then
  need_apt+=(chromium)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> Installing Debian packages: ${need_apt[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ -f assets/package.json ]; then
  if [ ! -d assets/node_modules ] || [ assets/package-lock.json -nt assets/node_modules ]; then
    echo "==> Installing front-end packages from npm (assets/)"
    (cd assets && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

# Azurite (the Azure Storage emulator) for the media store's Blob tests; the tests start it themselves.
if [ "${PORTAL_AZURITE_TESTS:-1}" = "1" ] && [ -f test-tools/package.json ]; then
  if [ ! -x test-tools/node_modules/.bin/azurite-blob ] || [ test-tools/package-lock.json -nt test-tools/node_modules ]; then
    echo "==> Installing test tools from npm (test-tools/: azurite)"
    (cd test-tools && npm ci --no-audit --no-fund --loglevel=error && touch node_modules)
  fi
fi
