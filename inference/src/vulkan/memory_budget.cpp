#include "vulkan/memory_budget.h"

#include "hearth/error.h"
#include "vulkan/context.h"

#include <cstdio>

namespace hearth::vk {

HeapBudget heapBudget(const Context& context, std::uint32_t heapIndex)
{
    const VkPhysicalDeviceMemoryProperties& props = context.memoryProperties();
    HeapBudget budget;
    if (heapIndex >= props.memoryHeapCount)
        return budget;
    budget.heapBytes = props.memoryHeaps[heapIndex].size;
    if (context.hasMemoryBudget()) {
        VkPhysicalDeviceMemoryBudgetPropertiesEXT driver{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_BUDGET_PROPERTIES_EXT};
        VkPhysicalDeviceMemoryProperties2 props2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_PROPERTIES_2};
        props2.pNext = &driver;
        vkGetPhysicalDeviceMemoryProperties2(context.physicalDevice(), &props2);
        if (driver.heapBudget[heapIndex] > 0) {
            budget.budgetBytes = driver.heapBudget[heapIndex];
            budget.usedBytes = driver.heapUsage[heapIndex];
            budget.fromDriver = true;
            return budget;
        }
    }
    budget.budgetBytes = budget.heapBytes;
    budget.usedBytes = context.allocatedBytes(heapIndex);
    return budget;
}

std::string formatBytes(std::uint64_t bytes)
{
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = double(bytes);
    int unit = 0;
    while (value >= 1024 && unit < 5) {
        value /= 1024;
        ++unit;
    }
    char text[48];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    return text;
}

void throwOutOfMemory(const Context& context, std::uint64_t neededBytes, std::uint32_t heapIndex)
{
    const HeapBudget budget = heapBudget(context, heapIndex);
    throw Error("Not enough GPU memory: needed " + formatBytes(neededBytes) + ", " +
                formatBytes(budget.availableBytes()) + " available on " + context.info().name + " (" +
                formatBytes(budget.heapBytes) + " in total). Close other programs that use the GPU, or use a "
                "smaller model or a shorter context.");
}

} // namespace hearth::vk
