#!/usr/bin/env bash
# Installs what is missing, builds every target with the CI preset
# (warnings are errors) and runs every test. Ends with CTest's summary.
# GPU tests use the best Vulkan device (lavapipe on machines without a GPU);
# UI tests run on the offscreen platform, so no display is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset ci
cmake --build --preset ci
ctest --preset ci
