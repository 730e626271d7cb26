#pragma once

#include <span>

#include <vulkan/vulkan.h>

namespace hearth::vk {

// Waits until every fence is signalled, in short steps up to a finite total
// (60 s), so a hung GPU becomes an error the user can act on instead of a
// frozen app. Throws hearth::Error on timeout or a failed wait.
void waitForFences(VkDevice device, std::span<const VkFence> fences);

// Same wait for cleanup paths (destructors, error handlers): never throws,
// returns whether the fences were signalled.
bool waitForFencesQuietly(VkDevice device, std::span<const VkFence> fences) noexcept;

} // namespace hearth::vk
