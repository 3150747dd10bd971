#!/usr/bin/env bash
# axe-core (the accessibility engine the browser tests inject with Playwright) from npm, pinned
# and checked: only its single `axe.min.js` is kept, in var/cache (gitignored). The product has
# no Node build step; without npm the accessibility tests are skipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=4.14.1
SHA256=29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c
DEST="${HOSO_VAR_DIR:-var}/cache/axe-core/$VERSION"
[ -f "$DEST/axe.min.js" ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: the accessibility (axe-core) browser tests will be skipped." >&2
  exit 0
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack "axe-core@$VERSION" --silent >/dev/null)
tar -xzf "$WORK/axe-core-$VERSION.tgz" -C "$WORK" package/axe.min.js package/LICENSE
echo "$SHA256  $WORK/package/axe.min.js" | sha256sum --check --quiet
mkdir -p "$DEST"
mv "$WORK/package/axe.min.js" "$WORK/package/LICENSE" "$DEST/"
