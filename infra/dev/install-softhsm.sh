#!/usr/bin/env bash
# Installs Debian's SoftHSM2 for the PKCS#11 seal tests (tests/core/approvals); skipped when not root.
set -euo pipefail
if [ "$(id -u)" != "0" ]; then
  echo "softhsm2 is missing and this is not root: the PKCS#11 tests will be skipped." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq softhsm2 >/dev/null
