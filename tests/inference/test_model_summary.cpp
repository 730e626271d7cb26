// ModelSummary and MemoryEstimate: values from the real stories260K files,
// fallbacks when keys are missing, and proof that summarising reads only
// the header (the tensor data pages are made unreadable).

#include "fixtures.h"

#include "hearth/error.h"
#include "hearth/gguf.h"
#include "hearth/model_summary.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <fstream>

using namespace hearth;

namespace {

std::vector<std::byte> zeros(size_t n)
{
    return std::vector<std::byte>(n);
}

GgufFile writeAndOpen(const GgufWriter& w, QTemporaryDir& dir)
{
    const std::string path = dir.filePath("m.gguf").toStdString();
    w.write(path);
    return GgufFile::open(path);
}

} // namespace

class TestModelSummary : public QObject {
    Q_OBJECT

private slots:
    void summarizesStoriesF32()
    {
        HEARTH_REQUIRE_SHARED(path, "models/stories260K-f32.gguf");
        const ModelSummary s = summarize(GgufFile::open(path));
        QCOMPARE(s.architecture, std::string("llama"));
        QCOMPARE(s.name, std::string("llama"));
        QCOMPARE(s.fileTypeLabel, std::string("F32")); // no general.file_type: dominant type
        // token_embd + output (64x512 each) + output_norm 64 + 5 layers of
        // q 64x64, k/v 64x32, o 64x64, 3 FFN 64x172, 2 norms of 64.
        QCOMPARE(s.parameterCount, uint64_t(2 * 32768 + 64 + 5 * (4096 + 2 * 2048 + 4096 + 3 * 11008 + 2 * 64)));
        QCOMPARE(s.parameterCount, uint64_t(292800));
        QCOMPARE(s.tensorBytes, uint64_t(292800 * 4));
        QCOMPARE(s.fileSize, uint64_t(1185376));
        QCOMPARE(s.contextLength, 128u);
        QCOMPARE(s.layers, 5u);
        QCOMPARE(s.heads, 8u);
        QCOMPARE(s.kvHeads, 4u);
        QCOMPARE(s.embeddingLength, 64u);
        QCOMPARE(s.feedForwardLength, 172u);
        QCOMPARE(s.vocabSize, 512u);
        QCOMPARE(s.headDim, 8u);
        QCOMPARE(s.hasChatTemplate, false);
        QCOMPARE(s.tokenizerModel, std::string("llama"));
    }

    void labelsComeFromFileType_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("label");
        QTest::newRow("F16") << "models/stories260K-F16.gguf" << "F16";
        QTest::newRow("Q8_0") << "models/stories260K-Q8_0.gguf" << "Q8_0";
        QTest::newRow("Q4_0") << "models/stories260K-Q4_0.gguf" << "Q4_0";
        QTest::newRow("Q4_K_M") << "models/stories260K-Q4_K_M.gguf" << "Q4_K_M";
    }
    void labelsComeFromFileType()
    {
        QFETCH(QString, file);
        QFETCH(QString, label);
        const QString q = hearth::test::sharedPath(file);
        if (!QFileInfo::exists(q)) {
            if (hearth::test::fixturesRequired())
                QFAIL(qPrintable("shared fixture missing: " + q));
            QSKIP(qPrintable("shared fixture missing: " + q));
        }
        const ModelSummary s = summarize(GgufFile::open(q.toStdString()));
        QCOMPARE(QString::fromStdString(s.fileTypeLabel), label);
        QCOMPARE(s.parameterCount, uint64_t(292800)); // same model in every file
        QCOMPARE(s.fileSize, uint64_t(QFileInfo(q).size()));
        QVERIFY(s.tensorBytes < s.fileSize);
    }

    void fileTypeLabelTable()
    {
        QCOMPARE(fileTypeLabel(15), std::string("Q4_K_M"));
        QCOMPARE(fileTypeLabel(7), std::string("Q8_0"));
        QCOMPARE(fileTypeLabel(32), std::string("BF16"));
        QCOMPARE(fileTypeLabel(38), std::string("MXFP4_MOE"));
        QCOMPARE(fileTypeLabel(4), std::string());
        QCOMPARE(fileTypeLabel(1000), std::string());
    }

    void fallbacksWhenKeysAreMissing()
    {
        // Matrices in Q8_0 outweigh nothing in element count here (the F32
        // norm is larger), but 1-D tensors do not decide the label.
        GgufWriter w;
        w.setString("general.architecture", "qwen3");
        w.setString("general.basename", "Tiny");
        w.setUInt32("qwen3.embedding_length", 64);
        w.setUInt32("qwen3.attention.head_count", 4);
        w.setUInt32("qwen3.attention.key_length", 32); // head_dim != 64/4
        w.setString("tokenizer.chat_template", "{{ messages }}");
        w.addTensor("token_embd.weight", {64, 10}, GgmlType::Q8_0, zeros(rowBytes(GgmlType::Q8_0, 640)));
        w.addTensor("output_norm.weight", {1024}, GgmlType::F32, zeros(4096));
        QTemporaryDir dir;
        const ModelSummary s = summarize(writeAndOpen(w, dir));
        QCOMPARE(s.name, std::string("Tiny"));
        QCOMPARE(s.fileTypeLabel, std::string("Q8_0"));
        QCOMPARE(s.vocabSize, 10u); // from token_embd's second dimension
        QCOMPARE(s.kvHeads, 4u);    // no head_count_kv: same as heads
        QCOMPARE(s.headDim, 32u);
        QCOMPARE(s.layers, 0u);
        QCOMPARE(s.hasChatTemplate, true);
        QCOMPARE(s.parameterCount, uint64_t(640 + 1024));
    }

    void perLayerArraysUseTheLargest()
    {
        GgufWriter w;
        w.setString("general.architecture", "openelm");
        w.setInt32Array("openelm.attention.head_count", {12, 16, 20});
        w.setInt32Array("openelm.attention.head_count_kv", {3, 4, 5});
        w.setStringArray("tokenizer.ggml.tokens", {"a", "b", "c"});
        QTemporaryDir dir;
        const ModelSummary s = summarize(writeAndOpen(w, dir));
        QCOMPARE(s.heads, 20u);
        QCOMPARE(s.kvHeads, 5u);
        QCOMPARE(s.vocabSize, 3u); // from the token list
        QCOMPARE(s.fileTypeLabel, std::string()); // nothing to infer from
    }

    void badCountsAreErrors()
    {
        GgufWriter w;
        w.setString("general.architecture", "llama");
        w.setString("llama.block_count", "five");
        QTemporaryDir dir;
        const GgufFile f = writeAndOpen(w, dir);
        try {
            summarize(f);
            QFAIL("a string block_count must be rejected");
        } catch (const Error& e) {
            QCOMPARE(QString(e.what()),
                     QString("m.gguf: metadata key 'llama.block_count' should be a count, but it is string \"five\""));
        }
        GgufWriter neg;
        neg.setInt32("general.architecture", 3); // wrong type for a string key
        QVERIFY_THROWS_EXCEPTION(Error, summarize(writeAndOpen(neg, dir)));
    }

    void estimatesMemory()
    {
        ModelSummary s;
        s.layers = 5;
        s.heads = 8;
        s.kvHeads = 4;
        s.headDim = 8;
        s.embeddingLength = 64;
        s.feedForwardLength = 172;
        s.vocabSize = 512;
        s.tensorBytes = 1171200;
        s.fileSize = 1185376;
        const MemoryEstimate m = estimateMemory(s, 128);
        QCOMPARE(m.weightsBytes, uint64_t(1171200));
        QCOMPARE(m.kvCacheBytes, uint64_t(2 * 5 * 4 * 8 * 2 * 128)); // 81920
        // batch = min(512, 128) = 128; per token 3*64 + 8*8 + 2*4*8 + 3*172 = 836 floats.
        const uint64_t logits = 512 * 4, activations = 128 * 836 * 4, scores = 128 * 8 * 128 * 4;
        QCOMPARE(m.scratchBytes, logits + activations + scores);
        QCOMPARE(m.totalBytes, m.weightsBytes + m.kvCacheBytes + m.scratchBytes);

        // A Llama-3-8B-like shape at 8192 tokens: 1 GiB of F16 KV cache.
        ModelSummary big;
        big.layers = 32;
        big.heads = 32;
        big.kvHeads = 8;
        big.headDim = 128;
        big.fileSize = 4920000000ull;
        const MemoryEstimate b = estimateMemory(big, 8192);
        QCOMPARE(b.kvCacheBytes, uint64_t(1) << 30);
        QCOMPARE(b.weightsBytes, uint64_t(4920000000ull)); // no tensor bytes: the file size
        QCOMPARE(b.scratchBytes, uint64_t(512) * (32 * 128 + 2 * 8 * 128) * 4 + uint64_t(512) * 32 * 8192 * 4);
    }

    void summaryReadsOnlyTheHeader()
    {
        // Copy the model into anonymous memory and make every page that holds
        // only tensor data unreadable: touching it would crash the test.
        HEARTH_REQUIRE_SHARED(path, "models/stories260K-f32.gguf");
        std::ifstream in(path, std::ios::binary);
        const std::vector<char> file((std::istreambuf_iterator<char>(in)), {});
        const size_t page = size_t(::sysconf(_SC_PAGESIZE));
        const size_t length = (file.size() + page - 1) / page * page;
        void* mem = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        QVERIFY(mem != MAP_FAILED);
        std::memcpy(mem, file.data(), file.size());
        const size_t dataStart = 14176; // after the tensor table (see test_gguf)
        const size_t firstHidden = (dataStart + page - 1) / page * page;
        QVERIFY(::mprotect(static_cast<char*>(mem) + firstHidden, length - firstHidden, PROT_NONE) == 0);

        const GgufFile f = GgufFile::openMemory({static_cast<const std::byte*>(mem), file.size()}, "guarded.gguf");
        const ModelSummary s = summarize(f);
        QCOMPARE(s.parameterCount, uint64_t(292800));
        QCOMPARE(s.vocabSize, 512u);
        QCOMPARE(f.fileOffset(*f.findTensor("token_embd.weight")), uint64_t(dataStart));
        ::munmap(mem, length);
    }
};

QTEST_APPLESS_MAIN(TestModelSummary)
#include "test_model_summary.moc"
