#!/usr/bin/env bash
# Renders every page of the app in the light and dark themes into
# docs/screenshots/ on the offscreen platform (no display needed). The chat
# page shows a demo conversation (scripts/screenshot-data/demo-chat.json)
# with the shared tiny model loaded when ../shared is there.
# Usage: scripts/screenshots.sh [BUILD_DIR]   (default: build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/release}
app="$build_dir/app/hearth"
cli="$build_dir/app/hearth-cli"
[ -x "$app" ] || { echo "screenshots: $app not found; build first (scripts/run.sh, or pass build/ci)" >&2; exit 1; }

out=docs/screenshots
mkdir -p "$out"
# Throw-away config and data so the user's own settings and chats do not
# leak into pictures.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME="$scratch/config" HEARTH_DATA_DIR="$scratch/data"
export QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software
mkdir -p "$HEARTH_DATA_DIR/models/demo"

model_args=()
tiny=../shared/models/stories260K-f32.gguf
if [ -f "$tiny" ]; then
    cp "$tiny" "$HEARTH_DATA_DIR/models/demo/"
    model_args=(--model "$HEARTH_DATA_DIR/models/demo/$(basename "$tiny")")
fi
"$cli" chats import scripts/screenshot-data/demo-chat.json >/dev/null

for theme in light dark; do
    for page in chats chat-settings models settings; do
        file="$out/$page-$theme.png"
        extra=()
        [ "$page" = chats ] || [ "$page" = chat-settings ] && extra=(--open-chat latest "${model_args[@]}")
        HEARTH_THEME=$theme "$app" --screenshot "$file" --page "$page" --size 1280x800 "${extra[@]}"
        echo "wrote $file"
    done
done
