#!/usr/bin/env bash
# Builds the GGUF reader fuzzer (libFuzzer + AddressSanitizer + UBSan) straight
# from the engine sources it needs, seeds a corpus with small valid GGUF files,
# and fuzzes for a bounded time. Exits non-zero on any finding (crash, sanitizer
# report, leak, timeout, out-of-memory); the input is left in the artifacts
# folder.
#
# Usage: scripts/fuzz-gguf.sh [SECONDS] [extra libFuzzer flags...]
#   SECONDS defaults to 60. Work files go to $HEARTH_FUZZ_DIR (default
#   build-fuzz/ in the checkout, which git ignores); the corpus there grows
#   from run to run.
# Needs: clang-14 and libclang-rt-14-dev (apt-get install clang-14 libclang-rt-14-dev).
set -euo pipefail

seconds="${1:-60}"
shift || true
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
    echo "usage: $0 [SECONDS] [libFuzzer flags...]" >&2
    exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${HEARTH_FUZZ_DIR:-$root/build-fuzz}"
cxx="${HEARTH_FUZZ_CXX:-clang++-14}"
shared="${HEARTH_SHARED_DIR:-$root/../shared}"
mkdir -p "$work/corpus" "$work/artifacts"
rm -rf "$work/seeds"

if ! command -v "$cxx" >/dev/null; then
    echo "$cxx not found: apt-get install clang-14 libclang-rt-14-dev" >&2
    exit 2
fi

# Everything the reader, the dequantisers and the summary need; nothing else
# (in particular no Vulkan).
sources=("$root"/inference/src/gguf/*.cpp "$root"/inference/src/quant/*.cpp "$root"/inference/src/model/summary.cpp)
common=(-std=c++20 -O1 -g -fno-omit-frame-pointer -I"$root/inference/include" -I"$root/inference/src")

echo "== building fuzz_gguf with $cxx"
"$cxx" "${common[@]}" -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    "$root/tests/fuzz/fuzz_gguf.cpp" "${sources[@]}" -o "$work/fuzz_gguf"
"$cxx" "${common[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all -DHEARTH_FUZZ_SEED_GENERATOR \
    "$root/tests/fuzz/fuzz_gguf.cpp" "${sources[@]}" -o "$work/fuzz_gguf_seeds"

echo "== seeding"
"$work/fuzz_gguf_seeds" "$work/seeds"
# The header of a real model (its tensor data cut off) gives the fuzzer real
# metadata to mutate; whole model files would make each run slow.
for real in "$shared/models/stories260K-Q4_K_M.gguf" "$shared/vocab/ggml-vocab-gpt-2.gguf"; do
    if [[ -f "$real" ]]; then
        head -c 16384 "$real" > "$work/seeds/head-$(basename "$real")"
    fi
done

# Tokens worth splicing into inputs: the magic, well-known keys, type ids.
cat > "$work/gguf.dict" <<'DICT'
"GGUF"
"\x03\x00\x00\x00"
"\x02\x00\x00\x00"
"general.alignment"
"general.architecture"
"general.file_type"
"split.count"
"split.no"
"split.tensors.count"
"tokenizer.ggml.tokens"
"llama.block_count"
"llama.attention.head_count"
"\x09\x00\x00\x00\x08\x00\x00\x00"
"\x20\x00\x00\x00"
"\xff\xff\xff\xff\xff\xff\xff\x7f"
DICT

echo "== fuzzing for ${seconds}s"
status=0
"$work/fuzz_gguf" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -dict="$work/gguf.dict" -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
    "$@" "$work/corpus" "$work/seeds" || status=$?
if [[ $status -ne 0 ]]; then
    echo "fuzz-gguf: FINDING (exit $status); inputs in $work/artifacts/" >&2
    exit "$status"
fi
echo "fuzz-gguf: no findings in ${seconds}s ($(ls "$work/corpus" | wc -l) corpus entries)"
