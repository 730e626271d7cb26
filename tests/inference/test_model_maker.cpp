// Synthetic models: every architecture x file type with the tiny preset
// gives a readable GGUF with the right tensors, shapes, types, metadata and
// weight statistics; the same seed gives the same bytes; the real presets'
// shapes add up to the real models' parameter counts.

#include "fixtures.h"

#include "hearth/error.h"
#include "hearth/gguf.h"
#include "hearth/model_maker.h"
#include "hearth/model_summary.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <iterator>
#include <map>

using namespace hearth;

namespace {

std::vector<char> fileBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Stats {
    double mean = 0, std = 0;
};

Stats statsOf(const GgufFile& file, const std::string& name)
{
    const GgufTensorInfo* t = file.findTensor(name);
    if (!t)
        return {};
    std::vector<float> v(t->elements());
    dequantize(t->type, file.tensorData(*t).data(), v.data(), v.size());
    double sum = 0, sq = 0;
    for (float x : v)
        sum += x;
    const double mean = sum / double(v.size());
    for (float x : v)
        sq += (x - mean) * (x - mean);
    return {mean, std::sqrt(sq / double(v.size()))};
}

uint64_t parameters(const std::vector<PlannedTensor>& plan)
{
    uint64_t n = 0;
    for (const PlannedTensor& t : plan)
        n += t.dims.size() > 1 ? t.dims[0] * t.dims[1] : t.dims[0];
    return n;
}

MakeModelOptions tinyOptions(const std::string& arch, const std::string& type, const std::string& vocab)
{
    MakeModelOptions o;
    o.shape = *modelPreset("tiny", arch);
    o.fileType = type;
    o.vocabulary = vocab;
    return o;
}

} // namespace

class TestModelMaker : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void tinyModels_data()
    {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<QString>("type");
        for (const char* arch : {"llama", "qwen2", "qwen3"})
            for (const char* type : {"F32", "F16", "Q8_0", "Q4_0", "Q4_K_M"})
                QTest::newRow((std::string(arch) + "-" + type).c_str()) << QString(arch) << QString(type);
    }

    void tinyModels()
    {
        QFETCH(QString, arch);
        QFETCH(QString, type);
        HEARTH_REQUIRE_SHARED(vocabPath, "vocab/ggml-vocab-llama-spm.gguf");
        const std::string a = arch.toStdString(), ft = type.toStdString();
        const std::string path = dir_.filePath(arch + "-" + type + ".gguf").toStdString();
        MakeModelOptions options = tinyOptions(a, ft, vocabPath);
        uint64_t lastDone = 0, lastTotal = 0;
        options.progress = [&](uint64_t done, uint64_t total) {
            QVERIFY(done > lastDone && done <= total);
            lastDone = done;
            lastTotal = total;
        };
        makeModel(options, path);
        QVERIFY(lastTotal > 0);
        QCOMPARE(lastDone, lastTotal);

        const GgufFile file = GgufFile::open(path);
        const GgufFile vocab = GgufFile::open(vocabPath);
        const uint32_t nVocab = uint32_t(vocab.getStringArray("tokenizer.ggml.tokens").size());
        QCOMPARE(file.getString("general.architecture").value_or(""), a);
        QCOMPARE(file.getInt("general.quantization_version").value_or(0), 2);
        QCOMPARE(file.getInt(a + ".vocab_size").value_or(0), int64_t(nVocab));
        QCOMPARE(file.getStringArray("tokenizer.ggml.tokens"), vocab.getStringArray("tokenizer.ggml.tokens"));
        QCOMPARE(file.getString("tokenizer.ggml.model"), vocab.getString("tokenizer.ggml.model"));
        QCOMPARE(file.has(a + ".attention.key_length"), a == "qwen3"); // only qwen3's head size is not dim/heads

        // Shapes, written out by hand rather than taken from the plan.
        const uint64_t hd = a == "qwen3" ? 32 : 16;
        const auto dims = [&](const char* name) {
            const GgufTensorInfo* t = file.findTensor(name);
            return t ? t->dims : std::vector<uint64_t>{};
        };
        QCOMPARE(dims("token_embd.weight"), (std::vector<uint64_t>{64, nVocab}));
        QCOMPARE(dims("output.weight"), (std::vector<uint64_t>{64, nVocab}));
        QCOMPARE(dims("output_norm.weight"), (std::vector<uint64_t>{64}));
        QCOMPARE(dims("blk.1.attn_q.weight"), (std::vector<uint64_t>{64, 4 * hd}));
        QCOMPARE(dims("blk.1.attn_k.weight"), (std::vector<uint64_t>{64, 2 * hd}));
        QCOMPARE(dims("blk.1.attn_v.weight"), (std::vector<uint64_t>{64, 2 * hd}));
        QCOMPARE(dims("blk.1.attn_output.weight"), (std::vector<uint64_t>{4 * hd, 64}));
        QCOMPARE(dims("blk.1.ffn_gate.weight"), (std::vector<uint64_t>{64, 256}));
        QCOMPARE(dims("blk.1.ffn_up.weight"), (std::vector<uint64_t>{64, 256}));
        QCOMPARE(dims("blk.1.ffn_down.weight"), (std::vector<uint64_t>{256, 64}));
        QCOMPARE(dims("blk.0.attn_k.bias"), (a == "qwen2" ? std::vector<uint64_t>{2 * hd} : std::vector<uint64_t>{}));
        QCOMPARE(dims("blk.0.attn_k_norm.weight"),
                 (a == "qwen3" ? std::vector<uint64_t>{hd} : std::vector<uint64_t>{}));
        const size_t perBlock = 9 + (a == "qwen2" ? 3 : a == "qwen3" ? 2 : 0);
        QCOMPARE(file.tensors().size(), 3 + 2 * perBlock);

        // Types: norms F32 always; matrices per file type, with llama.cpp's
        // fallbacks for the 64-long rows (block 256 types cannot hold them).
        const auto typeOf = [&](const char* name) { return std::string(typeName(file.findTensor(name)->type)); };
        QCOMPARE(typeOf("blk.0.attn_norm.weight"), std::string("F32"));
        const std::map<std::string, std::vector<std::string>> expected = {
            // attn_q, blk.0 ffn_down, blk.1 ffn_down, output
            {"F32", {"F32", "F32", "F32", "F32"}},     {"F16", {"F16", "F16", "F16", "F16"}},
            {"Q8_0", {"Q8_0", "Q8_0", "Q8_0", "Q8_0"}}, {"Q4_0", {"Q4_0", "Q4_0", "Q4_0", "Q8_0"}},
            {"Q4_K_M", {"Q5_0", "Q4_K", "Q6_K", "Q8_0"}},
        };
        const auto& e = expected.at(ft);
        QCOMPARE(typeOf("blk.0.attn_q.weight"), e[0]);
        QCOMPARE(typeOf("blk.0.ffn_down.weight"), e[1]);
        QCOMPARE(typeOf("blk.1.ffn_down.weight"), e[2]);
        QCOMPARE(typeOf("output.weight"), e[3]);
        const auto plan = planModelTensors(options.shape, ft, nVocab);
        QCOMPARE(file.tensors().size(), plan.size());
        for (size_t i = 0; i < plan.size(); ++i) {
            QCOMPARE(file.tensors()[i].name, plan[i].name);
            QCOMPARE(std::string(typeName(file.tensors()[i].type)), std::string(typeName(plan[i].type)));
        }

        const ModelSummary s = summarize(file);
        QCOMPARE(s.fileTypeLabel, ft);
        QCOMPARE(s.layers, 2u);
        QCOMPARE(s.heads, 4u);
        QCOMPARE(s.kvHeads, 2u);
        QCOMPARE(s.embeddingLength, 64u);
        QCOMPARE(s.feedForwardLength, 256u);
        QCOMPARE(s.headDim, uint32_t(hd));
        QCOMPARE(s.vocabSize, nVocab);
        QCOMPARE(s.contextLength, 2048u);
        QCOMPARE(s.parameterCount, parameters(plan));

        // Weights ~N(0, 0.02) (quantisation noise adds a few percent);
        // norms 1 + N(0, 0.02), stored exactly as F32.
        for (const char* name : {"blk.0.ffn_up.weight", "blk.1.ffn_down.weight", "output.weight"}) {
            const Stats w = statsOf(file, name);
            QVERIFY2(std::abs(w.mean) < 0.002, name);
            QVERIFY2(std::abs(w.std - 0.02) < 0.002, qPrintable(QString("%1 std %2").arg(name).arg(w.std)));
        }
        const Stats n = statsOf(file, "blk.1.ffn_norm.weight");
        QVERIFY(std::abs(n.mean - 1.0) < 0.01);
        QVERIFY(std::abs(n.std - 0.02) < 0.006);
    }

    void sameSeedSameBytes()
    {
        // Regenerates tinyModels' qwen2-Q4_K_M file (seed 1), then seed 2.
        HEARTH_REQUIRE_SHARED(vocabPath, "vocab/ggml-vocab-llama-spm.gguf");
        const std::string first = dir_.filePath("qwen2-Q4_K_M.gguf").toStdString();
        QVERIFY(QFileInfo::exists(QString::fromStdString(first)));
        MakeModelOptions o = tinyOptions("qwen2", "Q4_K_M", vocabPath);
        const std::string again = dir_.filePath("again.gguf").toStdString(),
                          other = dir_.filePath("other.gguf").toStdString();
        makeModel(o, again);
        o.seed = 2;
        makeModel(o, other);
        QVERIFY(fileBytes(first) == fileBytes(again));
        QCOMPARE(fileBytes(first).size(), fileBytes(other).size());
        QVERIFY(fileBytes(first) != fileBytes(other));
    }

    void copiesTokenizerAndChatTemplate()
    {
        HEARTH_REQUIRE_SHARED(vocabPath, "vocab/ggml-vocab-qwen2.gguf");
        const std::string path = dir_.filePath("q.gguf").toStdString();
        makeModel(tinyOptions("qwen2", "F16", vocabPath), path); // F16: quick with 150k tokens
        const GgufFile vocab = GgufFile::open(vocabPath), file = GgufFile::open(path);
        for (const GgufKeyValue& kv : vocab.metadata())
            if (kv.key.rfind("tokenizer.", 0) == 0)
                QVERIFY2(file.has(kv.key), kv.key.c_str());
        const ModelSummary s = summarize(file);
        QCOMPARE(s.tokenizerModel, std::string("gpt2"));
        QCOMPARE(s.hasChatTemplate, vocab.has("tokenizer.chat_template"));
        QCOMPARE(s.vocabSize, uint32_t(vocab.getStringArray("tokenizer.ggml.tokens").size()));
    }

    void presetsMatchRealModels()
    {
        // Parameter counts of the real models (tied embeddings, 151936 / 128256 tokens).
        const auto count = [](const char* preset, const char* arch, uint32_t vocab, const char* type) {
            return parameters(planModelTensors(*modelPreset(preset, arch), type, vocab));
        };
        QCOMPARE(count("qwen2.5-0.5b", "qwen2", 151936, "Q4_K_M"), 494032768ull);
        QCOMPARE(count("llama-3.2-1b", "llama", 128256, "Q4_K_M"), 1235814400ull);
        QCOMPARE(count("qwen3-0.6b", "qwen3", 151936, "Q4_K_M"), 596049920ull);
        QVERIFY(modelPreset("qwen2.5-0.5b", "").has_value());
        QVERIFY(!modelPreset("qwen2.5-0.5b", "llama").has_value());
        QVERIFY(!modelPreset("tiny", "gpt2").has_value());
        QVERIFY(!modelPreset("huge", "llama").has_value());

        // Q4_K_M on qwen2.5-0.5b: 896-long rows fall back like llama.cpp's files.
        const auto plan = planModelTensors(*modelPreset("qwen2.5-0.5b", ""), "Q4_K_M", 151936);
        const auto typeOf = [&](const std::string& name) {
            for (const PlannedTensor& t : plan)
                if (t.name == name)
                    return std::string(typeName(t.type));
            return std::string();
        };
        QCOMPARE(typeOf("token_embd.weight"), std::string("Q8_0")); // tied: output's Q6_K, row 896
        QCOMPARE(typeOf("blk.0.attn_q.weight"), std::string("Q5_0"));
        QCOMPARE(typeOf("blk.0.ffn_down.weight"), std::string("Q6_K")); // first eighth
        QCOMPARE(typeOf("blk.3.ffn_down.weight"), std::string("Q4_K"));
        QCOMPARE(typeOf("output.weight"), std::string());
    }

    void rejectsBadInput()
    {
        ModelShape s = *modelPreset("tiny", "llama");
        QVERIFY_THROWS_EXCEPTION(Error, planModelTensors(s, "Q3_K_S", 100));
        s.kvHeads = 3;
        QVERIFY_THROWS_EXCEPTION(Error, planModelTensors(s, "F16", 100));
        s = *modelPreset("tiny", "llama");
        s.architecture = "gpt2";
        QVERIFY_THROWS_EXCEPTION(Error, planModelTensors(s, "F16", 100));
        MakeModelOptions o = tinyOptions("llama", "F16", "/nonexistent/vocab.gguf");
        try {
            makeModel(o, dir_.filePath("x.gguf").toStdString());
            QFAIL("no error for a missing vocabulary");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("vocabulary file not found") != std::string::npos);
        }
        QVERIFY(!QFileInfo::exists(dir_.filePath("x.gguf")));
    }
};

QTEST_GUILESS_MAIN(TestModelMaker)
#include "test_model_maker.moc"
