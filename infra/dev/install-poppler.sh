#!/usr/bin/env bash
# Installs Debian's poppler-utils (pdftoppm) for the résumé page snapshots (tests/core/resumes); skipped when not root.
set -euo pipefail
if [ "$(id -u)" != "0" ]; then
  echo "poppler-utils is missing and this is not root: the résumé page snapshots will be skipped." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq poppler-utils >/dev/null
