#!/usr/bin/env bash
# Renders every page of the app, and the file dialog, a chat's menu and a
# model's defaults dialog, in the light and dark themes into
# docs/screenshots/ on the offscreen platform (no display needed). The chat
# page shows a demo conversation (scripts/screenshot-data/demo-chat.json)
# with the shared tiny model loaded when ../shared is there. Discover, the
# model page and Downloads talk to the fake Hub (tests/fakehub) serving
# scripts/screenshot-data/hub-fixture.json on 127.0.0.1: no internet.
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
hub_pid=
trap 'rm -rf "$scratch"; [ -z "$hub_pid" ] || kill "$hub_pid" 2>/dev/null' EXIT
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
# Blind-arena votes for the leaderboard (drawn from fixed strengths).
python3 scripts/screenshot-data/arena-votes.py "$HEARTH_DATA_DIR/chats.sqlite3"

# The fake Hub, with every CDN transfer slowed down so downloads stay in flight.
# It runs while its stdin is open: fd 3 holds it open until this script ends.
mkfifo "$scratch/hub.in" "$scratch/hub.out"
exec 3<>"$scratch/hub.in"
python3 tests/fakehub/fake_hub.py --fixture scripts/screenshot-data/hub-fixture.json <&3 >"$scratch/hub.out" &
hub_pid=$!
read -r ports <"$scratch/hub.out"
hub_port=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["hub"])' "$ports")
export HF_ENDPOINT="http://127.0.0.1:$hub_port"
python3 - "$HF_ENDPOINT" <<'PY'
import json, sys, urllib.request
req = urllib.request.Request(sys.argv[1] + "/_control/fault", method="POST",
                             data=json.dumps({"where": "cdn", "kind": "slow", "rate": 400000}).encode())
urllib.request.urlopen(req).read()
PY
# Two downloads a previous run left half-way: the app continues them.
for pull in "bartowski/SmolLM2-1.7B-Instruct-GGUF SmolLM2-1.7B-Instruct-Q4_K_M.gguf" \
            "unsloth/gemma-3-4b-it-GGUF gemma-3-4b-it-Q4_K_M.gguf"; do
    # shellcheck disable=SC2086
    timeout -s INT 4 "$cli" pull $pull >/dev/null 2>&1 || true
done

for theme in light dark; do
    # The last three show a popup open over its page (hearth --popup).
    for page in chats chat-settings discover model-page downloads models leaderboard settings \
                import-dialog chat-menu model-defaults; do
        file="$out/$page-$theme.png"
        extra=(--page "$page")
        case $page in
            chats | chat-settings) extra+=(--open-chat latest "${model_args[@]}") ;;
            model-page) extra=(--open-repo Qwen/Qwen2.5-0.5B-Instruct-GGUF) ;;
            import-dialog) extra=(--page models --popup import) ;;
            chat-menu) extra=(--page chats --open-chat latest --popup chat-menu) ;;
            model-defaults) extra=(--page models --popup model-defaults) ;;
        esac
        HEARTH_THEME=$theme "$app" --screenshot "$file" --size 1280x800 "${extra[@]}"
        echo "wrote $file"
    done
done
