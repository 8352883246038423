#!/usr/bin/env bash
# Installs the pinned code-server (VS Code 1.100.3 in the browser) into a cache folder outside the repo,
# without GitHub access (only the npm registry and Debian apt are needed).
# Prints the path of the code-server executable on its last stdout line; everything else goes to stderr.
# Idempotent: a finished install (marker file .complete) is reused; a broken one is redone.
#
# Why a *local* install (npm install in a folder) and not `npm install --global --prefix`:
# npm exports every non-default config of the outer run as npm_config_* to lifecycle scripts, so the
# nested `npm install` that code-server's postinstall.sh runs in lib/vscode inherits `global=true` and
# `prefix`, and then tries to install lib/vscode *into the global folder as a package*: tar fails with
# "ENOENT: Cannot cd into .../lib/vscode/node_modules/<pkg>". That happens with npm 10 and 11 alike.
set -euo pipefail

VERSION=4.100.3
RIPGREP_PKG=1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
CACHE_ROOT="${PROMPT_LENS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/prompt-lens}"
PREFIX="$CACHE_ROOT/code-server-$VERSION"
BIN="$PREFIX/bin/code-server"

if [ -x "$BIN" ] && [ -f "$PREFIX/.complete" ]; then
	echo "$BIN"
	exit 0
fi

command -v node >/dev/null 2>&1 || { echo "node is required (code-server $VERSION needs Node 20)" >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" != 20 ]; then
	echo "code-server $VERSION needs Node 20 (found $(node -v)); its postinstall refuses other versions" >&2
	exit 1
fi

# Debian packages: rg (seeds @vscode/ripgrep), Kerberos headers and a C++ toolchain for the native modules
# (kerberos, node-pty, spdlog, ... are built from source because their prebuilt binaries live on GitHub).
need_debs=()
command -v rg >/dev/null 2>&1 || need_debs+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_debs+=(libkrb5-dev)
{ command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1; } || need_debs+=(build-essential)
command -v python3 >/dev/null 2>&1 || need_debs+=(python3)
if [ ${#need_debs[@]} -gt 0 ]; then
	echo "installing Debian packages: ${need_debs[*]}" >&2
	if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi
	"${SUDO[@]}" apt-get update -qq >&2
	"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_debs[@]}" >&2
fi

# @vscode/ripgrep downloads rg from GitHub in its postinstall; seed its download cache with Debian's rg.
tmp="${TMPDIR:-/tmp}"
rg_cache="$tmp/vscode-ripgrep-cache-$RIPGREP_PKG"
if [ ! -s "$rg_cache/$RIPGREP_ASSET" ]; then
	mkdir -p "$rg_cache"
	stage=$(mktemp -d)
	cp "$(command -v rg)" "$stage/rg"
	tar -czf "$rg_cache/$RIPGREP_ASSET.part" -C "$stage" rg
	mv "$rg_cache/$RIPGREP_ASSET.part" "$rg_cache/$RIPGREP_ASSET"
	rm -rf "$stage"
fi

echo "installing code-server $VERSION into $PREFIX (about 1-2 minutes, ~300 MB)" >&2
started=$SECONDS
mkdir -p "$CACHE_ROOT"
# Build in a staging folder next to the target, then move it into place: an interrupted run never
# leaves something that looks finished.
stage="$CACHE_ROOT/.code-server-$VERSION.staging"
rm -rf "$stage"
mkdir -p "$stage"
trap 'rm -rf "$stage"' EXIT
cat >"$stage/package.json" <<EOF
{ "name": "prompt-lens-code-server", "private": true, "dependencies": { "code-server": "$VERSION" } }
EOF

# Drop npm settings inherited from an outer npm run (e.g. `npm start` -> start.mjs -> this script, or a
# global install): they would leak into code-server's nested installs the same way. Keep the ones about
# reaching the registry.
while IFS= read -r var; do
	lower=$(printf '%s' "$var" | tr '[:upper:]' '[:lower:]')
	case "$lower" in
	npm_config_registry | npm_config_cache | npm_config_userconfig | npm_config_globalconfig | \
		npm_config_*proxy | npm_config_cafile | npm_config_ca | npm_config_strict_ssl | npm_config_*registry) ;;
	npm_config_* | npm_lifecycle_* | npm_package_* | npm_command | npm_execpath) unset "$var" ;;
	esac
done < <(compgen -e)

export npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false
export npm_config_update_notifier=false
npm_args=(install --no-package-lock --loglevel=error)
npm_major=$(npm -v | cut -d. -f1)
# npm >= 11 has this switch for install scripts; older npm runs them anyway and would warn about it.
if [ "$npm_major" -ge 11 ]; then npm_args+=(--dangerously-allow-all-scripts); fi
(cd "$stage" && npm "${npm_args[@]}") >&2

entry="$stage/node_modules/code-server/out/node/entry.js"
for f in "$entry" "$stage/node_modules/code-server/lib/vscode/out/server-main.js" \
	"$stage/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" \
	"$stage/node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node"; do
	[ -e "$f" ] || { echo "code-server install failed: $f is missing" >&2; exit 1; }
done
mkdir -p "$stage/bin"
ln -s ../node_modules/code-server/out/node/entry.js "$stage/bin/code-server"
chmod +x "$entry"

rm -rf "$PREFIX"
mv "$stage" "$PREFIX"
trap - EXIT
# (a throwaway XDG_CONFIG_HOME: code-server writes a default config.yaml on its first run)
probe=$(mktemp -d)
XDG_CONFIG_HOME="$probe" XDG_DATA_HOME="$probe" "$BIN" --version >&2 </dev/null ||
	{ rm -rf "$probe"; echo "code-server $VERSION was installed but does not start" >&2; exit 1; }
rm -rf "$probe"
touch "$PREFIX/.complete"
echo "code-server $VERSION installed in $((SECONDS - started)) s" >&2
echo "$BIN"
