#!/usr/bin/env bash
# Installs Debian packages for the build's tests: apt-get as root, or with password-less sudo.
# Usage: apt-install.sh <caller> <hint when it cannot> <package>...
set -euo pipefail
caller=$1
hint=$2
shift 2

if ! command -v apt-get >/dev/null; then
  echo "$caller: no apt-get on this machine; $hint." >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "$caller: installing $* needs root: run 'sudo apt-get install $*', or $hint." >&2
    exit 1
  fi
fi
echo "$caller: installing Debian's $* package(s)" >&2
"${sudo[@]}" apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "$@" >&2
