#!/usr/bin/env bash
# Builds the 1 MB English and 1 MB Chinese texts the tokenizer benchmark uses
# (docs/PERFORMANCE.md) from files every Debian system has: the common
# licences and packages' copyright files for English, the Simplified Chinese
# message catalogues (msgstr lines that are mostly CJK) for Chinese.
# Usage: scripts/bench-corpus.sh OUT_DIR
set -euo pipefail
out=${1:?usage: scripts/bench-corpus.sh OUT_DIR}
mkdir -p "$out"

cat /usr/share/common-licenses/* /usr/share/doc/*/copyright 2>/dev/null > "$out/english.raw"

catalogues=$(mktemp)
trap 'rm -f "$catalogues"' EXIT
for mo in /usr/share/locale/zh_CN/LC_MESSAGES/*.mo; do
    msgunfmt "$mo" 2>/dev/null || true
done > "$catalogues"

python3 - "$out" "$catalogues" <<'PY'
import re, sys
out, catalogues = sys.argv[1], sys.argv[2]
MB = 1_000_000

def clip(text):
    # Repeat to reach 1 MB, then cut on a character boundary.
    while len(text.encode()) < MB:
        text += text
    data = text.encode()[:MB]
    return data.decode(errors="ignore")

english = open(f"{out}/english.raw", encoding="utf-8", errors="ignore").read()
open(f"{out}/english-1mb.txt", "w", encoding="utf-8").write(clip(english))

lines = []
for m in re.finditer(r'^msgstr(?:\[\d\])? "(.*)"$', open(catalogues, encoding="utf-8", errors="ignore").read(), re.M):
    s = m.group(1).encode().decode("unicode_escape", errors="ignore").encode("latin-1", errors="ignore").decode("utf-8", errors="ignore")
    cjk = sum(1 for c in s if "\u4e00" <= c <= "\u9fff")
    if s and cjk / len(s) > 0.5:
        lines.append(s)
open(f"{out}/chinese-1mb.txt", "w", encoding="utf-8").write(clip("\n".join(lines) + "\n"))
PY
rm -f "$out/english.raw"
ls -l "$out"/english-1mb.txt "$out"/chinese-1mb.txt
