#!/usr/bin/env bash
# Installs what is missing, builds Hearth (release) and starts the app.
# Arguments are passed to `hearth` (e.g. --page settings).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release
cmake --build --preset release
exec build/release/app/hearth "$@"
