#include "theme/system_theme.h"

#include "core/settings.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QGuiApplication>
#include <QPalette>

namespace hearth::ui {
namespace {

const char* const kPortalService = "org.freedesktop.portal.Desktop";
const char* const kPortalPath = "/org/freedesktop/portal/desktop";
const char* const kPortalSettings = "org.freedesktop.portal.Settings";

// The portal wraps values in up to two variants depending on its version.
int unwrapScheme(QVariant value)
{
    while (value.canConvert<QDBusVariant>() && value.userType() == qMetaTypeId<QDBusVariant>())
        value = value.value<QDBusVariant>().variant();
    bool ok = false;
    const int scheme = value.toInt(&ok);
    return ok ? scheme : -1;
}

} // namespace

SystemTheme::SystemTheme(QObject* parent) : QObject(parent), mode_(Settings().theme())
{
    QDBusConnection::sessionBus().connect(kPortalService, kPortalPath, kPortalSettings, "SettingChanged", this,
                                          SLOT(onPortalSettingChanged(QString, QString, QDBusVariant)));
    queryPortal();
    if (QCoreApplication::instance())
        QCoreApplication::instance()->installEventFilter(this);
    update();
}

bool SystemTheme::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::ApplicationPaletteChange && watched == QCoreApplication::instance())
        update();
    return QObject::eventFilter(watched, event);
}

void SystemTheme::setMode(const QString& mode)
{
    const QString normalized = mode == "light" || mode == "dark" ? mode : QStringLiteral("system");
    if (normalized == mode_)
        return;
    mode_ = normalized;
    Settings().setTheme(mode_);
    Q_EMIT modeChanged();
    update();
}

void SystemTheme::queryPortal()
{
    if (!QDBusConnection::sessionBus().isConnected())
        return;
    QDBusMessage call = QDBusMessage::createMethodCall(kPortalService, kPortalPath, kPortalSettings, "Read");
    call << QStringLiteral("org.freedesktop.appearance") << QStringLiteral("color-scheme");
    // Asynchronous: a missing portal must never delay the first frame.
    auto* watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call, 2000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher* w) {
        QDBusPendingReply<QVariant> reply = *w;
        if (!reply.isError()) {
            portalScheme_ = unwrapScheme(reply.value());
            update();
        }
        w->deleteLater();
    });
}

void SystemTheme::onPortalSettingChanged(const QString& group, const QString& key, const QDBusVariant& value)
{
    if (group == "org.freedesktop.appearance" && key == "color-scheme") {
        portalScheme_ = unwrapScheme(value.variant());
        update();
    }
}

bool SystemTheme::paletteLooksDark() const
{
    const QPalette palette = QGuiApplication::palette();
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

void SystemTheme::update()
{
    bool dark = false;
    const QByteArray forced = qgetenv("HEARTH_THEME");
    if (forced == "dark" || forced == "light")
        dark = forced == "dark";
    else if (mode_ != "system")
        dark = mode_ == "dark";
    else if (portalScheme_ == 1 || portalScheme_ == 2)
        dark = portalScheme_ == 1;
    else
        dark = paletteLooksDark();
    if (dark != dark_) {
        dark_ = dark;
        Q_EMIT darkChanged();
    }
    useLinkColour(dark);
}

void SystemTheme::useLinkColour(bool dark)
{
    // Qt's Markdown import colours links with the application palette, not
    // the item's: keep it at Theme.accentHover so links read in both themes.
    QPalette palette = QGuiApplication::palette();
    const QColor link(dark ? "#f59d66" : "#c4551f");
    if (palette.color(QPalette::Link) == link)
        return;
    palette.setColor(QPalette::Link, link);
    palette.setColor(QPalette::LinkVisited, link);
    QGuiApplication::setPalette(palette);
}

} // namespace hearth::ui
