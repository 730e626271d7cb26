#pragma once

#include <QSettings>
#include <QString>

namespace hearth {

// The user's preferences, stored with QSettings (~/.config/hearth/hearth.conf
// on Linux). Cheap to construct: create one where needed, on any thread.
class Settings {
public:
    Settings();

    // Which GPU to use: empty for automatic, else an index or part of a name.
    QString devicePreference() const;
    void setDevicePreference(const QString& value);

    // "system", "light" or "dark".
    QString theme() const;
    void setTheme(const QString& value);

private:
    QSettings settings_;
};

} // namespace hearth
