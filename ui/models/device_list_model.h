#pragma once

#include "services/device_service.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace hearth::ui {

// The machine's GPUs for the settings page and the top bar.
class DeviceListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool loading READ loading NOTIFY statusChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY statusChanged)
    Q_PROPERTY(int selectedIndex READ selectedIndex NOTIFY statusChanged)
    Q_PROPERTY(QString selectedName READ selectedName NOTIFY statusChanged)

public:
    enum Role {
        NameRole = Qt::UserRole + 1, ///< Device name as the driver reports it.
        TypeRole,                    ///< "discrete", "integrated", "virtual" or "cpu".
        DriverRole,                  ///< Driver name, e.g. "llvmpipe" or "NVIDIA".
        MemoryRole,                  ///< Device-local memory, human-readable ("12.0 GiB"); empty if unknown.
        SelectedRole,                ///< True for the device Hearth uses.
    };

    explicit DeviceListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    bool loading() const { return loading_; }
    QString errorText() const { return errorText_; }
    int selectedIndex() const { return selected_; }
    QString selectedName() const;

    Q_INVOKABLE void refresh();

Q_SIGNALS:
    void statusChanged();

private:
    DeviceService service_;
    QList<DeviceSummary> devices_;
    int selected_ = -1;
    bool loading_ = false;
    QString errorText_;
};

} // namespace hearth::ui
