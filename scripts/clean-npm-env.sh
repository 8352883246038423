#!/usr/bin/env bash
# Sourced by the install scripts: drops npm settings inherited from an outer `npm run` (e.g. `npm test` or
# `npm start` -> this script, or a global install), which would leak into the nested installs (`global=true` and
# `prefix` make code-server's postinstall install lib/vscode into the global folder). Keeps the ones about reaching
# the registry.
while IFS= read -r var; do
	case "$(printf '%s' "$var" | tr '[:upper:]' '[:lower:]')" in
	npm_config_registry | npm_config_cache | npm_config_userconfig | npm_config_globalconfig | \
		npm_config_*proxy | npm_config_cafile | npm_config_ca | npm_config_strict_ssl | npm_config_*registry) ;;
	npm_config_* | npm_lifecycle_* | npm_package_* | npm_command | npm_execpath) unset "$var" ;;
	esac
done < <(compgen -e)
