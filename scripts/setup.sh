#!/usr/bin/env bash
# Installs the Debian 12 packages Hearth needs to build, run and test, and
# only those that are missing. Safe to run again; never prompts.
# Works as root or through sudo. Downloads nothing but Debian packages.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build pkg-config git
    # engine: Vulkan headers and loader, shader compiler, regex, JSON
    libvulkan-dev glslang-tools libpcre2-dev nlohmann-json3-dev
    # Vulkan drivers: Mesa covers AMD, Intel and the lavapipe CPU driver the
    # tests run on; validation layers turn API misuse into test failures
    mesa-vulkan-drivers vulkan-validationlayers
    # application services
    libsqlite3-dev libcurl4-openssl-dev
    # Qt 6 and the QML modules the UI imports
    qt6-base-dev qt6-declarative-dev qt6-declarative-dev-tools qt6-tools-dev libqt6svg6
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
    qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript
    qml6-module-qtquick-dialogs qml6-module-qtquick-shapes qml6-module-qttest
    # Qt's own file and folder dialogs (Import, Settings' "Choose…") list
    # folders with it; without it they crash or never open
    qml6-module-qt-labs-folderlistmodel
    # fuzzing the GGUF reader (libFuzzer) and the fake Hugging Face server
    clang-14 libclang-rt-14-dev python3
)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "setup: all ${#packages[@]} packages are installed"
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "setup: these packages are missing and neither root nor sudo is available:" >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
