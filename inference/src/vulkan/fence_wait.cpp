#include "vulkan/fence_wait.h"

#include "hearth/error.h"
#include "vulkan/vk_error.h"

#include <chrono>
#include <cstdint>

namespace hearth::vk {
namespace {

constexpr auto kTotalWait = std::chrono::seconds(60);
constexpr std::uint64_t kStepNs = 1'000'000'000; // one second per vkWaitForFences call

VkResult waitSteps(VkDevice device, std::span<const VkFence> fences)
{
    const auto deadline = std::chrono::steady_clock::now() + kTotalWait;
    for (;;) {
        const VkResult result =
            vkWaitForFences(device, static_cast<std::uint32_t>(fences.size()), fences.data(), VK_TRUE, kStepNs);
        if (result != VK_TIMEOUT || std::chrono::steady_clock::now() >= deadline)
            return result;
    }
}

} // namespace

void waitForFences(VkDevice device, std::span<const VkFence> fences)
{
    if (fences.empty())
        return;
    const VkResult result = waitSteps(device, fences);
    if (result == VK_TIMEOUT)
        throw Error("The GPU stopped responding (no result after 60 s). Restart Hearth; if it happens again, try "
                    "HEARTH_FORCE_FP32=1 or another GPU in Settings.");
    check(result, "Waiting for the GPU");
}

bool waitForFencesQuietly(VkDevice device, std::span<const VkFence> fences) noexcept
{
    return fences.empty() || waitSteps(device, fences) == VK_SUCCESS;
}

} // namespace hearth::vk
