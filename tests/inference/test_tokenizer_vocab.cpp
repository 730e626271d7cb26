// Tokenizers of real vocabularies (../shared/vocab) against llama.cpp's own
// test vectors: every string of every .inp file must give exactly the ids of
// the .out file (no BOS, no special parsing), and decoding those ids must
// give the string back. Also special tokens, end-of-generation detection,
// streaming and GGUF errors on the real files.

#include "fixtures.h"

#include "hearth/error.h"
#include "hearth/gguf.h"
#include "hearth/tokenizer.h"
#include "tokenizer/utf8.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>

using namespace hearth;
using Ids = std::vector<int32_t>;

namespace {

const char* const kVocabularies[] = {"llama-spm", "phi-3", "gpt-2", "deepseek-llm", "deepseek-coder", "llama-bpe", "qwen2"};

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Case {
    std::string text;
    Ids expected;
};

// .inp: strings separated by "\n__ggml_vocab_test__\n" (a trailing one
// closes the last string); .out: one line of ids per string.
std::vector<Case> readCases(const std::string& base)
{
    const std::string inp = readFile(base + ".inp");
    std::vector<Case> cases;
    static const std::string kSeparator = "\n__ggml_vocab_test__\n";
    for (size_t pos = 0;;) {
        const size_t next = inp.find(kSeparator, pos);
        if (next == std::string::npos)
            break;
        cases.push_back({inp.substr(pos, next - pos), {}});
        pos = next + kSeparator.size();
    }
    std::istringstream out(readFile(base + ".out"));
    std::string line;
    for (Case& c : cases) {
        if (!std::getline(out, line))
            break;
        std::istringstream ids(line);
        for (int32_t id = 0; ids >> id;)
            c.expected.push_back(id);
    }
    return cases;
}

std::string describe(const Ids& ids)
{
    std::string s;
    for (const int32_t id : ids)
        s += (s.empty() ? "" : " ") + std::to_string(id);
    return s;
}

bool isValidUtf8(const std::string& s)
{
    std::string copy;
    utf8::appendValid(copy, s);
    return copy == s;
}

} // namespace

class TestTokenizerVocab : public QObject {
    Q_OBJECT

    // Loading a vocabulary takes a moment; each is loaded once per run.
    const Tokenizer& tokenizer(const std::string& name)
    {
        auto it = tokenizers_.find(name);
        if (it == tokenizers_.end()) {
            const std::string path = hearth::test::sharedPath(QStringLiteral("vocab/ggml-vocab-")).toStdString() + name + ".gguf";
            it = tokenizers_.emplace(name, std::make_unique<Tokenizer>(Tokenizer::fromGguf(GgufFile::open(path)))).first;
        }
        return *it->second;
    }

    std::map<std::string, std::unique_ptr<Tokenizer>> tokenizers_;
    std::map<std::string, std::vector<Case>> cases_;

private slots:
    void referenceIds_data()
    {
        QTest::addColumn<QString>("vocab");
        QTest::addColumn<int>("index");
        const QString dir = hearth::test::sharedPath(QStringLiteral("vocab"));
        if (!QFileInfo::exists(dir))
            return; // no rows: referenceIds() skips or fails below
        for (const char* name : kVocabularies) {
            std::vector<Case>& cases = cases_[name];
            cases = readCases(dir.toStdString() + "/ggml-vocab-" + name + ".gguf");
            for (size_t i = 0; i < cases.size(); ++i)
                QTest::newRow(qPrintable(QStringLiteral("%1 #%2").arg(QLatin1String(name)).arg(i))) << QString::fromLatin1(name) << int(i);
        }
    }

    void referenceIds()
    {
        HEARTH_REQUIRE_SHARED(dir, "vocab");
        Q_UNUSED(dir);
        QFETCH(QString, vocab);
        QFETCH(int, index);
        const std::string name = vocab.toStdString();
        const Case& c = cases_.at(name).at(size_t(index));
        QVERIFY2(!c.expected.empty() || c.text.empty(), "the .out file has fewer lines than the .inp file");
        const Tokenizer& t = tokenizer(name);

        const Ids ids = t.encode(c.text, false, false);
        if (ids != c.expected) {
            size_t first = 0;
            while (first < ids.size() && first < c.expected.size() && ids[first] == c.expected[first])
                ++first;
            const std::string why = "text \"" + c.text + "\"\n   got: " + describe(ids) + "\n  want: " +
                describe(c.expected) + "\n  first difference at token " + std::to_string(first);
            QFAIL(why.c_str());
        }
        QCOMPARE(t.decode(c.expected), c.text);
    }

    void specialTokensQwen2()
    {
        HEARTH_REQUIRE_SHARED(path, "vocab/ggml-vocab-qwen2.gguf");
        Q_UNUSED(path);
        const Tokenizer& t = tokenizer("qwen2");
        QCOMPARE(t.vocabSize(), size_t(151936));
        QCOMPARE(t.encode("<|im_start|>user\nHi<|im_end|>", false, true), (Ids{151644, 872, 198, 13048, 151645}));
        // Without special parsing the markers are ordinary text.
        QCOMPARE(t.encode("<|im_start|>", false, false), (Ids{27, 91, 318, 4906, 91, 29}));
        QVERIFY(!t.addsBos());
        QCOMPARE(t.encode("Hi", true, false), (Ids{13048}));
        QCOMPARE(t.eos(), 151645);
        QCOMPARE(t.eot(), 151645);
        QVERIFY(t.isEndOfGeneration(151645)); // <|im_end|>
        QVERIFY(t.isEndOfGeneration(151643)); // <|endoftext|>
        QVERIFY(t.isEndOfGeneration(128247)); // "</s>", an ordinary token in the file
        QVERIFY(t.isControl(128247));
        QVERIFY(!t.isEndOfGeneration(151644));
        QCOMPARE(t.findToken("<|im_start|>"), std::optional<int32_t>(151644));
        QCOMPARE(t.decode(Ids{151644, 872}), std::string("user"));
        QCOMPARE(t.decode(Ids{151644, 872}, true), std::string("<|im_start|>user"));
        QCOMPARE(t.kindName(), std::string_view("BPE"));
        QCOMPARE(t.preTokenizerName(), std::string_view("qwen2"));
    }

    void specialTokensOthers()
    {
        HEARTH_REQUIRE_SHARED(dir, "vocab");
        Q_UNUSED(dir);
        const Tokenizer& llama3 = tokenizer("llama-bpe");
        QCOMPARE(llama3.encode("Hello", true, false), (Ids{128000, 9906}));
        QCOMPARE(llama3.encode("<|eot_id|>", false, true), (Ids{128009}));
        QVERIFY(llama3.isEndOfGeneration(128009) && llama3.isEndOfGeneration(128008) && llama3.isEndOfGeneration(128001));

        const Tokenizer& llama2 = tokenizer("llama-spm");
        QCOMPARE(llama2.encode("Hello world", true, false), (Ids{1, 15043, 3186}));
        QCOMPARE(llama2.bos(), 1);
        QCOMPARE(llama2.eot(), -1);
        QVERIFY(llama2.isEndOfGeneration(2));

        // Phi-3's chat tokens swallow the whitespace after them.
        const Tokenizer& phi3 = tokenizer("phi-3");
        QCOMPARE(phi3.encode("<|user|>\nHi<|end|>\n", true, true), (Ids{1, 32010, 6324, 32007}));
        QCOMPARE(phi3.eot(), 32007);
        QVERIFY(phi3.isEndOfGeneration(32000) && phi3.isEndOfGeneration(32007) && phi3.isEndOfGeneration(2));

        // DeepSeek Coder: user-defined tokens are matched even without special
        // parsing; the FIM tokens became control tokens by their text.
        const Tokenizer& coder = tokenizer("deepseek-coder");
        QCOMPARE(coder.encode("a<|EOT|>b", false, false), (Ids{64, 32021, 65}));
        QVERIFY(coder.isControl(32016));
        QCOMPARE(coder.encode("x<\xEF\xBD\x9C" "fim\xE2\x96\x81" "begin\xEF\xBD\x9C>y", false, true), (Ids{87, 32016, 88}));
        QVERIFY(coder.isEndOfGeneration(32014));

        const Tokenizer& gpt2 = tokenizer("gpt-2");
        QCOMPARE(gpt2.encode("x<|endoftext|>y", false, true), (Ids{87, 50256, 88}));
        QVERIFY(gpt2.isEndOfGeneration(50256));
    }

    void streamingGivesValidText()
    {
        HEARTH_REQUIRE_SHARED(dir, "vocab");
        Q_UNUSED(dir);
        const std::string text = "Cửa Việt 🦙 нещо на Български 我想在apple工作 😶\u200d🌫️!";
        for (const char* name : {"llama-spm", "qwen2", "gpt-2"}) {
            const Tokenizer& t = tokenizer(name);
            const Ids ids = t.encode(text, false, false);
            StreamDecoder stream(t);
            std::string joined;
            for (const int32_t id : ids) {
                const std::string part = stream.feed(id);
                QVERIFY2(isValidUtf8(part), name);
                joined += part;
            }
            joined += stream.flush();
            const std::string expected = t.decode(ids);
            QCOMPARE(joined, std::string(t.kindName() == "SPM" ? " " : "") + expected);
        }
    }

    // A quadratic step anywhere would make this take minutes, not milliseconds.
    void longText()
    {
        HEARTH_REQUIRE_SHARED(dir, "vocab");
        Q_UNUSED(dir);
        std::string text;
        const std::string sentence = "The quick brown fox jumps over the lazy dog, then naps for 15 minutes.\n";
        while (text.size() < (256u << 10))
            text += sentence;
        for (const char* name : {"qwen2", "llama-spm"}) {
            const Tokenizer& t = tokenizer(name);
            const Ids one = t.encode(sentence, false, false);
            QElapsedTimer timer;
            timer.start();
            const Ids ids = t.encode(text, false, false);
            qInfo("%s: %zu KiB in %lld ms, %zu tokens", name, text.size() >> 10, static_cast<long long>(timer.elapsed()), ids.size());
            // Repeating the sentence repeats its tokens (up to a join at each seam).
            QVERIFY(ids.size() >= (text.size() / sentence.size()) * (one.size() - 1));
            QVERIFY(ids.size() <= (text.size() / sentence.size() + 1) * (one.size() + 1));
            QCOMPARE(t.decode(ids), text);
        }
    }

    // The tiny real model's prompts, tokenized by the reference engine with
    // BOS, and its continuations as the pieces it printed.
    void tinyModelPrompts()
    {
        HEARTH_REQUIRE_SHARED(path, "models/reference.jsonl");
        std::istringstream lines(readFile(path));
        int checked = 0;
        for (std::string line; std::getline(lines, line);) {
            if (line.empty())
                continue;
            const auto c = nlohmann::json::parse(line);
            const std::string model = hearth::test::sharedPath(QStringLiteral("models/")).toStdString() +
                c.at("model").get<std::string>();
            const Tokenizer t = Tokenizer::fromGguf(GgufFile::open(model));
            QCOMPARE(t.encode(c.at("prompt").get<std::string>(), c.at("add_bos").get<bool>(), false),
                     c.at("prompt_ids").get<Ids>());
            for (const char* key : {"expected", "alt_expected"}) {
                if (!c.contains(key) || c.at(key).is_null())
                    continue;
                StreamDecoder stream(t);
                std::string text;
                for (const int32_t id : c.at(std::string(key) + "_ids").get<Ids>())
                    text += stream.feed(id);
                text += stream.flush();
                QCOMPARE(text, c.at(key).get<std::string>());
            }
            ++checked;
        }
        QVERIFY(checked > 0);
    }

    void unknownPreTokenizerInFile()
    {
        HEARTH_REQUIRE_SHARED(path, "vocab/ggml-vocab-gpt-2.gguf");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string out = QDir(dir.path()).filePath(QStringLiteral("bogus.gguf")).toStdString();
        GgufWriter writer;
        writer.copyMetadataFrom(GgufFile::open(path), "tokenizer.");
        writer.setString("tokenizer.ggml.pre", "bogus-pre-v9");
        writer.write(out);
        try {
            Tokenizer::fromGguf(GgufFile::open(out));
            QFAIL("an unknown pre-tokenizer must be rejected");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("'bogus-pre-v9'") != std::string::npos, e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestTokenizerVocab)
#include "test_tokenizer_vocab.moc"
