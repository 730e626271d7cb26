#include "services/library/folder_scan.h"

#include "hearth/gguf.h"

#include <QDir>
#include <QFileInfo>
#include <QMap>

#include <map>
#include <utility>

namespace hearth::library {
namespace {

QString relativeTo(const QString& root, const QString& path)
{
    return QDir(root).relativeFilePath(path);
}

} // namespace

bool isModelFileName(const QString& fileName)
{
    return !fileName.startsWith('.') && fileName.size() > 5 && fileName.endsWith(".gguf", Qt::CaseInsensitive);
}

int folderDepth(const QString& root, const QString& folder)
{
    const QString rel = relativeTo(QDir::cleanPath(root), QDir::cleanPath(folder));
    if (rel == ".")
        return 0;
    if (rel.startsWith("..") || QDir::isAbsolutePath(rel))
        return -1;
    return int(rel.count('/')) + 1;
}

QStringList listModelFolders(const QString& root, const QString& from)
{
    const QString cleanRoot = QDir::cleanPath(QDir(root).absolutePath());
    const QString start = from.isEmpty() ? cleanRoot : QDir::cleanPath(QDir(from).absolutePath());
    if (!QFileInfo(start).isDir() || folderDepth(cleanRoot, start) < 0)
        return {};
    QStringList folders{start};
    // Breadth first, so parents come before their children.
    for (qsizetype i = 0; i < folders.size(); ++i) {
        if (folderDepth(cleanRoot, folders[i]) >= kMaxFolderDepth)
            continue;
        const QDir dir(folders[i]);
        const QStringList children = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Readable, QDir::Name);
        for (const QString& child : children)
            folders.append(QDir::cleanPath(dir.filePath(child)));
    }
    return folders;
}

QList<ModelFiles> findModelFiles(const QString& root, const QString& folder)
{
    const QDir dir(folder);
    const QStringList components = relativeTo(root, folder).split('/', Qt::SkipEmptyParts);
    const bool inRepo = components.size() >= 2 && components[0] != ".";

    const auto makeFiles = [&](const QString& fileName, QStringList parts) {
        ModelFiles files;
        files.fileName = fileName;
        files.relativePath = relativeTo(root, dir.filePath(fileName));
        if (inRepo) {
            files.publisher = components[0];
            files.repo = components[1];
        }
        files.parts = std::move(parts);
        return files;
    };

    QList<ModelFiles> found;
    // Split parts by (prefix, count): part number -> file name.
    std::map<std::pair<std::string, uint32_t>, QMap<uint32_t, QString>> splitSets;
    // Unreadable files too: they are listed with the error opening them gives.
    const QStringList names = dir.entryList(QDir::Files, QDir::Name);
    for (const QString& name : names) {
        if (!isModelFileName(name))
            continue;
        if (const auto split = parseGgufSplitName(name.toStdString())) {
            splitSets[{split->prefix, split->count}].insert(split->part, name);
            continue;
        }
        found.append(makeFiles(name, {dir.filePath(name)}));
    }
    for (const auto& [key, partNames] : splitSets) {
        if (uint32_t(partNames.size()) != key.second)
            continue; // incomplete: still downloading, or a part was lost
        QStringList parts;
        for (const QString& name : partNames)
            parts.append(dir.filePath(name));
        found.append(makeFiles(partNames.first(), parts));
    }
    return found;
}

} // namespace hearth::library
