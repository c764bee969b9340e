#!/usr/bin/env bash
# Vendor the upstream ontologies whose terms soilkg reuses into ontology/imports/, so that `soilkg reason`
# checks our ontology and data against their own axioms without the internet.
#
#   bash tools/vendor_ontologies.sh      # fetch the pinned npm tarball, check it, copy the N-Quads files
#
# The W3C, DCMI and FOAF ontologies come from the npm package @zazuko/rdf-vocabularies, which ships each
# vocabulary as fetched from its namespace IRI, as N-Quads (one graph named after the namespace). The package
# is pinned to a version and to the sha512 integrity the npm registry publishes; a mismatch stops the script.
# The files are copied byte for byte. The SOSA-PROV alignment is not in that package: it is kept as read from
# the W3C Spatial Data on the Web repository (see ontology/imports/README.md). The output is committed; run
# this again only to update (change VERSION and INTEGRITY together, then update the README's table).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/ontology/imports"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

NAME=@zazuko/rdf-vocabularies
VERSION=2023.1.19
INTEGRITY="sha512-/vC/Ok8etIi4kflbOAoRr9JV95auJaUREV9lrWP3wDEMfhu8jVYogwi/OD1yA2pH6KIYPS2+z7LN1jxOe3G56g=="
FILES="prov org skos dcat dcterms foaf sosa geo"

tarball="$(cd "$WORK" && npm pack --silent "$NAME@$VERSION" 2>/dev/null | tail -n 1)"
actual="sha512-$(openssl dgst -sha512 -binary "$WORK/$tarball" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
    echo "integrity mismatch for $NAME@$VERSION: expected $INTEGRITY, got $actual" >&2
    exit 1
fi
tar -xzf "$WORK/$tarball" -C "$WORK"
mkdir -p "$DEST"
for name in $FILES; do
    cp "$WORK/package/ontologies/$name.nq" "$DEST/$name.nq"
done
cp "$WORK/package/LICENSE" "$DEST/LICENSE-rdf-vocabularies"
printf '%s@%s %s\n' "$NAME" "$VERSION" "$INTEGRITY" > "$DEST/VERSION"
(cd "$DEST" && sha256sum ./*.nq ./*.ttl > SHA256SUMS)
echo "vendored into ${DEST#"$ROOT"/}: $(cd "$DEST" && ls | tr '\n' ' ')"
