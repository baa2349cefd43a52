#!/usr/bin/env bash
# Installs Ray 2.58.0 from its Python wheel into a virtual environment (default: target/ray-venv at
# the project root). Cluster mode needs what only the wheel carries: the `ray` CLI, gcs_server,
# raylet, the Python worker launcher, and ray/jars/ray_dist.jar (Ray Java 2.58.0), on which cluster-
# mode drivers and workers run. Prints the venv's path. Idempotent.
set -euo pipefail

RAY_VERSION=2.58.0
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${1:-$root/target/ray-venv}"

if [ -x "$venv/bin/ray" ] && "$venv/bin/python" -c "import ray, sys; sys.exit(ray.__version__ != '$RAY_VERSION')" 2>/dev/null; then
  echo "$venv"
  exit 0
fi

python=""
for candidate in python3.11 python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    python="$candidate"
    break
  fi
done
if [ -z "$python" ]; then
  echo "install-ray.sh: Ray's $RAY_VERSION wheel here is built for CPython 3.11; install python3.11 (with venv)." >&2
  exit 1
fi

mkdir -p "$(dirname "$venv")"
"$python" -m venv "$venv"

# Point pip at the machine's configured local indexes alone: with PyPI unreachable, pip would
# otherwise retry it for minutes before using them.
index_args=()
indexes="$(pip config list 2>/dev/null | sed -n "s/^global\.index-url='\(.*\)'$/\1/p; s/^global\.extra-index-url='\(.*\)'$/\1/p" | tr '\n' ' ')"
if [ -n "${indexes// /}" ]; then
  read -r -a urls <<<"$indexes"
  index_args+=(--index-url "${urls[0]}")
  for url in "${urls[@]:1}"; do
    index_args+=(--extra-index-url "$url")
  done
fi

"$venv/bin/pip" install --quiet "${index_args[@]}" "ray==$RAY_VERSION" >&2
echo "$venv"
