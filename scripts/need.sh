#!/usr/bin/env bash
# Makes sure a command from a Debian package is here: installs the package with apt-get when missing and allowed
# (root), else says how and fails. `bash scripts/need.sh [--lean] COMMAND PACKAGE...` (a path for COMMAND checks that
# file; --lean leaves out the packages' recommendations).
set -euo pipefail
lean=()
[ "${1:-}" = --lean ] && { lean=(--no-install-recommends); shift; }
cmd=${1:?command}; shift
have() { if [[ "$cmd" == /* ]]; then [ -x "$cmd" ]; else command -v "$cmd" >/dev/null 2>&1; fi; }
have && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing $* (apt-get)…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "${lean[@]}" "$@" >&2 || { apt-get update -qq >&2 && apt-get install -y -qq "${lean[@]}" "$@" >&2; }
    have || { echo "$cmd is still missing after installing $*" >&2; exit 1; }
else
    echo "$cmd not found: install it (Debian: apt-get install $*)" >&2
    exit 1
fi
