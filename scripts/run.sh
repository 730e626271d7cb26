#!/usr/bin/env bash
# Installs what is missing, builds Hearth (release) and starts the app.
# Arguments are passed to `hearth` (e.g. --page settings).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release
# Only what the app needs: the tests are built by scripts/test.sh.
cmake --build --preset release --target hearth hearth-cli
exec build/release/app/hearth "$@"
