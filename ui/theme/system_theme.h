#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <QDBusVariant>

namespace hearth::ui {

// Light or dark: the user's choice ("system", "light", "dark", saved in the
// settings), where "system" follows the desktop's colour-scheme preference
// (the freedesktop portal, else the platform palette) and its changes.
// HEARTH_THEME=light|dark overrides everything (screenshots, tests).
class SystemTheme : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString mode READ mode WRITE setMode NOTIFY modeChanged)
    Q_PROPERTY(bool dark READ dark NOTIFY darkChanged)

public:
    explicit SystemTheme(QObject* parent = nullptr);

    QString mode() const { return mode_; }
    void setMode(const QString& mode);
    bool dark() const { return dark_; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

Q_SIGNALS:
    void modeChanged();
    void darkChanged();

private Q_SLOTS:
    void onPortalSettingChanged(const QString& group, const QString& key, const QDBusVariant& value);

private:
    void queryPortal();
    void update();
    bool paletteLooksDark() const;
    static void useLinkColour(bool dark);

    QString mode_;
    int portalScheme_ = -1; // -1 unknown, 0 no preference, 1 dark, 2 light
    bool dark_ = false;
};

} // namespace hearth::ui
