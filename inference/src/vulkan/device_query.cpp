#include "vulkan/device_query.h"

#include <cstring>
#include <vector>

namespace hearth::vk {
namespace {

std::string versionString(std::uint32_t v)
{
    return std::to_string(VK_API_VERSION_MAJOR(v)) + "." + std::to_string(VK_API_VERSION_MINOR(v)) + "." +
           std::to_string(VK_API_VERSION_PATCH(v));
}

std::string vendorName(std::uint32_t id)
{
    switch (id) {
    case 0x10DE: return "NVIDIA";
    case 0x1002: return "AMD";
    case 0x8086: return "Intel";
    case 0x106B: return "Apple";
    case 0x13B5: return "ARM";
    case 0x5143: return "Qualcomm";
    case 0x1010: return "Imagination";
    case 0x10005: return "Mesa";
    case 0x1414: return "Microsoft";
    default: return "unknown";
    }
}

// Driver versions are packed differently per vendor; show what users see in
// their driver's control panel where the scheme is known.
std::string driverVersionString(std::uint32_t vendorId, std::uint32_t v)
{
    if (vendorId == 0x10DE)
        return std::to_string((v >> 22) & 0x3ff) + "." + std::to_string((v >> 14) & 0xff) + "." +
               std::to_string((v >> 6) & 0xff) + "." + std::to_string(v & 0x3f);
    return versionString(v);
}

DeviceType typeOf(VkPhysicalDeviceType t)
{
    switch (t) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return DeviceType::Discrete;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return DeviceType::Integrated;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return DeviceType::Virtual;
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return DeviceType::Cpu;
    default: return DeviceType::Other;
    }
}

} // namespace

bool deviceHasExtension(VkPhysicalDevice device, const char* name)
{
    std::uint32_t count = 0;
    vkEnumerateDeviceExtensionProperties(device, nullptr, &count, nullptr);
    std::vector<VkExtensionProperties> extensions(count);
    vkEnumerateDeviceExtensionProperties(device, nullptr, &count, extensions.data());
    for (const auto& ext : extensions)
        if (std::strcmp(ext.extensionName, name) == 0)
            return true;
    return false;
}

DeviceInfo queryDevice(VkPhysicalDevice device, std::uint32_t index, std::uint32_t instanceApiVersion)
{
    VkPhysicalDeviceProperties base{};
    vkGetPhysicalDeviceProperties(device, &base);
    const std::uint32_t api = std::min(base.apiVersion, instanceApiVersion);
    const bool v13 = api >= VK_API_VERSION_1_3;

    // Properties: chain only the structs the device's API version knows.
    VkPhysicalDeviceSubgroupProperties subgroup{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES};
    VkPhysicalDeviceMaintenance3Properties maintenance3{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES};
    VkPhysicalDeviceDriverProperties driver{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
    VkPhysicalDeviceSubgroupSizeControlProperties sizeControl{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_SIZE_CONTROL_PROPERTIES};
    VkPhysicalDeviceShaderIntegerDotProductProperties dotProps{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_INTEGER_DOT_PRODUCT_PROPERTIES};
    VkPhysicalDeviceProperties2 props{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
    props.pNext = &subgroup;
    subgroup.pNext = &maintenance3;
    maintenance3.pNext = &driver;
    const bool hasSizeControl = v13 || deviceHasExtension(device, VK_EXT_SUBGROUP_SIZE_CONTROL_EXTENSION_NAME);
    const bool hasDot = v13 || deviceHasExtension(device, VK_KHR_SHADER_INTEGER_DOT_PRODUCT_EXTENSION_NAME);
    void** tail = &driver.pNext;
    if (hasSizeControl) {
        *tail = &sizeControl;
        tail = &sizeControl.pNext;
    }
    if (hasDot)
        *tail = &dotProps;
    vkGetPhysicalDeviceProperties2(device, &props);

    VkPhysicalDeviceVulkan11Features features11{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES};
    VkPhysicalDeviceVulkan12Features features12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
    VkPhysicalDeviceFeatures2 features{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    features.pNext = &features11;
    features11.pNext = &features12;
    vkGetPhysicalDeviceFeatures2(device, &features);

    DeviceInfo info;
    info.index = index;
    info.name = base.deviceName;
    info.vendorId = base.vendorID;
    info.vendor = vendorName(base.vendorID);
    info.type = typeOf(base.deviceType);
    info.driverName = driver.driverName;
    info.driverInfo = driver.driverInfo;
    info.apiVersion = versionString(base.apiVersion);
    info.driverVersion = driverVersionString(base.vendorID, base.driverVersion);

    VkPhysicalDeviceMemoryProperties memory{};
    vkGetPhysicalDeviceMemoryProperties(device, &memory);
    for (std::uint32_t h = 0; h < memory.memoryHeapCount; ++h) {
        MemoryHeap heap;
        heap.bytes = memory.memoryHeaps[h].size;
        heap.deviceLocal = memory.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT;
        for (std::uint32_t t = 0; t < memory.memoryTypeCount; ++t)
            if (memory.memoryTypes[t].heapIndex == h &&
                (memory.memoryTypes[t].propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT))
                heap.hostVisible = true;
        if (heap.deviceLocal)
            info.deviceLocalBytes += heap.bytes;
        info.heaps.push_back(heap);
    }

    info.subgroupSize = subgroup.subgroupSize;
    info.minSubgroupSize = hasSizeControl ? sizeControl.minSubgroupSize : subgroup.subgroupSize;
    info.maxSubgroupSize = hasSizeControl ? sizeControl.maxSubgroupSize : subgroup.subgroupSize;
    info.subgroupSizeControl = hasSizeControl && (sizeControl.requiredSubgroupSizeStages & VK_SHADER_STAGE_COMPUTE_BIT);
    info.subgroupArithmetic = (subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT) &&
                              (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_ARITHMETIC_BIT);

    info.float16Arithmetic = features12.shaderFloat16;
    info.int8Arithmetic = features12.shaderInt8;
    info.storage16Bit = features11.storageBuffer16BitAccess;
    info.storage8Bit = features12.storageBuffer8BitAccess;
    info.integerDotProduct = hasDot;
    info.integerDotProductAccelerated = hasDot && dotProps.integerDotProduct4x8BitPackedSignedAccelerated;
    info.cooperativeMatrix = deviceHasExtension(device, "VK_KHR_cooperative_matrix") ||
                             deviceHasExtension(device, "VK_NV_cooperative_matrix");

    info.maxStorageBufferRange = base.limits.maxStorageBufferRange;
    info.maxUniformBufferRange = base.limits.maxUniformBufferRange;
    info.maxTexelBufferElements = base.limits.maxTexelBufferElements;
    info.maxMemoryAllocationSize = maintenance3.maxMemoryAllocationSize;
    info.maxSharedMemoryBytes = base.limits.maxComputeSharedMemorySize;
    info.maxWorkgroupInvocations = base.limits.maxComputeWorkGroupInvocations;
    for (int i = 0; i < 3; ++i)
        info.maxWorkgroupCount[i] = base.limits.maxComputeWorkGroupCount[i];
    info.timestampQueries = base.limits.timestampComputeAndGraphics;
    return info;
}

} // namespace hearth::vk
