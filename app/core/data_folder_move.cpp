#include "core/data_folder_move.h"

#include "core/data_folder.h"
#include "core/settings.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>

#include <utility>
#include <vector>

namespace hearth {
namespace {

Q_LOGGING_CATEGORY(lcDataFolder, "hearth.data")

QStringList entriesOf(const QString& folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

// A models folder chosen in Settings inside the legacy folder moves with it.
void repointModelsFolder(const QString& legacy, const QString& current)
{
    Settings settings;
    const QString chosen = QDir::cleanPath(settings.modelsFolder());
    if (chosen == legacy || chosen.startsWith(legacy + "/"))
        settings.setModelsFolder(current + chosen.mid(legacy.size()));
}

} // namespace

DataFolderMove moveLegacyDataFolder(const std::function<bool(const QString& from, const QString& to)>& rename)
{
    const QString legacy = legacyDataFolder();
    if (!QFileInfo(legacy).isDir())
        return {};
    const QString current = QFileInfo(legacy).path();
    const QStringList entries = entriesOf(legacy);
    const auto failed = [&](const QString& why) {
        return DataFolderMove{DataFolderMove::Outcome::Failed,
                              QString("Your chats and models could not be moved from %1 to %2 (%3), so Hearth keeps "
                                      "using %1.")
                                  .arg(QDir::toNativeSeparators(legacy), QDir::toNativeSeparators(current), why)};
    };
    if (defaultDataFolder() != legacy)
        return {DataFolderMove::Outcome::LeftAlone,
                QString("Hearth's data is in %1; %2, which an older version used, was left as it is.")
                    .arg(QDir::toNativeSeparators(current), QDir::toNativeSeparators(legacy))};
    if (entries.contains("hearth")) // it would have to move into itself
        return failed(QString("it holds a folder named hearth"));

    std::vector<std::pair<QString, QString>> done;
    for (const QString& name : entries) {
        const QString from = legacy + "/" + name;
        const QString to = current + "/" + name;
        const bool ok = rename ? rename(from, to) : QDir().rename(from, to);
        if (!ok) {
            // Put back what moved, newest first, so the legacy folder is whole again.
            for (auto it = done.rbegin(); it != done.rend(); ++it)
                QDir().rename(it->second, it->first);
            return failed(QString("%1 could not be moved").arg(name));
        }
        done.emplace_back(from, to);
    }
    QDir().rmdir(legacy);
    repointModelsFolder(legacy, current);
    return {DataFolderMove::Outcome::Moved,
            QString("Moved Hearth's data (%1) from %2 to %3.")
                .arg(entries.isEmpty() ? QString("nothing in it") : entries.join(", "),
                     QDir::toNativeSeparators(legacy), QDir::toNativeSeparators(current))};
}

void logDataFolderMove(const DataFolderMove& move)
{
    if (move.outcome == DataFolderMove::Outcome::Moved)
        qCInfo(lcDataFolder).noquote() << move.message;
    else if (move.outcome == DataFolderMove::Outcome::Failed)
        qCWarning(lcDataFolder).noquote() << move.message;
}

} // namespace hearth
