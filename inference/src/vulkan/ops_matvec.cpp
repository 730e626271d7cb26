#include "vulkan/ops_matvec.h"

#include "vulkan/buffer.h"
#include "vulkan/context.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_common.h"

#include <cctype>

namespace hearth::vk::ops {
namespace {

// GPU defaults: not tuned yet (no GPU here); 32 threads fill a subgroup on
// NVIDIA / AMD wave32.
constexpr std::uint32_t kDefaultWorkgroup = 32;
constexpr std::uint32_t kDefaultRows = 2;
// CPU drivers (lavapipe): one 8-lane subgroup per workgroup avoids barrier
// costs, and 4 rows share each x load (measured with bench-ops).
constexpr std::uint32_t kCpuWorkgroup = 8;
constexpr std::uint32_t kCpuRows = 4;

// Columns per decoding unit (matvec_types.glsl): cols must be a multiple.
std::uint32_t unitColumns(GgmlType type)
{
    switch (type) {
    case GgmlType::F32: return 4;
    case GgmlType::F16: case GgmlType::BF16: return 8;
    case GgmlType::Q8_0: return 64; // pairs of blocks: 4-byte aligned loads
    case GgmlType::Q4_0: case GgmlType::Q4_1: case GgmlType::Q5_0: case GgmlType::Q5_1:
        return 32;
    case GgmlType::Q4_K: case GgmlType::Q5_K: case GgmlType::Q6_K: return 256;
    default: return 0;
    }
}

std::string lower(std::string s)
{
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
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

void matVec(OpRecorder& rec, const TensorView& w, const TensorView& x, const TensorView& y,
            const MatVecOptions& options)
{
    require(matVecSupported(w.type), std::string("matVec of ") + typeName(w.type));
    const std::uint64_t cols = w.shape[0];
    const std::uint64_t rows = w.rows();
    require(cols % unitColumns(w.type) == 0, "matVec columns not a multiple of the decoding unit");
    require(x.type == GgmlType::F32 && x.elements() == cols, "matVec x shape");
    require(y.type == GgmlType::F32 && y.elements() == rows, "matVec y shape");

    const DeviceInfo& info = rec.context().info();
    const bool subgroup = options.reduction == Reduction::Subgroup ||
                          (options.reduction == Reduction::Auto && info.subgroupArithmetic);
    const bool cpu = info.type == DeviceType::Cpu;
    const std::uint32_t workgroup =
        options.workgroup ? options.workgroup : (cpu ? kCpuWorkgroup : kDefaultWorkgroup);
    const std::uint32_t rowsPerGroup = options.rowsPerGroup ? options.rowsPerGroup : (cpu ? kCpuRows : kDefaultRows);
    require(rowsPerGroup <= workgroup, "matVec needs at least one thread per row of a workgroup");
    const PipelineSpec spec{"matvec_" + lower(typeName(w.type)) + (subgroup ? "_sg" : ""), 3, 5 * 4,
                            {workgroup, rowsPerGroup}};

    // Rows per dispatch: as many as one binding can address. The binding
    // starts at an aligned offset at or below the chunk's first row; the
    // shader skips the difference (wBase).
    const std::uint64_t rowBytes = w.rowBytes();
    // At least 16: the F32/F16 decoders read rows as 16-byte vectors.
    const std::uint64_t align = std::max<std::uint64_t>(rec.offsetAlignment(), 16);
    const std::uint64_t limit = options.maxBindingBytes ? options.maxBindingBytes : info.maxStorageBufferRange;
    const std::uint64_t range = std::min<std::uint64_t>(limit, 0xFFFFFFFFu) - align;
    require(rowBytes <= range, "a weight row larger than the storage-buffer range");
    const std::uint64_t chunkRows = std::min<std::uint64_t>(rows, range / rowBytes);
    for (std::uint64_t first = 0; first < rows; first += chunkRows) {
        const std::uint64_t count = std::min(chunkRows, rows - first);
        const std::uint64_t start = w.offset + first * rowBytes;
        const std::uint64_t bound = start - start % align;
        const struct {
            std::uint32_t cols, rows, rowBytes, wBase, yBase;
        } push{u32(cols), u32(count), u32(rowBytes), u32(start - bound), u32(first)};
        const Binding bindings[] = {
            {{w.buffer, bound, start - bound + count * rowBytes}, Access::Read},
            reads(x),
            writes(y),
        };
        const auto g = grid(count, rowsPerGroup);
        rec.dispatch(spec, bindings, std::as_bytes(std::span(&push, 1)), g[0], g[1]);
    }
}

} // namespace hearth::vk::ops
