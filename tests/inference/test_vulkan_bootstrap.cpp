// The Vulkan bootstrap: device discovery and choice, buffers, one dispatch.
// Runs on whatever driver is present (lavapipe in CI).

#include "embedded_shaders.h"
#include "hearth/devices.h"
#include "hearth/error.h"
#include "vulkan/buffer.h"
#include "vulkan/context.h"
#include "vulkan/instance.h"
#include "vulkan/op_recorder.h"
#include "vulkan/pipeline.h"

#include <QtTest>

#include <cstring>
#include <random>

#include <nlohmann/json.hpp>

using namespace hearth;

namespace {

DeviceInfo fakeDevice(std::uint32_t index, const char* name, DeviceType type, std::uint64_t memory)
{
    DeviceInfo d;
    d.index = index;
    d.name = name;
    d.type = type;
    d.deviceLocalBytes = memory;
    return d;
}

template <typename T>
std::span<const std::byte> bytesOf(const std::vector<T>& v)
{
    return std::as_bytes(std::span(v));
}

} // namespace

class VulkanBootstrapTest : public QObject {
    Q_OBJECT

private slots:
    void init() { vk::clearValidationMessages(); }
    void cleanup() { QCOMPARE(vk::validationMessages(), std::vector<std::string>{}); }

    void validationIsOnWhenAsked()
    {
        if (qgetenv("HEARTH_VALIDATION") != "1" || !vk::validationLayerInstalled())
            QSKIP("validation not requested or VK_LAYER_KHRONOS_validation not installed");
        QVERIFY(vk::Instance::shared()->validationEnabled());
    }

    void embeddedShadersAreSpirv()
    {
        QVERIFY(!shaders::all().empty());
        for (const auto& shader : shaders::all()) {
            QVERIFY2(shader.wordCount > 5, std::string(shader.name).c_str());
            QCOMPARE(shader.words[0], 0x07230203u); // SPIR-V magic
        }
        QVERIFY(shaders::find("add_f32") != nullptr);
        QVERIFY(shaders::find("no_such_shader") == nullptr);
    }

    void choosesDiscreteOverIntegratedOverCpu()
    {
        std::vector<DeviceInfo> devices = {
            fakeDevice(0, "llvmpipe (LLVM 15.0.6, 256 bits)", DeviceType::Cpu, 2ull << 30),
            fakeDevice(1, "Intel(R) UHD Graphics 770", DeviceType::Integrated, 8ull << 30),
            fakeDevice(2, "NVIDIA GeForce RTX 4070", DeviceType::Discrete, 12ull << 30),
            fakeDevice(3, "AMD Radeon RX 7900 XTX", DeviceType::Discrete, 24ull << 30),
        };
        QCOMPARE(chooseDevice(devices, ""), std::size_t(3)); // most memory among discrete
        devices.pop_back();
        QCOMPARE(chooseDevice(devices, ""), std::size_t(2));
        devices.pop_back();
        QCOMPARE(chooseDevice(devices, ""), std::size_t(1));
        devices.pop_back();
        QCOMPARE(chooseDevice(devices, ""), std::size_t(0));
    }

    void preferenceSelectsByIndexOrName()
    {
        const std::vector<DeviceInfo> devices = {
            fakeDevice(0, "llvmpipe (LLVM 15.0.6, 256 bits)", DeviceType::Cpu, 2ull << 30),
            fakeDevice(1, "NVIDIA GeForce RTX 4070", DeviceType::Discrete, 12ull << 30),
        };
        QCOMPARE(chooseDevice(devices, "0"), std::size_t(0));
        QCOMPARE(chooseDevice(devices, "LLVMPIPE"), std::size_t(0));
        QCOMPARE(chooseDevice(devices, "rtx"), std::size_t(1));
        try {
            chooseDevice(devices, "7");
            QFAIL("an out-of-range index was accepted");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("no GPU number 7") != std::string::npos);
            QVERIFY(std::string(e.what()).find("1: NVIDIA GeForce RTX 4070") != std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(Error, chooseDevice(devices, "radeon"));
    }

    void environmentOverridesSetting()
    {
        qputenv("HEARTH_DEVICE", "llvm");
        QCOMPARE(devicePreference("rtx"), std::string("llvm"));
        qunsetenv("HEARTH_DEVICE");
        QCOMPARE(devicePreference("rtx"), std::string("rtx"));
    }

    void listsDevicesWithLimits()
    {
        const auto devices = listDevices();
        QVERIFY(!devices.empty());
        for (const auto& d : devices) {
            QVERIFY(!d.name.empty());
            QVERIFY(d.maxStorageBufferRange > 0);
            QVERIFY(d.maxMemoryAllocationSize > 0);
            QVERIFY(d.subgroupSize >= 1);
            QVERIFY(d.minSubgroupSize <= d.subgroupSize && d.subgroupSize <= d.maxSubgroupSize);
            QVERIFY(!d.heaps.empty());
            const auto json = toJson(d);
            QCOMPARE(json["max_storage_buffer_range"].get<std::uint64_t>(), d.maxStorageBufferRange);
        }
    }

    void uploadDownloadRoundTrip()
    {
        vk::Context context;
        std::vector<std::uint32_t> data(3001);
        std::iota(data.begin(), data.end(), 7u);
        for (auto use : {vk::MemoryUse::DeviceLocal, vk::MemoryUse::HostVisible}) {
            vk::Buffer buffer(context, data.size() * 4 + 64, use);
            buffer.upload(bytesOf(data), 64);
            std::vector<std::uint32_t> back(data.size());
            buffer.download(std::as_writable_bytes(std::span(back)), 64);
            QCOMPARE(back, data);
        }
        vk::Buffer small(context, 16, vk::MemoryUse::DeviceLocal);
        QVERIFY_THROWS_EXCEPTION(Error, small.upload(bytesOf(data)));
    }

    void dispatchAddsVectors()
    {
        vk::Context context;
        // Odd size so the last workgroup is partly idle and the bounds check matters.
        const std::uint32_t n = 100003;
        std::mt19937 rng(42);
        std::uniform_real_distribution<float> dist(-10.0f, 10.0f);
        std::vector<float> a(n), b(n);
        for (std::uint32_t i = 0; i < n; ++i) {
            a[i] = dist(rng);
            b[i] = dist(rng);
        }
        vk::Buffer bufA(context, n * 4, vk::MemoryUse::DeviceLocal);
        vk::Buffer bufB(context, n * 4, vk::MemoryUse::DeviceLocal);
        vk::Buffer bufOut(context, n * 4, vk::MemoryUse::DeviceLocal);
        bufA.upload(bytesOf(a));
        bufB.upload(bytesOf(b));

        const std::uint32_t workgroup = 64;
        const vk::PipelineSpec add{"add_f32", 3, sizeof(std::uint32_t), {workgroup}};
        vk::OpRecorder recorder(context);
        recorder.dispatch(add,
                          {vk::Binding{{&bufA, 0, n * 4}, vk::Access::Read},
                           vk::Binding{{&bufB, 0, n * 4}, vk::Access::Read},
                           vk::Binding{{&bufOut, 0, n * 4}, vk::Access::Write}},
                          n, (n + workgroup - 1) / workgroup);
        recorder.submitAndWait();

        std::vector<float> out(n);
        bufOut.download(std::as_writable_bytes(std::span(out)));
        for (std::uint32_t i = 0; i < n; ++i)
            QCOMPARE(out[i], a[i] + b[i]);
    }

    void unknownShaderIsAnError()
    {
        vk::Context context;
        QVERIFY_THROWS_EXCEPTION(Error, vk::ComputePipeline(context, {"does_not_exist", 1, 0, {}}));
    }
};

QTEST_APPLESS_MAIN(VulkanBootstrapTest)
#include "test_vulkan_bootstrap.moc"
