// GGUF reader and writer: round trips of every metadata type, the exact
// byte layout llama.cpp expects, real model and vocabulary files, and the
// typed getters.

#include "fixtures.h"
#include "gguf_test_util.h"

#include "hearth/error.h"
#include "hearth/gguf.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace hearth;
using hearth::test::RawGguf;

namespace {

std::vector<std::byte> floatBytes(std::vector<float> v)
{
    return hearth::test::toBytes(v.data(), v.size() * sizeof(float));
}

std::vector<std::byte> patternBytes(size_t n, uint8_t seed)
{
    std::vector<std::byte> out(n);
    for (size_t i = 0; i < n; ++i)
        out[i] = std::byte(uint8_t(seed + i * 7));
    return out;
}

} // namespace

class TestGguf : public QObject {
    Q_OBJECT

private slots:
    void writerRoundTripsEveryValueType()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("all.gguf").toStdString();
        GgufWriter w;
        w.setString("general.architecture", "llama");
        w.set("t.u8", GgufValue::fromUInt(GgufValueType::UInt8, 200));
        w.set("t.i8", GgufValue::fromInt(GgufValueType::Int8, -100));
        w.setUInt16("t.u16", 65000);
        w.set("t.i16", GgufValue::fromInt(GgufValueType::Int16, -30000));
        w.setUInt32("t.u32", 4000000000u);
        w.setInt32("t.i32", -2000000000);
        w.setFloat32("t.f32", 0.15625f);
        w.setBool("t.bool", true);
        w.setUInt64("t.u64", 0xFFFFFFFFFFFFFFFFull);
        w.set("t.i64", GgufValue::fromInt(GgufValueType::Int64, std::numeric_limits<int64_t>::min()));
        w.set("t.f64", GgufValue::fromFloat(GgufValueType::Float64, 1e300));
        w.setStringArray("t.strings", {"a", "", "\xC3\xA9t\xC3\xA9", std::string("nul\0in", 6)});
        w.setFloatArray("t.floats", {1.5f, -2.25f, 1e-8f});
        w.setInt32Array("t.ints", {7, -7, 2147483647});
        w.set("t.bools", GgufValue::fromArray(GgufValueType::Bool, {std::byte{1}, std::byte{0}}));
        w.set("t.empty", GgufValue::fromFloatArray({}));
        w.setUInt32("t.u32", 4000000001u); // replaces in place, keeps position
        w.addTensor("f32", {4, 3}, GgmlType::F32, patternBytes(48, 1));
        w.addTensor("q8", {64, 2}, GgmlType::Q8_0, patternBytes(136, 2));
        w.addTensor("f16", {8}, GgmlType::F16, patternBytes(16, 3));
        w.write(path);

        const GgufFile f = GgufFile::open(path);
        QCOMPARE(f.version(), 3u);
        QCOMPARE(f.alignment(), 32u);
        const std::vector<std::string> expectedKeys = {
            "general.architecture", "t.u8", "t.i8", "t.u16", "t.i16", "t.u32", "t.i32", "t.f32", "t.bool",
            "t.u64", "t.i64", "t.f64", "t.strings", "t.floats", "t.ints", "t.bools", "t.empty"};
        QVERIFY(f.keys() == expectedKeys);
        QCOMPARE(*f.getString("general.architecture"), std::string("llama"));
        QCOMPARE(*f.getInt("t.u8"), int64_t(200));
        QCOMPARE(*f.getInt("t.i8"), int64_t(-100));
        QCOMPARE(*f.getInt("t.u16"), int64_t(65000));
        QCOMPARE(*f.getInt("t.i16"), int64_t(-30000));
        QCOMPARE(*f.getInt("t.u32"), int64_t(4000000001u));
        QCOMPARE(*f.getInt("t.i32"), int64_t(-2000000000));
        QCOMPARE(*f.getFloat("t.f32"), 0.15625);
        QCOMPARE(*f.getBool("t.bool"), true);
        QCOMPARE(*f.find("t.u64")->toUInt(), uint64_t(0xFFFFFFFFFFFFFFFFull));
        QCOMPARE(*f.getInt("t.i64"), std::numeric_limits<int64_t>::min());
        QCOMPARE(*f.getFloat("t.f64"), 1e300);
        QCOMPARE(f.find("t.f64")->type(), GgufValueType::Float64);
        const std::vector<std::string> strings = {"a", "", "\xC3\xA9t\xC3\xA9", std::string("nul\0in", 6)};
        QVERIFY(f.getStringArray("t.strings") == strings);
        QVERIFY(f.getFloatArray("t.floats") == std::vector<float>({1.5f, -2.25f, 1e-8f}));
        QVERIFY(f.getIntArray("t.ints") == std::vector<int32_t>({7, -7, 2147483647}));
        QCOMPARE(f.find("t.bools")->elementType(), GgufValueType::Bool);
        QCOMPARE(f.find("t.bools")->arraySize(), uint64_t(2));
        QCOMPARE(f.find("t.empty")->arraySize(), uint64_t(0));
        QCOMPARE(f.find("t.bools")->toDisplayString(), std::string("[true, false]"));
        QCOMPARE(f.find("t.ints")->toDisplayString(2), std::string("[7, -7, ... (3 items)]"));

        // Tensors: packed in order at 32-byte aligned offsets.
        QCOMPARE(f.tensors().size(), size_t(3));
        const GgufTensorInfo* q8 = f.findTensor("q8");
        QVERIFY(q8);
        QVERIFY(q8->dims == std::vector<uint64_t>({64, 2}));
        QCOMPARE(q8->type, GgmlType::Q8_0);
        QCOMPARE(q8->elements(), uint64_t(128));
        QCOMPARE(q8->nbytes, uint64_t(136));
        QCOMPARE(f.tensors()[0].offset, uint64_t(0));
        QCOMPARE(q8->offset, uint64_t(64));          // 48 padded to 64
        QCOMPARE(f.tensors()[2].offset, uint64_t(224)); // 64 + 136 padded to 160
        for (const GgufTensorInfo& t : f.tensors()) {
            const auto data = f.tensorData(t);
            QCOMPARE(data.size(), size_t(t.nbytes));
            const uint8_t seed = t.name == "f32" ? 1 : t.name == "q8" ? 2 : 3;
            QVERIFY(std::equal(data.begin(), data.end(), patternBytes(t.nbytes, seed).begin()));
            QCOMPARE(f.fileOffset(t) % 32, uint64_t(0));
        }
        QCOMPARE(f.fileSize(), uint64_t(QFileInfo(QString::fromStdString(path)).size()));
        QCOMPARE((f.fileSize() - f.fileOffset(f.tensors()[0])), uint64_t(224 + 32));
        QVERIFY(!f.findTensor("missing"));
    }

    void writerHonoursGeneralAlignment()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("a64.gguf").toStdString();
        GgufWriter w;
        w.setUInt32("general.alignment", 64);
        w.addTensor("a", {3}, GgmlType::F32, floatBytes({1, 2, 3}));
        w.addTensor("b", {5}, GgmlType::F32, floatBytes({4, 5, 6, 7, 8}));
        w.write(path);
        const GgufFile f = GgufFile::open(path);
        QCOMPARE(f.alignment(), 64u);
        QCOMPARE(f.tensors()[1].offset, uint64_t(64));
        QCOMPARE(f.fileOffset(f.tensors()[0]) % 64, uint64_t(0));
        QCOMPARE(f.fileSize() % 64, uint64_t(0));
        const auto b = f.tensorData(f.tensors()[1]);
        float last;
        std::memcpy(&last, b.data() + 16, 4);
        QCOMPARE(last, 8.0f);

        GgufWriter bad;
        bad.setUInt32("general.alignment", 48);
        QVERIFY_THROWS_EXCEPTION(Error, bad.write(dir.filePath("bad.gguf").toStdString()));
    }

    void writerProducesExactByteLayout()
    {
        // Derived by hand from the format: header, one string KV, one tensor
        // entry, padding to 32, 8 data bytes, padding to 32.
        RawGguf expected;
        expected.header(1, 1).kvString("general.architecture", "x");
        expected.tensor("t", {2}, 0, 0);
        QCOMPARE(expected.bytes.size(), size_t(98));
        expected.padTo(32);
        expected.raw(std::string_view("\x00\x00\x80\x3F\x00\x00\x00\xC0", 8)); // 1.0f, -2.0f
        expected.padTo(32);
        QCOMPARE(expected.bytes.size(), size_t(160));

        QTemporaryDir dir;
        const std::string path = dir.filePath("min.gguf").toStdString();
        GgufWriter w;
        w.setString("general.architecture", "x");
        w.addTensor("t", {2}, GgmlType::F32, floatBytes({1.0f, -2.0f}));
        w.write(path);
        QVERIFY(hearth::test::readAll(path) == expected.bytes);

        // No tensors: no padding after the (empty) tensor table, as llama.cpp.
        GgufWriter empty;
        empty.setBool("k", false);
        empty.write(path);
        RawGguf e2;
        e2.header(0, 1).str("k").u32(7).u8(0);
        QVERIFY(hearth::test::readAll(path) == e2.bytes);
    }

    void rewritingRealModelIsByteIdentical_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("f32") << "models/stories260K-f32.gguf";
        QTest::newRow("q4_k_m") << "models/stories260K-Q4_K_M.gguf";
    }
    void rewritingRealModelIsByteIdentical()
    {
        QFETCH(QString, file);
        const QString q = hearth::test::sharedPath(file);
        if (!QFileInfo::exists(q)) {
            if (hearth::test::fixturesRequired())
                QFAIL(qPrintable("shared fixture missing: " + q));
            QSKIP(qPrintable("shared fixture missing: " + q));
        }
        const GgufFile original = GgufFile::open(q.toStdString());
        GgufWriter w;
        w.copyMetadataFrom(original, "");
        for (const GgufTensorInfo& t : original.tensors()) {
            const auto data = original.tensorData(t);
            w.addTensor(t.name, t.dims, t.type, std::vector<std::byte>(data.begin(), data.end()));
        }
        QTemporaryDir dir;
        const std::string out = dir.filePath("copy.gguf").toStdString();
        w.write(out);
        QVERIFY(hearth::test::readAll(out) == hearth::test::readAll(q.toStdString()));
    }

    void readsRealModel()
    {
        HEARTH_REQUIRE_SHARED(path, "models/stories260K-f32.gguf");
        const GgufFile f = GgufFile::open(path);
        QCOMPARE(f.version(), 3u);
        QCOMPARE(f.keys().size(), size_t(19));
        QCOMPARE(f.keys().front(), std::string("tokenizer.ggml.tokens"));
        QCOMPARE(f.tensors().size(), size_t(48));
        QCOMPARE(f.fileSize(), uint64_t(1185376));
        QCOMPARE(*f.getString("general.architecture"), std::string("llama"));
        QCOMPARE(*f.getInt("llama.context_length"), int64_t(128));
        QCOMPARE(*f.getInt("tokenizer.ggml.padding_token_id"), int64_t(4294967295));
        QVERIFY(std::fabs(*f.getFloat("llama.attention.layer_norm_rms_epsilon") - 1e-5) < 1e-10);
        const auto tokens = f.getStringArray("tokenizer.ggml.tokens");
        QCOMPARE(tokens.size(), size_t(512));
        QCOMPARE(tokens[1], std::string("<s>"));
        QCOMPARE(f.getFloatArray("tokenizer.ggml.scores").size(), size_t(512));
        const auto types = f.getIntArray("tokenizer.ggml.token_type");
        QCOMPARE(types[0], 2);
        QCOMPARE(types[1], 3);

        const GgufTensorInfo* embd = f.findTensor("token_embd.weight");
        QVERIFY(embd);
        QVERIFY(embd->dims == std::vector<uint64_t>({64, 512}));
        QCOMPARE(embd->nbytes, uint64_t(131072));
        QCOMPARE(f.fileOffset(*embd), uint64_t(14176)); // tensor table ends at 14152
        const GgufTensorInfo* down = f.findTensor("blk.4.ffn_down.weight");
        QVERIFY(down->dims == std::vector<uint64_t>({172, 64}));
        QCOMPARE(down->offset, uint64_t(1082880));
        const auto data = f.tensorData(*f.findTensor("blk.0.attn_norm.weight"));
        float first;
        std::memcpy(&first, data.data(), 4);
        QVERIFY(std::isfinite(first) && first != 0.0f);
    }

    void acceptsVersion2()
    {
        // v2 and v3 are identical on little-endian machines.
        RawGguf r;
        r.header(1, 1, 2).kvString("general.architecture", "gpt2").tensor("t", {2}, 0, 0).padTo(32);
        r.raw(std::string_view("\x00\x00\x80\x3F\x00\x00\x00\x40", 8));
        const GgufFile f = GgufFile::openMemory(r.span(), "v2.gguf");
        QCOMPARE(f.version(), 2u);
        QCOMPARE(*f.getString("general.architecture"), std::string("gpt2"));
        float v[2];
        std::memcpy(v, f.tensorData(f.tensors()[0]).data(), 8);
        QCOMPARE(v[1], 2.0f);
    }

    void opensLargeVocabularyQuickly()
    {
        // 151k tokens and 151k merges: about 50 ms optimised, 300 ms at -O0;
        // the bound leaves room for a sanitizer build on a busy machine.
        HEARTH_REQUIRE_SHARED(path, "vocab/ggml-vocab-qwen2.gguf");
        QElapsedTimer timer;
        timer.start();
        const GgufFile f = GgufFile::open(path);
        const qint64 ms = timer.elapsed();
        QVERIFY2(ms < 3000, qPrintable(QString("took %1 ms").arg(ms)));
        const auto* tokens = f.find("tokenizer.ggml.tokens")->strings();
        QVERIFY(tokens && tokens->size() > 150000);
        QCOMPARE(tokens->at(0), std::string("!"));
        QVERIFY(f.find("tokenizer.ggml.merges")->arraySize() > 150000);
    }

    void readsVocabularyOnlyFile()
    {
        HEARTH_REQUIRE_SHARED(path, "vocab/ggml-vocab-llama-spm.gguf");
        const GgufFile f = GgufFile::open(path);
        QCOMPARE(f.tensors().size(), size_t(0));
        QCOMPARE(f.find("tokenizer.ggml.tokens")->arraySize(), uint64_t(32000));
        QCOMPARE(*f.getBool("tokenizer.ggml.add_bos_token"), true);
        QCOMPARE(*f.getBool("tokenizer.ggml.add_eos_token"), false);
        QCOMPARE(*f.getString("tokenizer.ggml.pre"), std::string("default"));
    }

    void copiesMetadataByPrefix()
    {
        HEARTH_REQUIRE_SHARED(path, "models/stories260K-f32.gguf");
        const GgufFile source = GgufFile::open(path);
        GgufWriter w;
        w.setString("general.architecture", "mine");
        w.copyMetadataFrom(source, "tokenizer.");
        QTemporaryDir dir;
        const std::string out = dir.filePath("vocab.gguf").toStdString();
        w.write(out);
        const GgufFile f = GgufFile::open(out);
        QCOMPARE(f.keys().size(), size_t(10)); // general.architecture + 9 tokenizer.* keys
        QCOMPARE(*f.getString("general.architecture"), std::string("mine"));
        QVERIFY(!f.has("llama.context_length"));
        QVERIFY(f.getStringArray("tokenizer.ggml.tokens") == source.getStringArray("tokenizer.ggml.tokens"));
        QVERIFY(f.getFloatArray("tokenizer.ggml.scores") == source.getFloatArray("tokenizer.ggml.scores"));
        QCOMPARE(f.find("tokenizer.ggml.bos_token_id")->type(), GgufValueType::UInt32);
    }

    void typedGettersCheckTypes()
    {
        RawGguf r;
        r.header(0, 7)
            .kvU32("u32", 5)
            .kvString("s", "text")
            .str("u64big").u32(10).u64(0x8000000000000000ull)
            .str("i8").u32(1).u8(0xFF)
            .str("b").u32(7).u8(1)
            .str("fa").u32(9).u32(6).u64(1).u32(0x3F800000)
            .str("ua").u32(9).u32(4).u64(2).u32(1).u32(3000000000u);
        const GgufFile f = GgufFile::openMemory(r.span(), "types.gguf");
        QCOMPARE(*f.getInt("i8"), int64_t(-1));
        QCOMPARE(*f.getFloat("u32"), 5.0);
        QCOMPARE(*f.getBool("b"), true);
        QVERIFY(!f.getString("absent").has_value());
        QVERIFY(!f.getInt("absent").has_value());
        QVERIFY(f.getStringArray("absent").empty());
        QVERIFY(f.getFloatArray("ua") == std::vector<float>({1.0f, 3e9f}));
        QVERIFY(f.getFloatArray("fa") == std::vector<float>({1.0f}));
        try {
            f.getString("u32");
            QFAIL("getString on a uint32 must throw");
        } catch (const Error& e) {
            QCOMPARE(QString(e.what()), QString("types.gguf: metadata key 'u32' is uint32 5, expected a string"));
        }
        QVERIFY_THROWS_EXCEPTION(Error, f.getInt("s"));
        QVERIFY_THROWS_EXCEPTION(Error, f.getInt("u64big")); // does not fit int64
        QVERIFY_THROWS_EXCEPTION(Error, f.getBool("i8"));
        QVERIFY_THROWS_EXCEPTION(Error, f.getFloat("s"));
        QVERIFY_THROWS_EXCEPTION(Error, f.getStringArray("fa"));
        QVERIFY_THROWS_EXCEPTION(Error, f.getIntArray("fa"));
        QVERIFY_THROWS_EXCEPTION(Error, f.getIntArray("ua")); // 3e9 does not fit int32
        QVERIFY_THROWS_EXCEPTION(Error, f.getFloatArray("s"));
    }

    void writerRejectsBadInput()
    {
        GgufWriter w;
        QVERIFY_THROWS_EXCEPTION(Error, w.addTensor("", {4}, GgmlType::F32, floatBytes({1, 2, 3, 4})));
        QVERIFY_THROWS_EXCEPTION(Error, w.addTensor(std::string(64, 'n'), {1}, GgmlType::F32, floatBytes({1})));
        QVERIFY_THROWS_EXCEPTION(Error, w.addTensor("a", {4}, GgmlType::F32, floatBytes({1, 2, 3})));
        QVERIFY_THROWS_EXCEPTION(Error, w.addTensor("a", {33}, GgmlType::Q4_0, std::vector<std::byte>(18)));
        QVERIFY_THROWS_EXCEPTION(Error, w.addTensor("a", {1, 0}, GgmlType::F32, {}));
        QVERIFY_THROWS_EXCEPTION(Error, w.addTensor("a", {1, 1, 1, 1, 1}, GgmlType::F32, floatBytes({1})));
        QVERIFY_THROWS_EXCEPTION(Error, w.addTensor("a", {1}, GgmlType(4), std::vector<std::byte>(4)));
        w.addTensor(std::string(63, 'n'), {1}, GgmlType::F32, floatBytes({1}));
        QVERIFY_THROWS_EXCEPTION(Error, w.addTensor(std::string(63, 'n'), {1}, GgmlType::F32, floatBytes({1})));
        QVERIFY_THROWS_EXCEPTION(Error, w.setString("", "x"));
        QVERIFY_THROWS_EXCEPTION(Error, GgufValue::fromUInt(GgufValueType::UInt8, 256));
        QVERIFY_THROWS_EXCEPTION(Error, GgufValue::fromInt(GgufValueType::Int16, 40000));
    }

    void writeIsAtomic()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("m.gguf").toStdString();
        GgufWriter w;
        w.setUInt32("v", 1);
        w.write(path);
        w.setUInt32("v", 2);
        w.write(path); // replaces the existing file
        QCOMPARE(*GgufFile::open(path).getInt("v"), int64_t(2));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temporary left
        QVERIFY_THROWS_EXCEPTION(Error, w.write(dir.filePath("no/such/dir/m.gguf").toStdString()));
        try {
            w.write(dir.filePath("m.gguf/inside").toStdString());
            QFAIL("writing below a file must fail");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("m.gguf/inside"));
        }
    }

    void tensorDataRejectsForeignInfo()
    {
        RawGguf r;
        r.header(1, 0).tensor("t", {4}, 0, 0).padTo(32).zeros(16);
        const GgufFile f = GgufFile::openMemory(r.span(), "one.gguf");
        GgufTensorInfo fake = f.tensors()[0];
        QCOMPARE(f.tensorData(fake).size(), size_t(16));
        fake.offset = 32;
        QVERIFY_THROWS_EXCEPTION(Error, f.tensorData(fake));
        fake.offset = 0;
        fake.split = 1;
        QVERIFY_THROWS_EXCEPTION(Error, f.tensorData(fake));
    }
};

QTEST_APPLESS_MAIN(TestGguf)
#include "test_gguf.moc"
