#pragma once

#include <QList>
#include <QObject>
#include <QString>

namespace hearth {

// What the UI shows of one GPU.
struct DeviceSummary {
    int index = 0;
    QString name;
    QString type;   // "discrete", "integrated", "virtual", "cpu"
    QString driver;
    quint64 memoryBytes = 0; // device-local memory
};

// Looks up the GPUs off the calling thread (creating a Vulkan instance can
// take a while) and reports back with a queued signal.
class DeviceService : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    void refresh(); // emits devicesReady or failed, later, on this object's thread

Q_SIGNALS:
    void devicesReady(const QList<hearth::DeviceSummary>& devices, int selected);
    void failed(const QString& message);
};

} // namespace hearth
