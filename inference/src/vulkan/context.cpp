#include "vulkan/context.h"

#include "hearth/error.h"
#include "vulkan/device_query.h"
#include "vulkan/instance.h"
#include "vulkan/pipeline_cache.h"
#include "vulkan/staging_ring.h"
#include "vulkan/vk_error.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace hearth::vk {
namespace {

std::vector<VkQueueFamilyProperties> queueFamilies(VkPhysicalDevice device)
{
    std::uint32_t count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, nullptr);
    std::vector<VkQueueFamilyProperties> families(count);
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, families.data());
    return families;
}

std::uint32_t computeQueueFamily(VkPhysicalDevice device)
{
    std::uint32_t count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, nullptr);
    std::vector<VkQueueFamilyProperties> families(count);
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, families.data());
    // A compute-only family is the dedicated async-compute engine where one
    // exists; otherwise any family that can compute.
    for (std::uint32_t i = 0; i < count; ++i)
        if ((families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) && !(families[i].queueFlags & VK_QUEUE_GRAPHICS_BIT))
            return i;
    for (std::uint32_t i = 0; i < count; ++i)
        if (families[i].queueFlags & VK_QUEUE_COMPUTE_BIT)
            return i;
    throw Error("The GPU has no compute queue, so it cannot run models.");
}

} // namespace

Context::Context(std::string_view devicePreference, const ContextOptions& options) : instance_(Instance::shared())
{
    const auto physicalDevices = instance_->physicalDevices();
    std::vector<DeviceInfo> infos;
    for (std::uint32_t i = 0; i < physicalDevices.size(); ++i)
        infos.push_back(queryDevice(physicalDevices[i], i, instance_->apiVersion()));
    const std::size_t chosen = chooseDevice(infos, devicePreference);
    physical_ = physicalDevices[chosen];
    info_ = infos[chosen];
    queueFamily_ = computeQueueFamily(physical_);
    const char* force = std::getenv("HEARTH_FORCE_FP32");
    forceFp32_ = force && std::strcmp(force, "1") == 0;
    // Kernels are chosen by device type; this lets the tests run the kernels
    // a discrete GPU gets on lavapipe (a CPU driver gets its own otherwise).
    const char* profile = std::getenv("HEARTH_DEVICE_PROFILE");
    if (profile && std::strcmp(profile, "discrete") == 0)
        info_.type = DeviceType::Discrete;
    vkGetPhysicalDeviceMemoryProperties(physical_, &memory_);
    VkPhysicalDeviceProperties props{};
    vkGetPhysicalDeviceProperties(physical_, &props);
    storageOffsetAlignment_ = std::max<VkDeviceSize>(1, props.limits.minStorageBufferOffsetAlignment);
    uniformOffsetAlignment_ = std::max<VkDeviceSize>(1, props.limits.minUniformBufferOffsetAlignment);
    texelOffsetAlignment_ = std::max<VkDeviceSize>(1, props.limits.minTexelBufferOffsetAlignment);
    timestampPeriod_ = props.limits.timestampPeriod;
    timestampValidBits_ = queueFamilies(physical_)[queueFamily_].timestampValidBits;

    // Enable the optional features the shaders can use when present.
    VkPhysicalDeviceVulkan11Features features11{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES};
    VkPhysicalDeviceVulkan12Features features12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
    features11.storageBuffer16BitAccess = info_.storage16Bit;
    features12.shaderFloat16 = info_.float16Arithmetic;
    features12.shaderInt8 = info_.int8Arithmetic;
    features12.storageBuffer8BitAccess = info_.storage8Bit;
    features11.pNext = &features12;
    VkPhysicalDeviceFeatures2 features{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    features.pNext = &features11;
    VkPhysicalDevicePipelineExecutablePropertiesFeaturesKHR executableInfo{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PIPELINE_EXECUTABLE_PROPERTIES_FEATURES_KHR};
    pipelineStatistics_ = options.pipelineStatistics &&
                          deviceHasExtension(physical_, VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME);
    if (pipelineStatistics_) {
        executableInfo.pipelineExecutableInfo = VK_TRUE;
        features12.pNext = &executableInfo;
    }

    const float priority = 1.0f;
    VkDeviceQueueCreateInfo queueInfo{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    queueInfo.queueFamilyIndex = queueFamily_;
    queueInfo.queueCount = 1;
    queueInfo.pQueuePriorities = &priority;

    std::vector<const char*> extensions;
    if (deviceHasExtension(physical_, "VK_KHR_portability_subset"))
        extensions.push_back("VK_KHR_portability_subset"); // required on MoltenVK
    memoryBudget_ = deviceHasExtension(physical_, VK_EXT_MEMORY_BUDGET_EXTENSION_NAME);
    if (memoryBudget_)
        extensions.push_back(VK_EXT_MEMORY_BUDGET_EXTENSION_NAME); // free memory for clear errors
    if (pipelineStatistics_)
        extensions.push_back(VK_KHR_PIPELINE_EXECUTABLE_PROPERTIES_EXTENSION_NAME);

    VkDeviceCreateInfo deviceInfo{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    deviceInfo.pNext = &features;
    deviceInfo.queueCreateInfoCount = 1;
    deviceInfo.pQueueCreateInfos = &queueInfo;
    deviceInfo.enabledExtensionCount = static_cast<std::uint32_t>(extensions.size());
    deviceInfo.ppEnabledExtensionNames = extensions.data();
    check(vkCreateDevice(physical_, &deviceInfo, nullptr, &device_), "Opening the GPU " + info_.name);
    vkGetDeviceQueue(device_, queueFamily_, 0, &queue_);

    try {
        pipelines_ = std::make_unique<PipelineCache>(*this); // empty until first use
    } catch (...) {
        release();
        throw;
    }
}

Context::~Context()
{
    release();
}

void Context::release()
{
    if (device_ == VK_NULL_HANDLE)
        return;
    // A device that never ran anything has nothing to wait for (and RADV's
    // compile-only "null hardware" device crashes in the wait).
    {
        std::lock_guard lock(queueMutex_);
        if (submitted_)
            vkDeviceWaitIdle(device_);
    }
    staging_.reset();   // its buffer and command pool need the device
    pipelines_.reset(); // pipelines need the device alive to be destroyed
    vkDestroyDevice(device_, nullptr);
    device_ = VK_NULL_HANDLE;
}

int Context::findMemoryType(std::uint32_t typeBits, VkMemoryPropertyFlags required, VkMemoryPropertyFlags preferred) const
{
    int fallback = -1;
    for (std::uint32_t i = 0; i < memory_.memoryTypeCount; ++i) {
        if (!(typeBits & (1u << i)))
            continue;
        const VkMemoryPropertyFlags flags = memory_.memoryTypes[i].propertyFlags;
        if ((flags & required) != required)
            continue;
        if ((flags & preferred) == preferred)
            return static_cast<int>(i);
        if (fallback < 0)
            fallback = static_cast<int>(i);
    }
    return fallback;
}

PipelineCache& Context::pipelines()
{
    return *pipelines_;
}

std::uint64_t Context::allocatedBytes(std::uint32_t heap) const
{
    std::lock_guard lock(allocatedMutex_);
    return heap < allocated_.size() ? allocated_[heap] : 0;
}

void Context::noteAllocation(std::uint32_t heap, std::int64_t deltaBytes)
{
    std::lock_guard lock(allocatedMutex_);
    if (heap >= allocated_.size())
        return;
    std::uint64_t& total = allocated_[heap];
    if (deltaBytes >= 0)
        total += std::uint64_t(deltaBytes);
    else
        total -= std::min(total, std::uint64_t(-deltaBytes));
}

StagingRing& Context::staging()
{
    std::lock_guard lock(stagingMutex_);
    if (!staging_)
        staging_ = std::make_unique<StagingRing>(*this);
    return *staging_;
}

void Context::submit(std::span<const VkCommandBuffer> commands, VkFence fence)
{
    VkSubmitInfo submitInfo{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    submitInfo.commandBufferCount = static_cast<std::uint32_t>(commands.size());
    submitInfo.pCommandBuffers = commands.data();
    std::lock_guard lock(queueMutex_);
    submitted_ = true;
    check(vkQueueSubmit(queue_, 1, &submitInfo, fence), "Submitting GPU work");
}

} // namespace hearth::vk
