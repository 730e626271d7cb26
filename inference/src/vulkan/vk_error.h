#pragma once

#include <string>
#include <string_view>

#include <vulkan/vulkan.h>

namespace hearth::vk {

std::string_view resultName(VkResult result);

// Throws hearth::Error("<what> failed: VK_ERROR_...") for any failed call.
// Out-of-memory results get wording a user can act on.
void check(VkResult result, std::string_view what);

} // namespace hearth::vk
