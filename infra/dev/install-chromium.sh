#!/usr/bin/env bash
# Installs Debian's chromium for the Playwright browser tests; skipped when not root.
set -euo pipefail
if [ "$(id -u)" != "0" ]; then
  echo "chromium is missing and this is not root: the browser tests will be skipped." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq chromium >/dev/null
