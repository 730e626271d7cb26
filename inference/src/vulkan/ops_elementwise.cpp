#include "vulkan/ops_elementwise.h"

#include "vulkan/op_recorder.h"
#include "vulkan/ops_common.h"

#include <cmath>

namespace hearth::vk::ops {
namespace {

constexpr std::uint32_t kElementWorkgroup = 128;
constexpr std::uint32_t kRowWorkgroup = 128; // power of two: tree reduction

void requireF32(const TensorView& t, const char* what)
{
    require(t.type == GgmlType::F32, std::string(what) + " must be F32");
}

} // namespace

void rmsNorm(OpRecorder& rec, const TensorView& x, const TensorView& weight, const TensorView& out, float eps)
{
    requireF32(x, "rmsNorm input");
    require(weight.elements() == x.shape[0] && out.elements() == x.elements(), "rmsNorm shapes");
    const struct {
        std::uint32_t n;
        float eps;
    } push{u32(x.shape[0]), eps};
    rec.dispatch({"rms_norm", 3, sizeof(push), {kRowWorkgroup}}, {reads(x), reads(weight), writes(out)}, push,
                 u32(x.rows()));
}

void binary(OpRecorder& rec, BinaryOp op, const TensorView& a, const TensorView& b, const TensorView& out)
{
    requireF32(a, "binary op input");
    require(b.elements() > 0 && a.elements() % b.elements() == 0 && out.elements() == a.elements(),
            "binary op shapes");
    const struct {
        std::uint32_t n, bn, op;
        float factor;
    } push{u32(a.elements()), u32(b.elements()), static_cast<std::uint32_t>(op), 1.0f};
    const auto g = grid(a.elements(), kElementWorkgroup);
    rec.dispatch({"elementwise", 3, sizeof(push), {kElementWorkgroup}}, {reads(a), reads(b), writes(out)}, push,
                 g[0], g[1]);
}

void scale(OpRecorder& rec, const TensorView& x, float factor, const TensorView& out)
{
    requireF32(x, "scale input");
    require(out.elements() == x.elements(), "scale shapes");
    const struct {
        std::uint32_t n, bn, op;
        float factor;
    } push{u32(x.elements()), 1, 2, factor};
    const auto g = grid(x.elements(), kElementWorkgroup);
    // b is unused by op 2; x is bound there because every binding needs a buffer.
    rec.dispatch({"elementwise", 3, sizeof(push), {kElementWorkgroup}}, {reads(x), reads(x), writes(out)}, push,
                 g[0], g[1]);
}

void glu(OpRecorder& rec, GluKind kind, const TensorView& gate, const TensorView& up, const TensorView& out)
{
    requireF32(gate, "glu input");
    require(up.elements() == gate.elements() && out.elements() == gate.elements(), "glu shapes");
    const struct {
        std::uint32_t n, kind;
    } push{u32(gate.elements()), static_cast<std::uint32_t>(kind)};
    const auto g = grid(gate.elements(), kElementWorkgroup);
    rec.dispatch({"glu", 3, sizeof(push), {kElementWorkgroup}}, {reads(gate), reads(up), writes(out)}, push, g[0],
                 g[1]);
}

void softmax(OpRecorder& rec, const TensorView& x, const TensorView& out)
{
    requireF32(x, "softmax input");
    require(out.elements() == x.elements(), "softmax shapes");
    const std::uint32_t n = u32(x.shape[0]);
    rec.dispatch({"softmax", 2, sizeof(n), {kRowWorkgroup}}, {reads(x), writes(out)}, n, u32(x.rows()));
}

void rope(OpRecorder& rec, const RopeParams& p, const TensorView& x, const TensorView& positions,
          const TensorView& out, const TensorView* freqFactors)
{
    requireF32(x, "rope input");
    require(x.shape[0] == p.headDim && p.headDim % 2 == 0 && p.nRot % 2 == 0 && p.nRot <= p.headDim &&
                p.nRot > 0,
            "rope head/rotary dims");
    require(positions.type == GgmlType::I32 && positions.elements() == x.shape[2], "rope positions");
    require(out.elements() == x.elements(), "rope shapes");
    require(!freqFactors || (freqFactors->type == GgmlType::F32 && freqFactors->elements() == p.nRot / 2),
            "rope frequency factors");
    const struct {
        std::uint32_t pairs, headDim, nRot, heads, mode;
        float log2Base, freqScale;
        std::uint32_t hasFactors;
    } push{u32(x.elements() / 2), p.headDim, p.nRot, u32(x.shape[1]), static_cast<std::uint32_t>(p.mode),
           std::log2(p.freqBase), p.freqScale, freqFactors ? 1u : 0u};
    const auto g = grid(x.elements() / 2, kElementWorkgroup);
    // Without factors the positions stand in for binding 3; the shader never reads it then.
    const TensorView& factors = freqFactors ? *freqFactors : positions;
    rec.dispatch({"rope", 4, sizeof(push), {kElementWorkgroup}},
                 {reads(x), reads(positions), writes(out), reads(factors)}, push, g[0], g[1]);
}

bool getRowsSupported(GgmlType type)
{
    switch (type) {
    case GgmlType::F32: case GgmlType::F16: case GgmlType::Q8_0: case GgmlType::Q4_0: case GgmlType::Q4_K:
        return true;
    default:
        return false;
    }
}

void getRows(OpRecorder& rec, const TensorView& matrix, const TensorView& ids, const TensorView& out)
{
    require(getRowsSupported(matrix.type), std::string("getRows of ") + typeName(matrix.type));
    require(ids.type == GgmlType::I32 && out.type == GgmlType::F32, "getRows ids/out types");
    require(out.elements() == ids.elements() * matrix.shape[0], "getRows shapes");
    const std::string shader = "get_rows_" + lower(typeName(matrix.type));
    const struct {
        std::uint32_t n, count, rowBytes;
    } push{u32(matrix.shape[0]), u32(ids.elements()), u32(matrix.rowBytes())};
    const auto g = grid(out.elements(), kElementWorkgroup);
    rec.dispatch({shader, 3, sizeof(push), {kElementWorkgroup}}, {reads(matrix), reads(ids), writes(out)}, push,
                 g[0], g[1]);
}

} // namespace hearth::vk::ops
