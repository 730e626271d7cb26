#pragma once

// Small GGUF files for the model library tests, written with the engine's
// own GgufWriter (no shared fixtures needed).

#include "hearth/gguf.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>

#include <cstddef>
#include <string>
#include <vector>

namespace hearth::test {

struct TinyModel {
    std::string architecture = "llama";
    std::string name;           // general.name; empty: none
    uint32_t contextLength = 2048;
    uint32_t layers = 2;
    uint32_t fileType = 0;      // general.file_type (0 = F32)
    uint64_t rows = 4;          // of the one 8-wide F32 tensor: parameters = 8 * rows
};

inline void addTinyMetadata(GgufWriter& w, const TinyModel& m)
{
    w.setString("general.architecture", m.architecture);
    if (!m.name.empty())
        w.setString("general.name", m.name);
    w.setUInt32("general.file_type", m.fileType);
    w.setUInt32(m.architecture + ".context_length", m.contextLength);
    w.setUInt32(m.architecture + ".block_count", m.layers);
}

// Writes a one-tensor model to `path`, creating its folders.
inline void writeTinyModel(const QString& path, const TinyModel& m = {})
{
    QDir().mkpath(QFileInfo(path).path());
    GgufWriter w;
    addTinyMetadata(w, m);
    w.addTensor("token_embd.weight", {8, m.rows}, GgmlType::F32, std::vector<std::byte>(32 * m.rows));
    w.write(path.toStdString());
}

// Writes the parts of a `count`-part split model NAME-0000k-of-0000N.gguf
// into `folder`, except part `skip` (1-based; 0 writes all). Returns the
// path of part 1.
inline QString writeSplitModel(const QString& folder, const std::string& prefix, uint32_t count, uint32_t skip = 0,
                               const TinyModel& m = {})
{
    QDir().mkpath(folder);
    for (uint32_t i = 0; i < count; ++i) {
        GgufWriter w;
        if (i == 0)
            addTinyMetadata(w, m);
        w.setUInt16("split.no", uint16_t(i));
        w.setUInt16("split.count", uint16_t(count));
        w.setInt32("split.tensors.count", int32_t(count));
        w.addTensor("t" + std::to_string(i), {8, 2}, GgmlType::F32, std::vector<std::byte>(64));
        if (i + 1 != skip)
            w.write((folder + "/" + QString::fromStdString(ggufSplitFileName(prefix, i + 1, count))).toStdString());
    }
    return folder + "/" + QString::fromStdString(ggufSplitFileName(prefix, 1, count));
}

inline void writeBytes(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
}

} // namespace hearth::test
