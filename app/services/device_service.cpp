#include "services/device_service.h"

#include "core/settings.h"
#include "hearth/devices.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace hearth {
namespace {

struct Lookup {
    QList<DeviceSummary> devices;
    int selected = -1;
    QString error;
};

Lookup lookUpDevices(const std::string& preference)
{
    Lookup result;
    try {
        const auto devices = listDevices();
        for (const DeviceInfo& d : devices) {
            const std::string_view type = deviceTypeName(d.type);
            result.devices.append({int(d.index), QString::fromStdString(d.name),
                                   QString::fromUtf8(type.data(), qsizetype(type.size())),
                                   QString::fromStdString(d.driverName), d.deviceLocalBytes});
        }
        result.selected = int(chooseDevice(devices, preference));
    } catch (const std::exception& e) {
        result.error = QString::fromUtf8(e.what());
    }
    return result;
}

} // namespace

void DeviceService::refresh()
{
    const std::string preference = devicePreference(Settings().devicePreference().toStdString());
    // The watcher lives on this object's thread, so results arrive there.
    auto* watcher = new QFutureWatcher<Lookup>(this);
    connect(watcher, &QFutureWatcher<Lookup>::finished, this, [this, watcher] {
        const Lookup result = watcher->result();
        watcher->deleteLater();
        if (result.error.isEmpty())
            Q_EMIT devicesReady(result.devices, result.selected);
        else
            Q_EMIT failed(result.error);
    });
    watcher->setFuture(QtConcurrent::run(lookUpDevices, preference));
}

} // namespace hearth
