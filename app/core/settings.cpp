#include "core/settings.h"

namespace hearth {

Settings::Settings() : settings_(QSettings::IniFormat, QSettings::UserScope, "hearth", "hearth") {}

QString Settings::devicePreference() const
{
    return settings_.value("gpu/device").toString();
}

void Settings::setDevicePreference(const QString& value)
{
    settings_.setValue("gpu/device", value);
}

QString Settings::theme() const
{
    const QString value = settings_.value("appearance/theme", "system").toString();
    return value == "light" || value == "dark" ? value : "system";
}

void Settings::setTheme(const QString& value)
{
    settings_.setValue("appearance/theme", value);
}

} // namespace hearth
