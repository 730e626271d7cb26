#include "vulkan/ops_matvec.h"

#include "vulkan/buffer.h"
#include "vulkan/context.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_common.h"
#include "vulkan/texel_weights.h"

namespace hearth::vk::ops {
namespace {

// Every build: W, x, y and the bias (matvec_epilogue.glsl); cols, rows,
// rowBytes, wBase, yBase and the epilogue flags.
constexpr std::uint32_t kBindings = 4;
constexpr std::uint32_t kPushBytes = 6 * 4;
constexpr std::uint32_t kEpilogueBias = 1, kEpilogueAccumulate = 2;

// Generic kernel defaults for GPUs: not tuned yet (no GPU here); 32 threads
// fill a subgroup on NVIDIA / AMD wave32.
constexpr std::uint32_t kDefaultWorkgroup = 32;
constexpr std::uint32_t kDefaultRows = 2;
// Generic kernel on CPU drivers: one 8-lane subgroup per workgroup avoids
// barrier costs, and 4 rows share each x load.
constexpr std::uint32_t kCpuWorkgroup = 8;
constexpr std::uint32_t kCpuRows = 4;
// Lanes kernel: one 8-lane subgroup per workgroup.
constexpr std::uint32_t kLanes = 8;

// Columns per decoding unit of the generic kernel (matvec_types.glsl): cols
// must be a multiple.
std::uint32_t unitColumns(GgmlType type)
{
    switch (type) {
    case GgmlType::F32: return 4;
    case GgmlType::F16: case GgmlType::BF16: return 8;
    case GgmlType::Q8_0: case GgmlType::Q4_0: case GgmlType::Q4_1: case GgmlType::Q5_0: case GgmlType::Q5_1:
        return 32;
    case GgmlType::Q4_K: case GgmlType::Q5_K: case GgmlType::Q6_K: return 256;
    default: return 0;
    }
}

// Columns per chunk of the lanes kernel (matvec_lanes_types.glsl); 0: none.
std::uint32_t lanesChunk(GgmlType type)
{
    switch (type) {
    case GgmlType::F32: case GgmlType::F16: case GgmlType::Q8_0: case GgmlType::Q4_0: case GgmlType::Q5_0:
        return 32;
    case GgmlType::Q4_K: case GgmlType::Q6_K: return 256;
    default: return 0;
    }
}

// Texel kernel rows per workgroup, measured on lavapipe (docs/PERFORMANCE.md):
// more rows share each x fetch, fewer keep the decode's values in registers.
std::uint32_t texelRows(GgmlType type)
{
    return type == GgmlType::F32 || type == GgmlType::F16 ? 4 : 16;
}

// Lanes kernel rows per workgroup, measured on lavapipe (docs/PERFORMANCE.md):
// more rows share each x load and each workgroup's start-up cost; Q4_K's
// and Q4_0's decode keep few values per row alive, so they take 16 rows per
// lane (the others measured best or level at 4).
std::uint32_t lanesRows(GgmlType type)
{
    return type == GgmlType::Q4_K || type == GgmlType::Q4_0 ? 128 : 32;
}

// Types whose blocks are only 2-byte aligned: a row may end half-way into
// a 32-bit word.
bool halfWordBlocks(GgmlType type)
{
    return type == GgmlType::Q8_0 || type == GgmlType::Q4_0 || type == GgmlType::Q5_0 || type == GgmlType::Q6_K;
}

bool hasFp16Build(GgmlType type)
{
    return type == GgmlType::Q8_0 || type == GgmlType::Q4_K;
}

bool lanesDevice(const DeviceInfo& info)
{
    return info.subgroupSize == kLanes;
}

struct Plan {
    PipelineSpec spec;
    std::uint32_t rowsPerGroup = 0;
    bool texel = false; // weights and x bound as texel views
    bool fp16 = false;  // the half-precision build
};

Plan plan(const Context& context, const TensorView& w, std::uint64_t xOffset, const MatVecOptions& options)
{
    const GgmlType type = w.type;
    const std::uint64_t cols = w.shape[0];
    const DeviceInfo& info = context.info();
    const bool cpu = info.type == DeviceType::Cpu;
    const bool words = options.wordsOnly || !info.storage8Bit || !info.storage16Bit;
    const std::string typeSuffix = lower(typeName(type)) + (words ? "_w" : "");
    const bool texelFit = texelWeightsFit(context, w) && texelActivationsFit(context, xOffset, cols);
    bool texel = options.kernel == MatVecKernel::Texel;
    if (texel)
        require(texelFit, std::string("matVec texel kernel for ") + typeName(type) + " at this row length or placement");
    else if (options.kernel == MatVecKernel::Auto)
        texel = cpu && texelFit;
    if (texel) {
        const std::uint32_t rowsPerGroup = options.rowsPerGroup ? options.rowsPerGroup : texelRows(type);
        PipelineSpec spec{"matvec_texel_" + lower(typeName(type)), kBindings, kPushBytes, {kLanes, rowsPerGroup}};
        spec.texelMask = 1u << 0 | 1u << 1;
        return {std::move(spec), rowsPerGroup, true};
    }
    const bool lanesFit = lanesChunk(type) != 0 && cols % lanesChunk(type) == 0;
    bool lanes = options.kernel == MatVecKernel::Lanes;
    if (lanes) {
        require(lanesFit, std::string("matVec lanes kernel for ") + typeName(type) + " at this row length");
        if (!lanesDevice(info))
            throw Error("The mat-vec 'lanes' kernel needs a device with 8-lane subgroups; " + info.name + " has " +
                        std::to_string(info.subgroupSize) + ".");
    } else if (options.kernel == MatVecKernel::Auto) {
        lanes = cpu && lanesFit && lanesDevice(info);
    }
    if (lanes) {
        const std::uint32_t rowsPerGroup = options.rowsPerGroup ? options.rowsPerGroup : lanesRows(type);
        require(rowsPerGroup % kLanes == 0, "matVec lanes kernel needs rows per group a multiple of 8");
        return {{"matvec_lanes_" + typeSuffix, kBindings, kPushBytes, {kLanes, rowsPerGroup / kLanes}}, rowsPerGroup};
    }
    const bool subgroup = options.reduction == Reduction::Subgroup ||
                          (options.reduction == Reduction::Auto && info.subgroupArithmetic);
    const bool fp16 = context.fp16Allowed() && !words && hasFp16Build(type) &&
                      (options.fp16 == MatVecFp16::On || (options.fp16 == MatVecFp16::Auto && !cpu));
    const std::uint32_t workgroup =
        options.workgroup ? options.workgroup : (cpu ? kCpuWorkgroup : kDefaultWorkgroup);
    const std::uint32_t rowsPerGroup = options.rowsPerGroup ? options.rowsPerGroup : (cpu ? kCpuRows : kDefaultRows);
    require(rowsPerGroup <= workgroup, "matVec needs at least one thread per row of a workgroup");
    const std::string name = "matvec_" + lower(typeName(type)) + (fp16 ? "_f16" : "") + (words ? "_w" : "") +
                             (subgroup ? "_sg" : "");
    return {{name, kBindings, kPushBytes, {workgroup, rowsPerGroup}}, rowsPerGroup, false, fp16};
}

} // namespace

std::uint32_t matVecColumnMultiple(GgmlType type)
{
    return unitColumns(type);
}

bool matVecSupported(GgmlType type)
{
    return unitColumns(type) != 0;
}

bool matVecLanesSupported(GgmlType type, std::uint64_t cols)
{
    return lanesChunk(type) != 0 && cols % lanesChunk(type) == 0;
}

bool matVecTexelSupported(GgmlType type, std::uint64_t cols)
{
    return texelRowsFit(type, cols);
}

bool matVecInHalfPrecision(const Context& context, const TensorView& w, const MatVecOptions& options)
{
    return plan(context, w, 0, options).fp16;
}

void matVec(OpRecorder& rec, const TensorView& w, const TensorView& x, const TensorView& y,
            const MatVecOptions& options, const MatVecEpilogue& epilogue)
{
    require(matVecSupported(w.type), std::string("matVec of ") + typeName(w.type));
    const std::uint64_t cols = w.shape[0];
    const std::uint64_t rows = w.rows();
    require(cols % unitColumns(w.type) == 0, "matVec columns not a multiple of the decoding unit");
    require(x.type == GgmlType::F32 && x.elements() == cols, "matVec x shape");
    require(y.type == GgmlType::F32 && y.elements() == rows, "matVec y shape");
    require(!epilogue.bias || (epilogue.bias->type == GgmlType::F32 && epilogue.bias->elements() == rows),
            "matVec bias shape");
    const std::uint32_t epilogueFlags =
        (epilogue.bias ? kEpilogueBias : 0) | (epilogue.accumulate ? kEpilogueAccumulate : 0);

    const DeviceInfo& info = rec.context().info();
    const Plan main = plan(rec.context(), w, x.offset, options);

    // Rows per dispatch: as many as one binding can address. The binding
    // starts at an aligned offset at or below the chunk's first row; the
    // shader skips the difference (wBase).
    const std::uint64_t rowBytes = w.rowBytes();
    // At least 16: the F32/F16 decoders read rows as 16-byte vectors.
    const std::uint64_t align = std::max<std::uint64_t>(
        main.texel ? rec.context().texelOffsetAlignment() : rec.offsetAlignment(), 16);
    const std::uint64_t deviceLimit = main.texel ? info.maxTexelBufferElements * 16 : info.maxStorageBufferRange;
    const std::uint64_t limit = options.maxBindingBytes ? options.maxBindingBytes : deviceLimit;
    const std::uint64_t range = std::min<std::uint64_t>(limit, 0xFFFFFFFFu) - align - (main.texel ? 32 : 0);
    require(rowBytes <= range, "a weight row larger than the storage-buffer range");
    const std::uint64_t chunkRows = std::min<std::uint64_t>(rows, range / rowBytes);

    // The decoders read whole 32-bit words. A binding whose end falls
    // half-way into a word is extended to the word's end where the buffer
    // has those bytes; otherwise the last row goes alone to a build that
    // reads the final half word with a 16-bit load.
    const auto dispatchRows = [&](std::uint64_t first, std::uint64_t count, const Plan& p) {
        const std::uint64_t start = w.offset + first * rowBytes;
        const std::uint64_t bound = start - start % align;
        const std::uint64_t bytes = start - bound + count * rowBytes;
        const std::uint64_t wordBytes = p.texel ? texelBindingBytes(w, bound, bytes)
                                                : std::min<std::uint64_t>((bytes + 3) / 4 * 4, w.buffer->size() - bound);
        const struct {
            std::uint32_t cols, rows, rowBytes, wBase, yBase, epilogue;
        } push{u32(cols), u32(count), u32(rowBytes), u32(start - bound), u32(first), epilogueFlags};
        const Binding bindings[] = {
            {{w.buffer, bound, wordBytes}, Access::Read},
            reads(x),
            {y.range(), epilogue.accumulate ? Access::ReadWrite : Access::Write},
            reads(epilogue.bias ? *epilogue.bias : y), // y: a placeholder the shader does not read
        };
        const auto g = grid(count, p.rowsPerGroup);
        rec.dispatch(p.spec, bindings, std::as_bytes(std::span(&push, 1)), g[0], g[1]);
    };
    for (std::uint64_t first = 0; first < rows; first += chunkRows) {
        const std::uint64_t count = std::min(chunkRows, rows - first);
        const std::uint64_t end = w.offset + (first + count) * rowBytes;
        const bool ragged = halfWordBlocks(w.type) && end % 4 != 0 && end + 2 > w.buffer->size();
        if (!ragged) {
            dispatchRows(first, count, main);
            continue;
        }
        if (options.wordsOnly || !info.storage16Bit)
            throw Error("This GPU cannot read the last " + std::string(typeName(w.type)) +
                        " weight row: the buffer ends half-way into a 32-bit word and the device lacks 16-bit "
                        "storage. Pad weight buffers to 4 bytes.");
        if (count > 1)
            dispatchRows(first, count - 1, main);
        const Plan tail{{"matvec_" + lower(typeName(w.type)) + "_tail", kBindings, kPushBytes, {kCpuWorkgroup, 1}}, 1};
        dispatchRows(first + count - 1, 1, tail);
    }
}

} // namespace hearth::vk::ops
