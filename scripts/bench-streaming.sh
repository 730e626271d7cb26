#!/usr/bin/env bash
# Streams a long synthetic answer into the chat view and reports frame times
# and input latency (see docs/PERFORMANCE.md, "Chat window").
# Usage: scripts/bench-streaming.sh [BUILD_DIR] [TOKENS] [TOKENS_PER_SECOND]
#        (defaults: build/release 10000 200). Runs offscreen with Qt's software
# renderer unless QT_QPA_PLATFORM / QT_QUICK_BACKEND say otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/release}
tokens=${2:-10000}
rate=${3:-200}
app="$build_dir/app/hearth"
[ -x "$app" ] || { echo "bench-streaming: $app not found; build first (scripts/run.sh)" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
XDG_CONFIG_HOME="$scratch/config" HEARTH_DATA_DIR="$scratch/data" \
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} QT_QUICK_BACKEND=${QT_QUICK_BACKEND:-software} \
    "$app" --bench-streaming "$tokens" --bench-rate "$rate"
