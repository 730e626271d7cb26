// hearth-cli devices [--json]: every Vulkan device with the properties the
// engine cares about, and which one Hearth would use.

#include "cli/command.h"
#include "cli/output.h"
#include "core/settings.h"
#include "hearth/devices.h"
#include "hearth/error.h"

#include <nlohmann/json.hpp>

namespace hearth::cli {
namespace {

QString gib(std::uint64_t bytes)
{
    return QString::number(double(bytes) / double(1ull << 30), 'f', 1) + " GiB";
}

QString yesNo(bool value)
{
    return value ? "yes" : "no";
}

QString describe(const DeviceInfo& d, bool chosen)
{
    QString heaps;
    for (const MemoryHeap& h : d.heaps)
        heaps += (heaps.isEmpty() ? "" : ", ") + gib(h.bytes) + (h.deviceLocal ? " device-local" : " host") +
                 (h.hostVisible && h.deviceLocal ? " (host-visible)" : "");
    QString text;
    text += QString("%1 %2: %3\n").arg(chosen ? "*" : " ").arg(d.index).arg(QString::fromStdString(d.name));
    const auto line = [&](const char* key, const QString& value) {
        text += QString("    %1 %2\n").arg(QString(key).leftJustified(26)).arg(value);
    };
    line("vendor", QString::fromStdString(d.vendor) + QString(" (0x%1)").arg(d.vendorId, 4, 16, QChar('0')));
    line("type", QString::fromUtf8(deviceTypeName(d.type).data(), qsizetype(deviceTypeName(d.type).size())));
    line("driver", QString::fromStdString(d.driverName + " " + d.driverInfo));
    line("api version", QString::fromStdString(d.apiVersion));
    line("memory heaps", heaps);
    line("subgroup size", QString("%1 (range %2-%3, arithmetic %4)")
                              .arg(d.subgroupSize).arg(d.minSubgroupSize).arg(d.maxSubgroupSize)
                              .arg(yesNo(d.subgroupArithmetic)));
    line("fp16 / int8 arithmetic", yesNo(d.float16Arithmetic) + " / " + yesNo(d.int8Arithmetic));
    line("16-bit / 8-bit storage", yesNo(d.storage16Bit) + " / " + yesNo(d.storage8Bit));
    line("integer dot product", yesNo(d.integerDotProduct) +
                                    (d.integerDotProductAccelerated ? " (accelerated)" : ""));
    line("cooperative matrix", yesNo(d.cooperativeMatrix));
    line("max storage buffer range", QString::number(d.maxStorageBufferRange));
    line("max allocation size", QString::number(d.maxMemoryAllocationSize));
    line("max shared memory", QString::number(d.maxSharedMemoryBytes));
    return text;
}

int runDevices(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("List the Vulkan devices on this machine; '*' marks the one Hearth uses "
                                     "(override with HEARTH_DEVICE=<index or name> or the GPU setting).");
    const QCommandLineOption json("json", "Print one JSON object instead of text.");
    parser.addOption(json);
    if (int exit = parseOrExit(parser, "devices", "[--json]", args); exit >= 0)
        return exit;

    try {
        const auto devices = listDevices();
        const std::size_t chosen = chooseDevice(devices, devicePreference(Settings().devicePreference().toStdString()));
        if (parser.isSet(json)) {
            nlohmann::ordered_json out;
            out["selected"] = chosen;
            out["devices"] = nlohmann::ordered_json::array();
            for (const auto& d : devices)
                out["devices"].push_back(toJson(d));
            printOut(out.dump(2) + "\n");
        } else {
            QString text;
            for (std::size_t i = 0; i < devices.size(); ++i)
                text += describe(devices[i], i == chosen);
            printOut(text);
        }
        return 0;
    } catch (const Error& e) {
        return fail("devices", QString::fromUtf8(e.what()));
    }
}

} // namespace

Command devicesCommand()
{
    return {"devices", "List GPUs (Vulkan devices) and their capabilities", runDevices};
}

} // namespace hearth::cli
