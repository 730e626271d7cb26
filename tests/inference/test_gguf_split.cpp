// Split models (NAME-0000k-of-0000N.gguf, as llama.cpp's gguf-split writes
// them) open as one model from any part, and every inconsistency or missing
// part is an error naming the file.

#include "hearth/error.h"
#include "hearth/gguf.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using namespace hearth;

namespace {

std::vector<std::byte> filled(size_t n, uint8_t value)
{
    return std::vector<std::byte>(n, std::byte(value));
}

struct PartSpec {
    std::vector<std::string> tensors;
    int splitNo = -1; // -1: the part's own index
};

// Writes a 3-part model: tensors a,b | c | d. Tensor data is filled with the
// first letter of its name so reads can be checked.
void writeSplit(const QString& dir, const std::string& prefix, std::vector<PartSpec> parts, int declaredTotal = 4)
{
    const uint32_t count = uint32_t(parts.size());
    for (uint32_t i = 0; i < count; ++i) {
        GgufWriter w;
        if (i == 0) {
            w.setString("general.architecture", "llama");
            w.setUInt32("llama.block_count", 2);
        }
        w.setUInt16("split.no", uint16_t(parts[i].splitNo < 0 ? i : uint32_t(parts[i].splitNo)));
        w.setUInt16("split.count", uint16_t(count));
        w.setInt32("split.tensors.count", declaredTotal);
        for (const std::string& name : parts[i].tensors)
            w.addTensor(name, {8, 2}, GgmlType::F32, filled(64, uint8_t(name[0])));
        w.write((dir + "/" + QString::fromStdString(ggufSplitFileName(prefix, i + 1, count))).toStdString());
    }
}

QString openError(const QString& path)
{
    try {
        GgufFile::open(path.toStdString());
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestGgufSplit : public QObject {
    Q_OBJECT

private slots:
    void parsesSplitFileNames()
    {
        const auto n = parseGgufSplitName("Qwen2.5-7B-Instruct-Q4_K_M-00002-of-00003.gguf");
        QVERIFY(n.has_value());
        QCOMPARE(n->prefix, std::string("Qwen2.5-7B-Instruct-Q4_K_M"));
        QCOMPARE(n->part, 2u);
        QCOMPARE(n->count, 3u);
        QVERIFY(parseGgufSplitName("m-00001-OF-00002.GGUF").has_value());
        QVERIFY(!parseGgufSplitName("model.gguf"));
        QVERIFY(!parseGgufSplitName("-00001-of-00002.gguf"));       // no prefix
        QVERIFY(!parseGgufSplitName("m-0001-of-00002.gguf"));       // 4 digits
        QVERIFY(!parseGgufSplitName("m-00003-of-00002.gguf"));      // part > count
        QVERIFY(!parseGgufSplitName("m-00000-of-00002.gguf"));      // parts are 1-based
        QCOMPARE(ggufSplitFileName("m", 7, 12), std::string("m-00007-of-00012.gguf"));
    }

    void opensAllPartsAsOneModel_data()
    {
        QTest::addColumn<int>("part");
        QTest::newRow("from part 1") << 1;
        QTest::newRow("from part 2") << 2;
        QTest::newRow("from part 3") << 3;
    }
    void opensAllPartsAsOneModel()
    {
        QFETCH(int, part);
        QTemporaryDir dir;
        writeSplit(dir.path(), "model", {{{"a", "b"}}, {{"c"}}, {{"d"}}});
        const GgufFile f = GgufFile::open(
            (dir.path() + "/" + QString::fromStdString(ggufSplitFileName("model", uint32_t(part), 3))).toStdString());
        QCOMPARE(f.splitCount(), 3u);
        QCOMPARE(f.path().filename().string(), std::string("model-00001-of-00003.gguf"));
        QCOMPARE(*f.getString("general.architecture"), std::string("llama")); // metadata of part 1
        QCOMPARE(*f.getInt("split.no"), int64_t(0));
        QCOMPARE(f.tensors().size(), size_t(4));
        const char* names = "abcd";
        const uint32_t splits[] = {0, 0, 1, 2};
        uint64_t total = 0;
        for (int i = 0; i < 4; ++i) {
            const GgufTensorInfo& t = f.tensors()[size_t(i)];
            QCOMPARE(t.name, std::string(1, names[i]));
            QCOMPARE(t.split, splits[i]);
            const auto data = f.tensorData(t);
            QCOMPARE(data.size(), size_t(64));
            QCOMPARE(std::to_integer<char>(data[0]), names[i]);
            QCOMPARE(std::to_integer<char>(data[63]), names[i]);
        }
        QCOMPARE(f.findTensor("d")->offset, uint64_t(0)); // offsets are per part
        for (uint32_t s = 0; s < 3; ++s)
            total += uint64_t(QFileInfo(QString::fromStdString(f.splitPath(s).string())).size());
        QCOMPARE(f.fileSize(), total);
    }

    void missingPartIsNamed()
    {
        QTemporaryDir dir;
        writeSplit(dir.path(), "model", {{{"a", "b"}}, {{"c"}}, {{"d"}}});
        const QString third = dir.path() + "/model-00003-of-00003.gguf";
        QVERIFY(QFile::remove(third));
        const QString message = openError(dir.path() + "/model-00001-of-00003.gguf");
        QVERIFY2(message.startsWith("model-00001-of-00003.gguf: part 3 of 3 of this split model is missing: " + third),
                 qPrintable(message));
    }

    void inconsistentPartsAreRejected()
    {
        {
            QTemporaryDir dir;
            writeSplit(dir.path(), "m", {{{"a", "b"}}, {{"c"}, 2}, {{"d"}}});
            const QString message = openError(dir.path() + "/m-00001-of-00003.gguf");
            QVERIFY2(message.startsWith("m-00002-of-00003.gguf: expected part 2 of 3 (split.no 1, split.count 3), "
                                        "but the file says split.no 2"),
                     qPrintable(message));
        }
        {
            QTemporaryDir dir;
            writeSplit(dir.path(), "m", {{{"a", "b"}}, {{"c"}}, {{"d"}}}, 5);
            QVERIFY(openError(dir.path() + "/m-00002-of-00003.gguf")
                        .startsWith("m-00001-of-00003.gguf: split.tensors.count says 5 tensors, but the 3 parts hold 4"));
        }
        {
            QTemporaryDir dir;
            writeSplit(dir.path(), "m", {{{"a", "b"}}, {{"c"}}, {{"a"}}});
            QVERIFY(openError(dir.path() + "/m-00001-of-00003.gguf")
                        .startsWith("m-00003-of-00003.gguf: tensor 'a' also appears in an earlier part"));
        }
        {
            // A part renamed so the siblings cannot be derived from its name.
            QTemporaryDir dir;
            writeSplit(dir.path(), "m", {{{"a", "b"}}, {{"c"}}, {{"d"}}});
            QVERIFY(QFile::rename(dir.path() + "/m-00001-of-00003.gguf", dir.path() + "/renamed.gguf"));
            QVERIFY(openError(dir.path() + "/renamed.gguf")
                        .startsWith("renamed.gguf: this is one part of a model split into 3 files, but its name does not "
                                    "follow the pattern NAME-00001-of-00003.gguf"));
        }
        {
            // The name says part 2 but the metadata says part 1.
            QTemporaryDir dir;
            writeSplit(dir.path(), "m", {{{"a", "b"}}, {{"c"}, 0}});
            QVERIFY(openError(dir.path() + "/m-00002-of-00002.gguf")
                        .startsWith("m-00002-of-00002.gguf: split.no is 0 but the file name says part 2"));
        }
    }

    void singlePartSplitIsAPlainFile()
    {
        QTemporaryDir dir;
        writeSplit(dir.path(), "one", {{{"a"}}}, 1);
        const GgufFile f = GgufFile::open((dir.path() + "/one-00001-of-00001.gguf").toStdString());
        QCOMPARE(f.splitCount(), 1u);
        QCOMPARE(f.tensors().size(), size_t(1));
    }
};

QTEST_APPLESS_MAIN(TestGgufSplit)
#include "test_gguf_split.moc"
