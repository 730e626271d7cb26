#pragma once

#include "hearth/devices.h"

#include <vulkan/vulkan.h>

namespace hearth::vk {

// Reads everything Hearth needs to know about one physical device.
DeviceInfo queryDevice(VkPhysicalDevice device, std::uint32_t index, std::uint32_t instanceApiVersion);

bool deviceHasExtension(VkPhysicalDevice device, const char* name);

} // namespace hearth::vk
