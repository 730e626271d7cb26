#include "vulkan/spirv_interface.h"

#include "hearth/error.h"

#include <unordered_map>

namespace hearth::vk {

namespace {

// The few opcodes, decorations and storage classes of the SPIR-V spec
// (section 3) this reader needs.
enum : std::uint32_t {
    kMagic = 0x07230203,
    kOpTypeImage = 25,
    kOpTypePointer = 32,
    kOpVariable = 59,
    kOpDecorate = 71,
    kDecorationBinding = 33,
    kStorageUniformConstant = 0,
    kStorageUniform = 2,
    kStoragePushConstant = 9,
    kDimBuffer = 5,
};

} // namespace

SpirvInterface readSpirvInterface(std::span<const std::uint32_t> words)
{
    if (words.size() < 5 || words[0] != kMagic)
        throw Error("Internal error: a shader is not SPIR-V");
    std::unordered_map<std::uint32_t, std::uint32_t> bindingOf;       // variable id -> binding
    std::unordered_map<std::uint32_t, std::uint32_t> pointee;         // pointer type id -> pointee type id
    std::unordered_map<std::uint32_t, std::uint32_t> texelImages;     // sampled buffer image type ids
    std::unordered_map<std::uint32_t, std::pair<std::uint32_t, std::uint32_t>> variables; // id -> (type, class)

    for (std::size_t at = 5; at < words.size();) {
        const std::uint32_t count = words[at] >> 16;
        const std::uint32_t opcode = words[at] & 0xffff;
        if (count == 0 || at + count > words.size())
            throw Error("Internal error: a shader's SPIR-V is cut short");
        const std::uint32_t* op = &words[at];
        if (opcode == kOpDecorate && count >= 4 && op[2] == kDecorationBinding)
            bindingOf[op[1]] = op[3];
        else if (opcode == kOpTypePointer && count >= 4)
            pointee[op[1]] = op[3];
        else if (opcode == kOpTypeImage && count >= 8 && op[3] == kDimBuffer && op[7] == 1)
            texelImages[op[1]] = 1;
        else if (opcode == kOpVariable && count >= 4)
            variables[op[2]] = {op[1], op[3]};
        at += count;
    }

    SpirvInterface out;
    for (const auto& [id, typeAndClass] : variables) {
        const auto [type, storageClass] = typeAndClass;
        if (storageClass == kStoragePushConstant) {
            out.pushConstants = true;
            continue;
        }
        const auto binding = bindingOf.find(id);
        if (binding == bindingOf.end())
            continue;
        BindingKind kind = BindingKind::Storage;
        if (storageClass == kStorageUniform)
            kind = BindingKind::Uniform;
        else if (storageClass == kStorageUniformConstant && texelImages.count(pointee[type]))
            kind = BindingKind::TexelRgba32u;
        if (out.bindings.size() <= binding->second)
            out.bindings.resize(binding->second + 1, BindingKind::Storage);
        out.bindings[binding->second] = kind;
    }
    return out;
}

PipelineSpec specFromSpirv(std::string name, std::span<const std::uint32_t> words)
{
    const SpirvInterface shape = readSpirvInterface(words);
    PipelineSpec spec;
    spec.shader = std::move(name);
    spec.storageBuffers = static_cast<std::uint32_t>(shape.bindings.size());
    spec.pushConstantBytes = shape.pushConstants ? 128 : 0; // maxPushConstantsSize is at least 128
    for (std::uint32_t i = 0; i < spec.storageBuffers; ++i) {
        if (shape.bindings[i] == BindingKind::Uniform)
            spec.uniformMask |= 1u << i;
        else if (shape.bindings[i] == BindingKind::TexelRgba32u)
            spec.texelMask |= 1u << i;
    }
    return spec;
}

} // namespace hearth::vk
