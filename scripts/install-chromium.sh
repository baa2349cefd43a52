#!/usr/bin/env bash
# Installs Debian's Chromium, which the status page's browser test drives headless, if it is not
# there yet. Prints its path. Idempotent. Set CHROMIUM to use a Chromium installed elsewhere.
set -euo pipefail

for candidate in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "$candidate"
    exit 0
  fi
done

if ! command -v apt-get >/dev/null; then
  echo "install-chromium.sh: no apt-get on this machine; install Chromium and set CHROMIUM to its path." >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "install-chromium.sh: installing Chromium needs root: run 'sudo apt-get install chromium'," \
      "or set CHROMIUM to a Chromium's path." >&2
    exit 1
  fi
fi
echo "install-chromium.sh: installing Debian's chromium package" >&2
"${sudo[@]}" apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends chromium >&2
echo /usr/bin/chromium
