#!/bin/sh
# Rebuild webapp/static/vendor/codemirror/ from the pinned npm package (needs npm; users never do).
# CodeMirror 5 ships a Cypher mode (mode/cypher/cypher.js) and the bracket-matching addon,
# so plain files are copied: no bundler. Check the integrity npm reports against PINNED_SHA.
set -eu
VERSION=5.65.20
PINNED_SHA="sha512-i5dLDDxwkFCbhjvL2pNjShsojoL3XHyDwsGv1jqETUoW+lzpBKKqNTUWgQwVAOa0tUm4BwekT455ujafi8payA=="
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT="$ROOT/webapp/static/vendor/codemirror"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "codemirror@$VERSION" >/dev/null
SHA=$(npm view "codemirror@$VERSION" dist.integrity)
[ "$SHA" = "$PINNED_SHA" ] || { echo "integrity mismatch: $SHA" >&2; exit 1; }
tar -xzf "codemirror-$VERSION.tgz"
P=package
rm -rf "$OUT"
mkdir -p "$OUT"
cp "$P/lib/codemirror.js" "$P/lib/codemirror.css" "$P/LICENSE" "$OUT/"
cp "$P/mode/cypher/cypher.js" "$OUT/cypher.js"
cp "$P/addon/edit/matchbrackets.js" "$P/addon/edit/closebrackets.js" "$OUT/"
echo "codemirror $VERSION (npm, $PINNED_SHA), built by tools/vendor/build_codemirror.sh" > "$OUT/VERSION"
echo "wrote $OUT"
