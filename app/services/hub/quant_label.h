#pragma once

// Reading a GGUF file name the way people name them on the Hub.

#include <QString>

#include <optional>

namespace hearth::hub {

// The quantisation in a file name, upper-case: "Q4_K_M", "Q8_0", "IQ4_XS",
// "F16", "BF16", ... Empty when the name does not show one.
QString quantLabel(const QString& fileName);

struct SplitPart {
    QString setName; // the path without "-0000k-of-0000N" (".gguf" kept)
    int index = 0;   // 1-based
    int count = 0;
};

// For "x-00002-of-00003.gguf": {"x.gguf", 2, 3}; nullopt for other names.
std::optional<SplitPart> splitPart(const QString& path);

} // namespace hearth::hub
