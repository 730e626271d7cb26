#!/usr/bin/env bash
# Renders every page of the app in the light and dark themes into
# docs/screenshots/ on the offscreen platform (no display needed).
# Usage: scripts/screenshots.sh [BUILD_DIR]   (default: build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/release}
app="$build_dir/app/hearth"
[ -x "$app" ] || { echo "screenshots: $app not found; build first (scripts/run.sh, or pass build/ci)" >&2; exit 1; }

out=docs/screenshots
mkdir -p "$out"
# A throw-away config so the user's own settings do not leak into pictures.
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT

for theme in light dark; do
    for page in chats models settings; do
        file="$out/$page-$theme.png"
        XDG_CONFIG_HOME="$config" HEARTH_THEME=$theme QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software \
            "$app" --screenshot "$file" --page "$page" --size 1280x800
        echo "wrote $file"
    done
done
