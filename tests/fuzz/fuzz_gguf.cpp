// libFuzzer target for the GGUF reader: opens the input as an in-memory
// GGUF image and, when it is accepted, walks everything a caller could
// touch: every metadata value through every accessor, every tensor's data,
// dequantisation of the start of each tensor, and the model summary.
// hearth::Error is the expected way to reject input; any other exception,
// crash or sanitizer report is a finding.
//
// Built and run by scripts/fuzz-gguf.sh. Compiled with
// -DHEARTH_FUZZ_SEED_GENERATOR instead, this file is a small program that
// writes a seed corpus of valid GGUF files with GgufWriter.

#include "hearth/error.h"
#include "hearth/gguf.h"
#include "hearth/model_summary.h"
#include "hearth/tensor_types.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

namespace {

using namespace hearth;

// Aborts with a message when an invariant the reader promises is broken
// (libFuzzer then records the input as a crash).
void require(bool ok, const char* what)
{
    if (!ok) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

template <typename F>
void tolerateError(F&& f)
{
    try {
        f();
    } catch (const Error&) {
    }
}

void walkValue(const GgufFile& file, const GgufKeyValue& kv)
{
    const GgufValue& v = kv.value;
    require(file.find(kv.key) == &v, "find() returns the listed value");
    (void)v.toDisplayString();
    (void)v.toInt();
    (void)v.toUInt();
    (void)v.toFloat();
    (void)v.toBool();
    if (v.isArray()) {
        const uint64_t n = v.arraySize();
        if (const auto* strings = v.strings())
            require(strings->size() == n, "string array size");
        else
            require(v.packedElements().size() == n * ggufScalarSize(v.elementType()), "packed array size");
        for (uint64_t i : {uint64_t(0), n / 2, n ? n - 1 : 0, n}) {
            (void)v.intAt(i);
            (void)v.floatAt(i);
        }
    }
    tolerateError([&] { (void)file.getString(kv.key); });
    tolerateError([&] { (void)file.getInt(kv.key); });
    tolerateError([&] { (void)file.getFloat(kv.key); });
    tolerateError([&] { (void)file.getBool(kv.key); });
    tolerateError([&] { (void)file.getStringArray(kv.key); });
    tolerateError([&] { (void)file.getFloatArray(kv.key); });
    tolerateError([&] { (void)file.getIntArray(kv.key); });
}

void walkTensor(const GgufFile& file, const GgufTensorInfo& t, std::span<const std::byte> input)
{
    require(file.findTensor(t.name) == &t, "findTensor() returns the listed tensor");
    const auto data = file.tensorData(t);
    require(data.size() == t.nbytes, "tensor data size");
    require(data.data() >= input.data() && data.data() + data.size() <= input.data() + input.size(),
            "tensor data inside the input");
    require(file.fileOffset(t) == uint64_t(data.data() - input.data()), "file offset");
    require(rowBytes(t.type, t.elements()) == t.nbytes, "nbytes matches the shape");

    const TypeTraits* traits = typeTraits(t.type);
    require(traits != nullptr, "tensor type is known");
    if (!traits->canDequantize)
        return;
    // The first few blocks are enough to exercise the kernel on hostile bytes.
    const uint64_t elements = std::min<uint64_t>(t.elements(), 4096) / traits->blockSize * traits->blockSize;
    std::vector<float> out(elements);
    dequantize(t.type, data.data(), out.data(), elements);
}

void walk(const GgufFile& file, std::span<const std::byte> input)
{
    require(file.fileSize() == input.size(), "file size");
    require(file.version() == 2 || file.version() == 3, "version");
    require(file.keys().size() == file.metadata().size(), "key count");
    for (const GgufKeyValue& kv : file.metadata())
        walkValue(file, kv);
    (void)file.has("general.architecture");
    (void)file.find("");
    for (const GgufTensorInfo& t : file.tensors())
        walkTensor(file, t, input);
    tolerateError([&] {
        const ModelSummary s = summarize(file);
        (void)estimateMemory(s, 4096);
        (void)estimateMemory(s, s.contextLength);
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
    try {
        const hearth::GgufFile file = hearth::GgufFile::openMemory(input, "fuzz.gguf");
        walk(file, input);
    } catch (const hearth::Error& e) {
        // Rejections must say which file they are about.
        require(std::string_view(e.what()).substr(0, 11) == "fuzz.gguf: ", "error message names the file");
    }
    return 0;
}

#ifdef HEARTH_FUZZ_SEED_GENERATOR

#include <filesystem>
#include <string>

namespace {

std::vector<std::byte> pattern(size_t n, unsigned seed)
{
    std::vector<std::byte> out(n);
    for (size_t i = 0; i < n; ++i)
        out[i] = std::byte(uint8_t((i * 131 + seed * 17) ^ (i >> 3)));
    return out;
}

void addTokenizer(GgufWriter& w)
{
    w.setString("tokenizer.ggml.model", "llama");
    w.setStringArray("tokenizer.ggml.tokens", {"<unk>", "<s>", "</s>", "a", "b", "ab", " ", "\xE2\x96\x81"});
    w.setFloatArray("tokenizer.ggml.scores", {0, 0, 0, -1, -2, -3, -4, -5});
    w.setInt32Array("tokenizer.ggml.token_type", {2, 3, 3, 1, 1, 1, 1, 1});
    w.setUInt32("tokenizer.ggml.bos_token_id", 1);
    w.setBool("tokenizer.ggml.add_bos_token", true);
}

} // namespace

// Writes the seed corpus into the folder given as the only argument.
int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    int count = 0;
    auto save = [&](const GgufWriter& w, const char* name) {
        w.write(dir / (std::string(name) + ".gguf"));
        ++count;
    };

    {
        GgufWriter w; // no metadata, no tensors
        save(w, "empty");
    }
    {
        GgufWriter w; // every value type
        w.set("u8", GgufValue::fromUInt(GgufValueType::UInt8, 7));
        w.set("i8", GgufValue::fromInt(GgufValueType::Int8, -7));
        w.setUInt16("split.no", 0);
        w.set("i16", GgufValue::fromInt(GgufValueType::Int16, -300));
        w.setUInt32("general.alignment", 64);
        w.setInt32("i32", -70000);
        w.setFloat32("f32", 0.5f);
        w.setBool("b", true);
        w.setString("general.architecture", "llama");
        w.setUInt64("u64", 1ull << 40);
        w.set("i64", GgufValue::fromInt(GgufValueType::Int64, -(1ll << 40)));
        w.set("f64", GgufValue::fromFloat(GgufValueType::Float64, 3.25));
        w.set("bools", GgufValue::fromArray(GgufValueType::Bool, {std::byte{0}, std::byte{1}}));
        w.set("u16s", GgufValue::fromArray(GgufValueType::UInt16, pattern(6, 1)));
        addTokenizer(w);
        save(w, "all-values");
    }
    {
        // One small tensor of every type the reader can dequantise.
        GgufWriter w;
        w.setString("general.architecture", "test");
        for (uint32_t id = 0; id < 64; ++id) {
            const TypeTraits* t = typeTraits(GgmlType(id));
            if (!t || !t->canDequantize)
                continue;
            w.addTensor(std::string("t.") + t->name, {t->blockSize, 1}, GgmlType(id), pattern(t->bytesPerBlock, id));
        }
        save(w, "all-types");
    }
    {
        // A tiny Llama-shaped model with real quantised weights.
        GgufWriter w;
        w.setString("general.architecture", "llama");
        w.setString("general.name", "seed");
        w.setUInt32("general.file_type", 15);
        w.setUInt32("llama.context_length", 64);
        w.setUInt32("llama.embedding_length", 32);
        w.setUInt32("llama.block_count", 1);
        w.setUInt32("llama.feed_forward_length", 64);
        w.setUInt32("llama.attention.head_count", 4);
        w.setUInt32("llama.attention.head_count_kv", 2);
        w.setString("tokenizer.chat_template", "{% for m in messages %}{{ m.content }}{% endfor %}");
        addTokenizer(w);
        std::vector<float> x(256 * 2);
        for (size_t i = 0; i < x.size(); ++i)
            x[i] = float(int(i % 13) - 6) * 0.1f;
        for (GgmlType type : {GgmlType::Q4_K, GgmlType::Q6_K, GgmlType::Q8_0}) {
            std::vector<std::byte> q(rowBytes(type, x.size()));
            quantize(type, x.data(), q.data(), x.size());
            w.addTensor(std::string("blk.0.") + typeName(type), {256, 2}, type, std::move(q));
        }
        w.addTensor("token_embd.weight", {32, 8}, GgmlType::F16, pattern(32 * 8 * 2, 3));
        w.addTensor("output_norm.weight", {32}, GgmlType::F32, pattern(32 * 4, 4));
        save(w, "tiny-llama");
    }
    std::printf("wrote %d seed files to %s\n", count, dir.c_str());
    return 0;
}

#endif
