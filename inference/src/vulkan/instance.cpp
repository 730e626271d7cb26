#include "vulkan/instance.h"

#include "hearth/error.h"
#include "vulkan/vk_error.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string_view>

namespace hearth::vk {
namespace {

constexpr const char* kValidationLayer = "VK_LAYER_KHRONOS_validation";

std::mutex& messageMutex()
{
    static std::mutex m;
    return m;
}

std::vector<std::string>& messageLog()
{
    static std::vector<std::string> log;
    return log;
}

VKAPI_ATTR VkBool32 VKAPI_CALL onValidationMessage(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                   VkDebugUtilsMessageTypeFlagsEXT,
                                                   const VkDebugUtilsMessengerCallbackDataEXT* data, void*)
{
    const char* level = severity >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT ? "error" : "warning";
    std::string text = std::string("Vulkan validation ") + level + ": " + (data->pMessage ? data->pMessage : "");
    std::fprintf(stderr, "%s\n", text.c_str());
    std::lock_guard lock(messageMutex());
    messageLog().push_back(std::move(text));
    return VK_FALSE;
}

bool validationWanted()
{
    if (const char* env = std::getenv("HEARTH_VALIDATION"))
        return std::string_view(env) == "1";
#ifdef HEARTH_VALIDATION_DEFAULT
    return true;
#else
    return false;
#endif
}

bool hasLayer(const char* name)
{
    std::uint32_t count = 0;
    vkEnumerateInstanceLayerProperties(&count, nullptr);
    std::vector<VkLayerProperties> layers(count);
    vkEnumerateInstanceLayerProperties(&count, layers.data());
    for (const auto& layer : layers)
        if (std::strcmp(layer.layerName, name) == 0)
            return true;
    return false;
}

bool hasExtension(const char* name)
{
    std::uint32_t count = 0;
    vkEnumerateInstanceExtensionProperties(nullptr, &count, nullptr);
    std::vector<VkExtensionProperties> extensions(count);
    vkEnumerateInstanceExtensionProperties(nullptr, &count, extensions.data());
    for (const auto& ext : extensions)
        if (std::strcmp(ext.extensionName, name) == 0)
            return true;
    return false;
}

const char* const kNoDriverAdvice =
    "No Vulkan driver was found. Hearth runs models on the GPU through Vulkan: install your "
    "graphics driver's Vulkan support (on Debian/Ubuntu: mesa-vulkan-drivers for AMD and Intel, "
    "or the NVIDIA driver), then start Hearth again.";

} // namespace

std::shared_ptr<Instance> Instance::shared()
{
    static std::mutex mutex;
    static std::weak_ptr<Instance> current;
    std::lock_guard lock(mutex);
    if (auto existing = current.lock())
        return existing;
    std::shared_ptr<Instance> created(new Instance());
    // A loader with no driver behind it creates an instance with no devices.
    if (created->physicalDevices().empty())
        throw Error(kNoDriverAdvice);
    current = created;
    return created;
}

Instance::Instance()
{
    std::uint32_t loaderVersion = VK_API_VERSION_1_0;
    if (vkEnumerateInstanceVersion(&loaderVersion) != VK_SUCCESS)
        loaderVersion = VK_API_VERSION_1_0;
    apiVersion_ = loaderVersion >= VK_API_VERSION_1_3 ? VK_API_VERSION_1_3 : VK_API_VERSION_1_2;

    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "Hearth";
    app.pEngineName = "Hearth";
    app.apiVersion = apiVersion_;

    std::vector<const char*> layers;
    std::vector<const char*> extensions;
    const bool validate = validationWanted() && hasLayer(kValidationLayer) &&
                          hasExtension(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    if (validate) {
        layers.push_back(kValidationLayer);
        extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    }
    VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    // MoltenVK (Apple) only shows up when portability devices are asked for.
    if (hasExtension("VK_KHR_portability_enumeration")) {
        extensions.push_back("VK_KHR_portability_enumeration");
        info.flags |= 0x00000001; // VK_INSTANCE_CREATE_ENUMERATE_PORTABILITY_BIT_KHR
    }
    info.pApplicationInfo = &app;
    info.enabledLayerCount = static_cast<std::uint32_t>(layers.size());
    info.ppEnabledLayerNames = layers.data();
    info.enabledExtensionCount = static_cast<std::uint32_t>(extensions.size());
    info.ppEnabledExtensionNames = extensions.data();

    const VkResult result = vkCreateInstance(&info, nullptr, &instance_);
    if (result == VK_ERROR_INCOMPATIBLE_DRIVER || result == VK_ERROR_INITIALIZATION_FAILED)
        throw Error(kNoDriverAdvice);
    check(result, "Creating the Vulkan instance");

    if (validate) {
        VkDebugUtilsMessengerCreateInfoEXT messenger{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
        messenger.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                                    VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
        messenger.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                                VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                                VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
        messenger.pfnUserCallback = onValidationMessage;
        auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(instance_, "vkCreateDebugUtilsMessengerEXT"));
        // Without the messenger we run unvalidated rather than not at all.
        if (!create || create(instance_, &messenger, nullptr, &messenger_) != VK_SUCCESS)
            messenger_ = VK_NULL_HANDLE;
    }
}

Instance::~Instance()
{
    if (messenger_ != VK_NULL_HANDLE) {
        auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(instance_, "vkDestroyDebugUtilsMessengerEXT"));
        if (destroy)
            destroy(instance_, messenger_, nullptr);
        messenger_ = VK_NULL_HANDLE;
    }
    if (instance_ != VK_NULL_HANDLE) {
        vkDestroyInstance(instance_, nullptr);
        instance_ = VK_NULL_HANDLE;
    }
}

std::vector<VkPhysicalDevice> Instance::physicalDevices() const
{
    std::uint32_t count = 0;
    check(vkEnumeratePhysicalDevices(instance_, &count, nullptr), "Listing Vulkan devices");
    std::vector<VkPhysicalDevice> devices(count);
    check(vkEnumeratePhysicalDevices(instance_, &count, devices.data()), "Listing Vulkan devices");
    devices.resize(count);
    return devices;
}

bool validationLayerInstalled()
{
    return hasLayer(kValidationLayer);
}

std::vector<std::string> validationMessages()
{
    std::lock_guard lock(messageMutex());
    return messageLog();
}

void clearValidationMessages()
{
    std::lock_guard lock(messageMutex());
    messageLog().clear();
}

} // namespace hearth::vk
