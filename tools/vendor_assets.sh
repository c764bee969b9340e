#!/usr/bin/env bash
# Vendor the browser libraries the web pages use into core/static/vendor/, so no page needs the internet.
#
#   bash tools/vendor_assets.sh          # fetch the pinned tarballs with `npm pack`, check them, copy the built files
#
# Each package is pinned to a version and to the sha512 integrity the npm registry publishes for it; a mismatch
# stops the script. Only the built files are copied (no node_modules). The output is committed, so a checkout
# works offline; run this script again only to update a library (change VERSION and INTEGRITY together).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/core/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# name  version  integrity  files (path inside the package -> file name under DEST/<dir>)
fetch() {
    local name="$1" version="$2" integrity="$3" dir="$4"
    shift 4
    local tarball
    tarball="$(cd "$WORK" && npm pack --silent "$name@$version" 2>/dev/null | tail -n 1)"
    local actual
    actual="sha512-$(openssl dgst -sha512 -binary "$WORK/$tarball" | base64 -w0)"
    if [ "$actual" != "$integrity" ]; then
        echo "integrity mismatch for $name@$version: expected $integrity, got $actual" >&2
        exit 1
    fi
    rm -rf "${DEST:?}/$dir"
    mkdir -p "$WORK/$dir" "$DEST/$dir"
    tar -xzf "$WORK/$tarball" -C "$WORK/$dir"
    for file in "$@"; do
        cp "$WORK/$dir/package/$file" "$DEST/$dir/$(basename "$file")"
    done
    printf '%s@%s %s\n' "$name" "$version" "$integrity" > "$DEST/$dir/VERSION"
}

fetch @zazuko/yasgui 4.6.2 \
    "sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw==" \
    yasgui build/yasgui.min.js build/yasgui.min.css
fetch vis-network 9.1.13 \
    "sha512-HLeHd5KZS92qzO1kC59qMh1/FWAZxMUEwUWBwDMoj6RKj/Ajkrgy/heEYo0Zc8SZNQ2J+u6omvK2+a28GX1QuQ==" \
    vis-network standalone/umd/vis-network.min.js LICENSE-MIT LICENSE-APACHE-2.0
fetch swagger-ui-dist 5.35.0 \
    "sha512-U06rpMtW9V3XPGOBeamTUSr0Z09jMX4IJuANpE/EZbAhw0G8CgwrzU4YmXkn/h0wCDNsXdGarTNNHC3sU8yVUQ==" \
    swagger-ui swagger-ui-bundle.js swagger-ui.css LICENSE

# The bundles end with a source-map comment; the maps are not vendored, so drop the comment (no 404 in dev tools).
sed -i -E '$ s#//[#@] sourceMappingURL=[^ ]*$##' "$DEST"/yasgui/yasgui.min.js "$DEST"/vis-network/vis-network.min.js \
    "$DEST"/swagger-ui/swagger-ui-bundle.js
sed -i -E 's#/[*][#@] sourceMappingURL=[^*]*[*]/##' "$DEST"/yasgui/yasgui.min.css "$DEST"/swagger-ui/swagger-ui.css
cat > "$DEST/README.md" <<'NOTE'
# Vendored browser libraries

Written by `tools/vendor_assets.sh` (do not edit by hand); each folder's `VERSION` names the npm package,
version and sha512 integrity it was taken from.

| folder | package | licence |
|---|---|---|
| `yasgui/` | `@zazuko/yasgui` (YASGUI: YASQE editor + YASR results, bundled) | MIT (declared in its package.json; the tarball ships no licence file) |
| `vis-network/` | `vis-network`, standalone UMD build (injects its own CSS) | Apache-2.0 or MIT (`LICENSE-*`) |
| `swagger-ui/` | `swagger-ui-dist` (the OpenAPI page at `/docs`) | Apache-2.0 (`LICENSE`) |
NOTE
echo "vendored into ${DEST#"$ROOT"/}: $(cd "$DEST" && find . -type f | sort | tr '\n' ' ')"
