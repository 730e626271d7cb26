// GGUF reader: every kind of malformed or hostile file is rejected quickly
// with a message naming the file and the problem.

#include "fixtures.h"
#include "gguf_test_util.h"

#include "hearth/error.h"
#include "hearth/gguf.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace hearth;
using hearth::test::RawGguf;

Q_DECLARE_METATYPE(hearth::test::RawGguf)

namespace {

// The message of the Error that opening `bytes` throws ("" if none).
QString rejection(const RawGguf& r)
{
    try {
        GgufFile::openMemory(r.span(), "case.gguf");
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QString openError(const std::string& path)
{
    try {
        GgufFile::open(path);
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

RawGguf oneTensor(std::vector<uint64_t> dims, uint32_t type, uint64_t offset = 0, size_t dataBytes = 64)
{
    RawGguf r;
    r.header(1, 0).tensor("blk.0.w", std::move(dims), type, offset).padTo(32).zeros(dataBytes);
    return r;
}

} // namespace

class TestGgufReject : public QObject {
    Q_OBJECT

private slots:
    void rejectsMalformedImages_data()
    {
        QTest::addColumn<RawGguf>("bytes");
        QTest::addColumn<QString>("message");
        auto row = [](const char* name, RawGguf r, const char* message) {
            QTest::newRow(name) << r << QString(message);
        };
        const uint64_t huge = 0x8000000000000000ull;

        row("empty", RawGguf{}, "case.gguf: the file is empty");
        row("not gguf", RawGguf{}.raw("GGML\x01\x02"), "case.gguf: not a GGUF file: it starts with bytes 47 47 4D 4C");
        row("short magic", RawGguf{}.raw("GG"), "not a GGUF file: it starts with bytes 47 47 instead");
        row("version 1", RawGguf{}.header(0, 0, 1), "case.gguf: GGUF version 1 is not supported");
        row("big-endian", RawGguf{}.raw("GGUF").u32(0x03000000).u64(0).u64(0), "case.gguf: big-endian GGUF not supported");
        row("version 4", RawGguf{}.header(0, 0, 4), "unsupported GGUF version 4");
        row("version 0", RawGguf{}.header(0, 0, 0), "unsupported GGUF version 0");
        row("truncated header", RawGguf{}.raw("GGUF").u32(3).u32(0), "the file is truncated: tensor count at byte 8");
        row("absurd kv count", RawGguf{}.header(0, huge), "the header declares 9223372036854775808 metadata entries");
        row("absurd tensor count", RawGguf{}.header(huge, 0), "the header declares 9223372036854775808 tensors");
        row("kv count beyond data", RawGguf{}.header(0, 2).kvU32("a", 1).str("b").u32(4).u8(0),
            "metadata key 'b': the file is truncated: uint32 value at byte 54 needs 4 bytes, but the file ends at byte 55");
        row("kv count beyond size", RawGguf{}.header(0, 2).kvU32("a", 1),
            "the header declares 2 metadata entries, but the 17 bytes left in the file can hold at most 1");
        row("huge key length", RawGguf{}.header(0, 1).u64(huge).zeros(8), "key at byte 24 claims 9223372036854775808 bytes");
        row("empty key", RawGguf{}.header(0, 1).str("").u32(4).u32(1), "metadata entry #0: the key is empty");
        row("string past end", RawGguf{}.header(0, 1).str("k").u32(8).u64(100).raw("abc"),
            "metadata key 'k': string value at byte 37 claims 100 bytes, but only 3 bytes");
        row("unknown value type", RawGguf{}.header(0, 1).str("k").u32(13).u32(0), "metadata key 'k': unknown value type 13");
        row("bool not 0/1", RawGguf{}.header(0, 1).str("k").u32(7).u8(2), "metadata key 'k': bool value at byte 37 is 2");
        row("duplicate key", RawGguf{}.header(0, 2).kvU32("k", 1).kvU32("k", 2), "metadata key 'k': the key appears more than once");
        row("absurd array", RawGguf{}.header(0, 1).str("k").u32(9).u32(4).u64(huge).zeros(8),
            "array of 9223372036854775808 uint32 values at byte 41 needs more than 2^64 bytes");
        row("array past end", RawGguf{}.header(0, 1).str("k").u32(9).u32(0).u64(10).zeros(9),
            "array of 10 uint8 values at byte 41 needs 10 bytes, but only 9");
        row("absurd string array", RawGguf{}.header(0, 1).str("k").u32(9).u32(8).u64(1ull << 40).zeros(8),
            "array of 1099511627776 strings at byte 41 cannot fit");
        row("nested array", RawGguf{}.header(0, 1).str("k").u32(9).u32(9).u64(0), "metadata key 'k': arrays of arrays are not supported");
        row("bad array element type", RawGguf{}.header(0, 1).str("k").u32(9).u32(77).u64(0), "unknown array element type 77");
        row("bool array", RawGguf{}.header(0, 1).str("k").u32(9).u32(7).u64(2).u8(1).u8(5), "bool array element 1 is 5");
        row("alignment type", RawGguf{}.header(0, 1).str("general.alignment").u32(10).u64(64),
            "general.alignment must be a uint32 power of two, but it is the uint64 64");
        row("alignment 48", RawGguf{}.header(0, 1).kvU32("general.alignment", 48), "general.alignment must be a uint32 power of two");
        row("alignment 0", RawGguf{}.header(0, 1).kvU32("general.alignment", 0), "general.alignment must be a uint32 power of two");

        row("five dims", oneTensor({1, 1, 1, 1, 1}, 0), "tensor 'blk.0.w': it has 5 dimensions; at most 4");
        row("zero dim", oneTensor({4, 0}, 0), "tensor 'blk.0.w': dimension 1 is 0");
        row("element overflow", oneTensor({1ull << 32, 1ull << 32}, 0), "shape [4294967296, 4294967296] has too many elements");
        row("removed type id", oneTensor({32}, 4), "tensor 'blk.0.w': unknown tensor type id 4");
        row("unknown type id", oneTensor({32}, 1000), "unknown tensor type id 1000");
        row("not block divisible", oneTensor({33, 2}, 2), "its row length 33 (shape [33, 2]) is not a multiple of the Q4_0 block size 32");
        row("misaligned offset", oneTensor({4}, 0, 16), "tensor 'blk.0.w': data offset 16 (at byte 55) is not a multiple of the alignment 32");
        row("data past end", oneTensor({1024}, 0, 0, 100),
            "case.gguf: tensor 'blk.0.w' data (offset 0, 4096 bytes) runs past the end of the file (size 164");
        row("offset past end", oneTensor({4}, 0, 1ull << 62), "data (offset 4611686018427387904, 16 bytes) runs past the end");
        row("no data section", RawGguf{}.header(1, 0).tensor("t", {4}, 0, 0),
            "the tensor data section would start at byte 64, past the end of the file (size 57)");
        row("tensor name too long", RawGguf{}.header(1, 0).tensor(std::string(64, 'x'), {4}, 0, 0).padTo(32).zeros(16),
            "is 64 bytes long; GGUF allows at most 63");
        row("empty tensor name", RawGguf{}.header(1, 0).tensor("", {4}, 0, 0).padTo(32).zeros(16), "tensor #0: the tensor name is empty");
        row("duplicate tensor", RawGguf{}.header(2, 0).tensor("t", {4}, 0, 0).tensor("t", {4}, 0, 32).padTo(32).zeros(64),
            "tensor 't': the tensor name appears more than once");
        row("overlap", RawGguf{}.header(2, 0).tensor("a", {16}, 0, 0).tensor("b", {4}, 0, 32).padTo(32).zeros(96),
            "tensors 'a' (offset 0, 64 bytes) and 'b' (offset 32) overlap");
        row("split part in memory", RawGguf{}.header(0, 1).str("split.count").u32(2).le(2, 2),
            "case.gguf: this is one part of a split model");
    }

    void rejectsMalformedImages()
    {
        QFETCH(RawGguf, bytes);
        QFETCH(QString, message);
        const QString actual = rejection(bytes);
        if (!actual.contains(message))
            QFAIL(qPrintable("expected an error containing\n  " + message + "\ngot\n  " + actual));
        QVERIFY(actual.startsWith("case.gguf: "));
    }

    void rejectsRandomTenMegabyteFilesFast()
    {
        QTemporaryDir dir;
        std::mt19937_64 rng(1234);
        RawGguf noise;
        noise.bytes.resize(10 << 20);
        for (auto& b : noise.bytes)
            b = uint8_t(rng());
        noise.bytes[0] = 'X';
        const std::string path = dir.filePath("noise.gguf").toStdString();
        noise.save(path);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(openError(path).startsWith("noise.gguf: not a GGUF file"));

        // The same noise behind a valid header: its counts are absurd.
        RawGguf withHeader = noise;
        std::memcpy(withHeader.bytes.data(), "GGUF\x03\x00\x00\x00", 8);
        withHeader.save(path);
        const QString message = openError(path);
        QVERIFY2(message.startsWith("noise.gguf: "), qPrintable(message));
        QVERIFY2(timer.elapsed() < 2000, "rejecting 10 MB of noise must be fast");
    }

    void rejectsTruncatedRealFile_data()
    {
        QTest::addColumn<qint64>("size");
        QTest::addColumn<QString>("message");
        QTest::newRow("0") << qint64(0) << "the file is empty";
        QTest::newRow("3") << qint64(3) << "not a GGUF file";
        QTest::newRow("10") << qint64(10) << "the file is truncated: tensor count at byte 8";
        QTest::newRow("24") << qint64(24) << "the header declares 19 metadata entries, but the 0 bytes";
        QTest::newRow("5000") << qint64(5000) << "metadata key 'tokenizer.ggml.tokens': ";
        QTest::newRow("14000") << qint64(14000) << "tensor #45: tensor name at byte 13979 claims 21 bytes, but only 13";
        QTest::newRow("14160") << qint64(14160) << "the tensor data section would start at byte 14176, past the end";
        QTest::newRow("600000") << qint64(600000) << "tensor 'blk.1.ffn_up.weight' data (offset 581632";
        QTest::newRow("size-1") << qint64(1185375) << "tensor 'blk.4.ffn_norm.weight' data (offset 1170944, 256 bytes) "
                                                     "runs past the end of the file (size 1185375";
    }

    void rejectsTruncatedRealFile()
    {
        QFETCH(qint64, size);
        QFETCH(QString, message);
        HEARTH_REQUIRE_SHARED(path, "models/stories260K-f32.gguf");
        QTemporaryDir dir;
        const std::string cut = dir.filePath("cut.gguf").toStdString();
        QFile::copy(QString::fromStdString(path), QString::fromStdString(cut));
        QFile file(QString::fromStdString(cut));
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        QVERIFY(file.resize(size));
        const QString actual = openError(cut);
        if (!actual.startsWith("cut.gguf: ") || !actual.contains(message))
            QFAIL(qPrintable("expected an error containing\n  " + message + "\ngot\n  " + actual));
    }

    void reportsFileSystemProblems()
    {
        QTemporaryDir dir;
        const std::string missing = dir.filePath("missing.gguf").toStdString();
        QVERIFY(openError(missing).startsWith(QString::fromStdString("cannot open model file " + missing + ": No such file")));
        QVERIFY(openError(dir.path().toStdString()).contains("it is not a regular file"));
    }
};

QTEST_APPLESS_MAIN(TestGgufReject)
#include "test_gguf_reject.moc"
