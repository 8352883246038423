#!/usr/bin/env bash
# Installs what the test suites need on a fresh Debian machine, only when something is missing:
#   chromium            drives code-server in the e2e tests (with playwright-core, no browser download)
#   neovim              second LSP client (test/e2e/neovim*)
#   emacs-nox, elpa-eglot   third LSP client, only if apt has them and they are cheap (< EMACS_MAX_MB download)
#   code-server 4.100.3 (system Node 20) and the newest pinned one (with its Node 24) via scripts/install-code-server.sh
#   (cached outside the repo)
#   promptfoo 0.123.1 + Node 24 via scripts/install-promptfoo.sh (cached outside the repo)
# Quiet when everything is present. Prints the code-server path on its last stdout line.
# Env: PROMPT_LENS_SKIP_EMACS=1 to never install Emacs; PROMPT_LENS_EMACS_MAX_MB (default 150).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi
export DEBIAN_FRONTEND=noninteractive

have_deb() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

updated=0
apt_update() {
	if [ $updated = 0 ]; then
		"${SUDO[@]}" apt-get update -qq >&2
		updated=1
	fi
}
apt_install() {
	echo "installing Debian packages: $*" >&2
	apt_update
	"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}
# A package is available when apt knows a candidate version for it.
available() {
	local candidate
	candidate=$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
	[ -n "$candidate" ] && [ "$candidate" != "(none)" ]
}
# Download size in MB that installing the given packages would take (0 when already installed).
download_mb() {
	"${SUDO[@]}" apt-get install -y --no-install-recommends --print-uris -qq "$@" 2>/dev/null |
		awk '{ s += $3 } END { printf "%d\n", s / 1048576 }'
}

need=()
# (with fonts: --no-install-recommends would otherwise leave chromium without any, and screenshots show boxes)
{ [ -x /usr/bin/chromium ] || have_deb chromium; } || need+=(chromium fonts-liberation fonts-dejavu-core)
{ command -v nvim >/dev/null 2>&1 || have_deb neovim; } || need+=(neovim)
if [ ${#need[@]} -gt 0 ]; then
	apt_install "${need[@]}"
fi

if [ "${PROMPT_LENS_SKIP_EMACS:-0}" != 1 ]; then
	emacs_need=()
	have_deb emacs-nox || command -v emacs >/dev/null 2>&1 || emacs_need+=(emacs-nox)
	have_deb elpa-eglot || emacs_need+=(elpa-eglot)
	if [ ${#emacs_need[@]} -gt 0 ]; then
		# apt lists may be missing on a fresh machine: fetch them before asking what is available.
		available emacs-nox || apt_update
		ok=()
		for p in "${emacs_need[@]}"; do
			if available "$p"; then ok+=("$p"); else echo "skipping $p: not available from apt" >&2; fi
		done
		if [ ${#ok[@]} -gt 0 ]; then
			max=${PROMPT_LENS_EMACS_MAX_MB:-150}
			mb=$(download_mb "${ok[@]}")
			if [ "$mb" -le "$max" ]; then
				apt_install "${ok[@]}"
			else
				echo "skipping ${ok[*]}: a $mb MB download (limit $max MB, PROMPT_LENS_EMACS_MAX_MB)" >&2
			fi
		fi
	fi
fi

# promptfoo with Node 24 for the export test (npm registry only); a failure leaves that test failing, not the rest.
"$here/install-promptfoo.sh" >/dev/null ||
	echo "warning: promptfoo was not installed; test/unit/exportPromptfoo.test.ts will fail" >&2

# code-server (it installs its own build prerequisites: ripgrep, libkrb5-dev, a C++ toolchain): the newest pinned one
# (a failure leaves its e2e pass failing, not the rest), then the oldest, whose path stays the last stdout line.
"$here/install-code-server.sh" newest >/dev/null ||
	echo "warning: the newest pinned code-server was not installed; its pass of npm run test:e2e will fail" >&2
"$here/install-code-server.sh"
