#include "models/device_list_model.h"

namespace hearth::ui {

DeviceListModel::DeviceListModel(QObject* parent) : QAbstractListModel(parent)
{
    connect(&service_, &DeviceService::devicesReady, this, [this](const QList<DeviceSummary>& devices, int selected) {
        beginResetModel();
        devices_ = devices;
        selected_ = selected;
        endResetModel();
        loading_ = false;
        errorText_.clear();
        Q_EMIT statusChanged();
    });
    connect(&service_, &DeviceService::failed, this, [this](const QString& message) {
        loading_ = false;
        errorText_ = message;
        Q_EMIT statusChanged();
    });
    refresh();
}

int DeviceListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(devices_.size());
}

QVariant DeviceListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= devices_.size())
        return {};
    const DeviceSummary& d = devices_[index.row()];
    switch (role) {
    case NameRole: return d.name;
    case TypeRole: return d.type;
    case DriverRole: return d.driver;
    case MemoryRole: // empty when the driver reports none
        return d.memoryBytes ? QString::number(double(d.memoryBytes) / double(1ull << 30), 'f', 1) + " GiB" : QString();
    case SelectedRole: return index.row() == selected_;
    default: return {};
    }
}

QHash<int, QByteArray> DeviceListModel::roleNames() const
{
    return {{NameRole, "name"}, {TypeRole, "type"}, {DriverRole, "driver"}, {MemoryRole, "memory"},
            {SelectedRole, "selected"}};
}

QString DeviceListModel::selectedName() const
{
    return selected_ >= 0 && selected_ < devices_.size() ? devices_[selected_].name : QString();
}

void DeviceListModel::refresh()
{
    loading_ = true;
    Q_EMIT statusChanged();
    service_.refresh();
}

} // namespace hearth::ui
