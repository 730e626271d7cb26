#pragma once

// How much device memory is left, for the "Not enough GPU memory" errors.
// VK_EXT_memory_budget gives the driver's view (other programs included);
// without it we fall back to the heap size minus what this context holds.

#include <cstdint>
#include <string>

namespace hearth::vk {

class Context;

struct HeapBudget {
    std::uint64_t heapBytes = 0;   // the heap's size
    std::uint64_t budgetBytes = 0; // what this process may use (driver's estimate or heap size)
    std::uint64_t usedBytes = 0;   // what this process uses (driver's count or our own)
    bool fromDriver = false;       // VK_EXT_memory_budget answered

    std::uint64_t availableBytes() const { return budgetBytes > usedBytes ? budgetBytes - usedBytes : 0; }
};

HeapBudget heapBudget(const Context& context, std::uint32_t heapIndex);

// "3.2 GiB", "512 MiB", "17 bytes".
std::string formatBytes(std::uint64_t bytes);

// Throws hearth::Error: "Not enough GPU memory: needed 3.2 GiB, 1.1 GiB
// available on <device>. ..."
[[noreturn]] void throwOutOfMemory(const Context& context, std::uint64_t neededBytes, std::uint32_t heapIndex);

} // namespace hearth::vk
