#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <vulkan/vulkan.h>

namespace hearth::vk {

// The process-wide Vulkan instance. Every GPU context shares it, so several
// models can be loaded on several devices at once.
class Instance {
public:
    // Creates the instance on first use. Throws hearth::Error (with advice)
    // when no Vulkan driver is installed.
    static std::shared_ptr<Instance> shared();

    ~Instance();
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;

    VkInstance handle() const { return instance_; }
    std::uint32_t apiVersion() const { return apiVersion_; }
    bool validationEnabled() const { return messenger_ != VK_NULL_HANDLE; }
    std::vector<VkPhysicalDevice> physicalDevices() const;

private:
    Instance();

    VkInstance instance_ = VK_NULL_HANDLE;
    VkDebugUtilsMessengerEXT messenger_ = VK_NULL_HANDLE;
    std::uint32_t apiVersion_ = VK_API_VERSION_1_2;
};

// Validation-layer reports (warnings and errors). Validation is on in debug
// builds, or when HEARTH_VALIDATION=1, whenever the layer is installed; tests
// assert that nothing was reported.
bool validationLayerInstalled();
std::vector<std::string> validationMessages();
void clearValidationMessages();

} // namespace hearth::vk
