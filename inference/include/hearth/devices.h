#pragma once

// What the machine's Vulkan devices are and which one Hearth should use.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hearth {

enum class DeviceType { Discrete, Integrated, Virtual, Cpu, Other };

struct MemoryHeap {
    std::uint64_t bytes = 0;
    bool deviceLocal = false;
    bool hostVisible = false; // some memory type of this heap can be mapped (UMA, ReBAR)
};

struct DeviceInfo {
    std::uint32_t index = 0; // position in Vulkan's enumeration order
    std::string name;
    std::uint32_t vendorId = 0;
    std::string vendor;
    DeviceType type = DeviceType::Other;
    std::string driverName;
    std::string driverInfo;
    std::string apiVersion;    // "1.3.238"
    std::string driverVersion; // vendor-specific encoding decoded where known

    std::vector<MemoryHeap> heaps;
    std::uint64_t deviceLocalBytes = 0; // sum of device-local heaps

    std::uint32_t subgroupSize = 0;
    std::uint32_t minSubgroupSize = 0;
    std::uint32_t maxSubgroupSize = 0;
    bool subgroupArithmetic = false; // subgroupAdd & co. in compute shaders
    bool subgroupSizeControl = false;

    bool float16Arithmetic = false;
    bool int8Arithmetic = false;
    bool storage16Bit = false;
    bool storage8Bit = false;
    bool integerDotProduct = false;            // VK_KHR_shader_integer_dot_product
    bool integerDotProductAccelerated = false; // 4x8-bit packed dot is a native instruction
    bool cooperativeMatrix = false;            // VK_KHR_ or VK_NV_cooperative_matrix

    std::uint64_t maxStorageBufferRange = 0;
    std::uint64_t maxUniformBufferRange = 0;
    std::uint64_t maxTexelBufferElements = 0;
    std::uint64_t maxMemoryAllocationSize = 0;
    std::uint32_t maxSharedMemoryBytes = 0;
    std::uint32_t maxWorkgroupInvocations = 0;
    std::uint32_t maxWorkgroupCount[3] = {0, 0, 0};
    bool timestampQueries = false;
};

std::string_view deviceTypeName(DeviceType type);

// Every Vulkan device on this machine. Throws hearth::Error with advice when
// no Vulkan driver is installed at all.
std::vector<DeviceInfo> listDevices();

// Picks the device to use: `preference` empty means the best one (discrete >
// integrated > virtual > CPU, then most device memory); a number selects by
// index; other text selects the first device whose name contains it
// (case-insensitive). Throws hearth::Error naming the devices when nothing
// matches.
std::size_t chooseDevice(const std::vector<DeviceInfo>& devices, std::string_view preference);

// HEARTH_DEVICE from the environment wins over the app's setting.
std::string devicePreference(std::string_view settingValue);

nlohmann::ordered_json toJson(const DeviceInfo& device);

} // namespace hearth
