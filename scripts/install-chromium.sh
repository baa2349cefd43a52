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

bash "$(dirname "$0")/apt-install.sh" install-chromium.sh "set CHROMIUM to a Chromium's path" chromium
echo /usr/bin/chromium
