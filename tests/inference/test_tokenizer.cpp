// Tokenizer algorithms on small hand-written vocabularies (no files):
// byte-level alphabet, UTF-8 handling, pre-tokenizer splits, SentencePiece
// and BPE merge order, special-token cutting, by-text special detection,
// errors and stream decoding. The real vocabularies are in
// test_tokenizer_vocab.cpp.

#include "hearth/error.h"
#include "hearth/tokenizer.h"
#include "tokenizer/byte_level.h"
#include "tokenizer/pre_tokenizer.h"
#include "tokenizer/utf8.h"

#include <QtTest>

#include <cstdio>

using namespace hearth;
using Ids = std::vector<int32_t>;

namespace {

std::vector<std::string> splitWords(PreTokenizerType type, std::string_view text)
{
    const PreTokenizer pre(type);
    RegexScratch scratch;
    std::vector<TextRange> ranges;
    pre.split(text, scratch, ranges);
    std::vector<std::string> words;
    for (const TextRange& r : ranges)
        words.emplace_back(text.substr(r.begin, r.end - r.begin));
    return words;
}

// SentencePiece: <unk> <s> </s>, 256 byte tokens (ids 3..258), then pieces.
VocabularyData spmVocab(std::vector<std::pair<std::string, float>> pieces, bool spacePrefix = true)
{
    VocabularyData d;
    d.model = "llama";
    d.tokens = {"<unk>", "<s>", "</s>"};
    d.types = {VocabularyData::Unknown, VocabularyData::Control, VocabularyData::Control};
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        d.tokens.emplace_back(name);
        d.types.push_back(VocabularyData::Byte);
    }
    d.scores.assign(d.tokens.size(), 0.0f);
    for (auto& [text, score] : pieces) {
        d.tokens.push_back(text);
        d.scores.push_back(score);
        d.types.push_back(VocabularyData::Normal);
    }
    d.addSpacePrefix = spacePrefix;
    return d;
}

int32_t byteId(unsigned char b) { return 3 + b; }

// Byte-level BPE: ids 0..255 are the byte alphabet in byte order, then the
// extra tokens in order; merges as given (rank = index).
VocabularyData bpeVocab(std::vector<std::string> extra, std::vector<std::string> merges, std::string pre = "gpt-2")
{
    VocabularyData d;
    d.model = "gpt2";
    d.pre = std::move(pre);
    for (int b = 0; b < 256; ++b)
        d.tokens.emplace_back(byte_level::encodeByte(static_cast<unsigned char>(b)));
    for (auto& t : extra)
        d.tokens.push_back(std::move(t));
    d.merges = std::move(merges);
    d.bos = 0;
    d.eos = 0;
    return d;
}

int32_t idOf(const Tokenizer& t, std::string_view text)
{
    const auto id = t.findToken(text);
    if (!id)
        throw std::runtime_error("missing token " + std::string(text));
    return *id;
}

} // namespace

class TestTokenizer : public QObject {
    Q_OBJECT

private slots:
    void byteLevelAlphabet()
    {
        QCOMPARE(byte_level::encodeByte(' '), std::string_view("\xC4\xA0"));  // U+0120 'Ġ'
        QCOMPARE(byte_level::encodeByte('\n'), std::string_view("\xC4\x8A")); // U+010A 'Ċ'
        QCOMPARE(byte_level::encodeByte('a'), std::string_view("a"));
        QCOMPARE(byte_level::encodeByte(0xAD), std::string_view("\xC5\x83")); // 68th remapped byte: U+0143
        std::string all;
        for (int b = 0; b < 256; ++b)
            all += static_cast<char>(b);
        std::string encoded;
        byte_level::encode(encoded, all);
        QCOMPARE(byte_level::decode(encoded), all);
    }

    void utf8Sanitize()
    {
        std::string storage;
        const std::string_view valid = "h\xC3\xA9llo \xF0\x9F\xA6\x99";
        QCOMPARE(static_cast<const void*>(utf8::sanitize(valid, storage).data()), static_cast<const void*>(valid.data()));
        // Like llama.cpp: a stray byte becomes U+FFFD, an overlong form is decoded.
        QCOMPARE(utf8::sanitize("a\xFF" "b", storage), std::string_view("a\xEF\xBF\xBD" "b"));
        QCOMPARE(utf8::sanitize("\xC1\x81", storage), std::string_view("A"));
        QCOMPARE(utf8::sanitize("x\xE2\x96", storage), std::string_view("x\xEF\xBF\xBD\xEF\xBF\xBD"));
    }

    void whitespaceRewrite()
    {
        const std::string p = withLlamaWhitespace(R"(\s+(?!\S)|[^\s\p{L}])");
        QVERIFY(p.find("\\s") == std::string::npos);
        QVERIFY(p.find("\\S") == std::string::npos);
        QVERIFY(p.find(R"(\x{85})") != std::string::npos);
        QVERIFY(p.find(R"([^\t)") != std::string::npos);
    }

    void preTokenizerSplits()
    {
        using V = std::vector<std::string>;
        QCOMPARE(splitWords(PreTokenizerType::Llama3, "Hello world"), (V{"Hello", " world"}));
        QCOMPARE(splitWords(PreTokenizerType::Llama3, "1234567"), (V{"123", "456", "7"}));
        QCOMPARE(splitWords(PreTokenizerType::Qwen2, "123"), (V{"1", "2", "3"}));
        QCOMPARE(splitWords(PreTokenizerType::Llama3, "I'M here"), (V{"I", "'M", " here"}));
        QCOMPARE(splitWords(PreTokenizerType::Llama3, "a  \n\n b"), (V{"a", "  \n\n", " b"}));
        QCOMPARE(splitWords(PreTokenizerType::Llama3, "x   y"), (V{"x", "  ", " y"}));
        QCOMPARE(splitWords(PreTokenizerType::Gpt2, "I'm fine!!  "), (V{"I", "'m", " fine", "!!", "  "}));
        // U+0085 counts as whitespace, as in llama.cpp (PCRE2's \s would not).
        QCOMPARE(splitWords(PreTokenizerType::Llama3, "a\xC2\x85\xC2\x85" "b"), (V{"a", "\xC2\x85", "\xC2\x85" "b"}));
        // Default: punctuation first, then GPT-2 words, digits in threes.
        QCOMPARE(splitWords(PreTokenizerType::Default, "ab,12345"), (V{"ab", ",", "123", "45"}));
        QCOMPARE(splitWords(PreTokenizerType::DeepseekCoder, "ab\ncd 12"), (V{"ab", "\n", "cd", " ", "1", "2"}));
    }

    void preTokenizerLongRuns()
    {
        // Long runs must not overflow the regex engine's stack.
        const std::string spaces(300000, ' ');
        QCOMPARE(splitWords(PreTokenizerType::Llama3, spaces).size(), size_t(1));
        const std::string mixed = std::string(200000, 'a') + spaces + "b";
        const auto words = splitWords(PreTokenizerType::Qwen2, mixed);
        QCOMPARE(words.size(), size_t(3));
        QCOMPARE(words[1].size(), spaces.size() - 1);
        QCOMPARE(words[2], std::string(" b"));
    }

    void preTokenizerNames()
    {
        QVERIFY(resolvePreTokenizer(std::string("llama-bpe")).ignoreMerges);
        QCOMPARE(resolvePreTokenizer(std::string("deepseek-r1-qwen")).type, PreTokenizerType::Qwen2);
        QCOMPARE(resolvePreTokenizer(std::nullopt).type, PreTokenizerType::Default);
        QVERIFY(!resolvePreTokenizer(std::string("qwen2")).cleanSpaces);
    }

    void spmScoreOrder()
    {
        // "bc" scores higher than "ab", so "abc" -> a + bc although "ab" is leftmost.
        const Tokenizer t = Tokenizer::fromVocabulary(spmVocab({{"a", -3}, {"b", -3}, {"c", -3}, {"ab", -5}, {"bc", -1}}, false));
        QCOMPARE(t.encode("abc", false, false), (Ids{idOf(t, "a"), idOf(t, "bc")}));
        // Equal scores: the leftmost pair merges first.
        const Tokenizer tie = Tokenizer::fromVocabulary(spmVocab({{"a", -3}, {"b", -3}, {"c", -3}, {"ab", -1}, {"bc", -1}}, false));
        QCOMPARE(tie.encode("abc", false, false), (Ids{idOf(tie, "ab"), idOf(tie, "c")}));
    }

    void spmSpacesAndBytes()
    {
        const Tokenizer t = Tokenizer::fromVocabulary(spmVocab(
            {{"\xE2\x96\x81", -1}, {"h", -2}, {"i", -2}, {"\xE2\x96\x81h", -1.5}, {"\xE2\x96\x81hi", -0.5}}));
        const int32_t hi = idOf(t, "\xE2\x96\x81hi");
        QCOMPARE(t.encode("hi", false, false), (Ids{hi}));
        QCOMPARE(t.encode("hi", true, false), (Ids{1, hi}));
        QVERIFY(t.addsBos());
        QCOMPARE(t.encode("", false, false), Ids{});
        QCOMPARE(t.encode("", true, false), Ids{1});
        // 'é' is not a piece: byte fallback, and decode puts the bytes back.
        const Ids ids = t.encode("hi \xC3\xA9", false, false);
        QCOMPARE(ids, (Ids{hi, idOf(t, "\xE2\x96\x81"), byteId(0xC3), byteId(0xA9)}));
        QCOMPARE(t.decode(ids), std::string("hi \xC3\xA9"));
        QCOMPARE(t.tokenPiece(byteId('\n')), std::string("\n"));
        QCOMPARE(t.tokenPiece(hi), std::string(" hi"));
        QCOMPARE(t.decode(Ids{1, hi}, true), std::string("<s> hi"));
        QCOMPARE(t.decode(Ids{1, hi}, false), std::string(" hi")); // as llama.cpp: BOS takes the strip
    }

    void bpeMergeRanks()
    {
        const Tokenizer t = Tokenizer::fromVocabulary(
            bpeVocab({"bc", "ab", "abc", "\xC4\xA0" "a", "xy-unused"}, {"b c", "a b", "ab c", "\xC4\xA0 a", "x y"}));
        const int32_t bc = idOf(t, "bc");
        QCOMPARE(t.encode("abc", false, false), (Ids{'a', bc}));        // rank 0 (b c) beats rank 1 (a b)
        QCOMPARE(t.encode("abab", false, false), (Ids{idOf(t, "ab"), idOf(t, "ab")}));
        QCOMPARE(t.encode(" abc abc", false, false), (Ids{idOf(t, "\xC4\xA0" "a"), bc, idOf(t, "\xC4\xA0" "a"), bc}));
        // A merge whose result is no token falls back to single-byte tokens.
        QCOMPARE(t.encode("xy", false, false), (Ids{'x', 'y'}));
        QCOMPARE(t.decode(t.encode(" abc\nxy", false, false)), std::string(" abc\nxy"));
    }

    void bpeIgnoreMerges()
    {
        // Llama 3: a whole word that is a token wins even if merges cannot build it.
        auto data = bpeVocab({"ab", "abcab"}, {"a b"}, "llama-bpe");
        data.bos = 257;
        const Tokenizer llama3 = Tokenizer::fromVocabulary(data);
        QCOMPARE(llama3.encode("abcab", false, false), (Ids{idOf(llama3, "abcab")}));
        QCOMPARE(llama3.encode("abcab", true, false), (Ids{257, idOf(llama3, "abcab")})); // llama3 adds BOS
        const Tokenizer gpt2 = Tokenizer::fromVocabulary(bpeVocab({"ab", "abcab"}, {"a b"}));
        QCOMPARE(gpt2.encode("abcab", false, false), (Ids{idOf(gpt2, "ab"), 'c', idOf(gpt2, "ab")}));
        QVERIFY(!gpt2.addsBos());
    }

    void bpeLongWord()
    {
        const Tokenizer t = Tokenizer::fromVocabulary(bpeVocab({"ab"}, {"a b"}));
        std::string text;
        for (int i = 0; i < 100000; ++i)
            text += "ab";
        const Ids ids = t.encode(text, false, false);
        QCOMPARE(ids.size(), size_t(100000));
        QCOMPARE(ids.back(), idOf(t, "ab"));
    }

    void specialTokens()
    {
        auto data = bpeVocab({"<ctl>", "<usr>", "bcd", "ab"}, {});
        data.types.assign(data.tokens.size(), VocabularyData::Normal);
        data.types[256] = VocabularyData::Control;
        data.types[257] = VocabularyData::UserDefined;
        data.types[258] = VocabularyData::UserDefined;
        data.types[259] = VocabularyData::UserDefined;
        const Tokenizer t = Tokenizer::fromVocabulary(data);
        QCOMPARE(t.encode("a<ctl>", false, true), (Ids{'a', 256}));
        QCOMPARE(t.encode("a<ctl>", false, false), (Ids{'a', '<', 'c', 't', 'l', '>'}));
        QCOMPARE(t.encode("<usr>x", false, false), (Ids{257, 'x'})); // user-defined: always
        // Longest token first over the whole text, as llama.cpp: "abcd" -> a + bcd.
        QCOMPARE(t.encode("abcd", false, false), (Ids{'a', 258}));
        QVERIFY(t.isControl(256));
        QVERIFY(!t.isControl(257));
        QCOMPARE(t.decode(Ids{'a', 256, 257}), std::string("a<usr>"));
        QCOMPARE(t.decode(Ids{'a', 256, 257}, true), std::string("a<ctl><usr>"));
    }

    void phi3StripsAfterSpecial()
    {
        auto data = spmVocab({{"\xE2\x96\x81", -1}, {"x", -2}, {"\xE2\x96\x81x", -1}, {"<|user|>", 0}});
        data.types.back() = VocabularyData::Control;
        data.name = "Phi3";
        const int32_t user = int32_t(data.tokens.size() - 1);
        const Tokenizer phi = Tokenizer::fromVocabulary(data);
        const Ids expected{user, idOf(phi, "\xE2\x96\x81x")};
        QCOMPARE(phi.encode("<|user|>\n x", false, true), expected);
        data.name = "other";
        const Tokenizer other = Tokenizer::fromVocabulary(data);
        QVERIFY(other.encode("<|user|>\n x", false, true) != expected);
    }

    void endOfGenerationByText()
    {
        auto data = bpeVocab({"<|im_end|>", "</s>", "<|endoftext|>"}, {});
        data.eos = 258;
        const Tokenizer t = Tokenizer::fromVocabulary(data);
        QCOMPARE(t.eot(), 256); // found by text
        QCOMPARE(t.eos(), 258);
        for (const int32_t id : {256, 257, 258}) {
            QVERIFY(t.isEndOfGeneration(id));
            QVERIFY(t.isControl(id)); // marked control by text
        }
        QVERIFY(!t.isEndOfGeneration('a'));
        QCOMPARE(t.decode(Ids{'a', 257}), std::string("a"));

        // gpt-oss: "<|end|>" ends a message, not the answer.
        const Tokenizer oss = Tokenizer::fromVocabulary(bpeVocab({"<|end|>", "<|return|>", "<|call|>"}, {}));
        QVERIFY(!oss.isEndOfGeneration(256));
        QVERIFY(oss.isEndOfGeneration(257));
        QVERIFY(oss.isEndOfGeneration(258));
    }

    void errors()
    {
        const auto message = [](VocabularyData d) -> std::string {
            try {
                Tokenizer::fromVocabulary(std::move(d));
            } catch (const Error& e) {
                return e.what();
            }
            return {};
        };
        QVERIFY(message(bpeVocab({}, {}, "made-up-pre")).find("'made-up-pre'") != std::string::npos);
        auto model = bpeVocab({}, {});
        model.model = "wordpiece-x";
        QVERIFY(message(model).find("'wordpiece-x'") != std::string::npos);
        model.model = "bert";
        QVERIFY(message(model).find("does not support") != std::string::npos);
        auto scores = spmVocab({});
        scores.scores.pop_back();
        QVERIFY(message(scores).find("scores") != std::string::npos);
        QVERIFY(message(VocabularyData{}).find("no tokenizer") != std::string::npos);
        // An SPM vocabulary ignores the pre-tokenizer name, as llama.cpp does.
        auto spm = spmVocab({});
        spm.pre = "made-up-pre";
        QVERIFY(message(spm).empty());
    }

    void streamDecoder()
    {
        const Tokenizer t = Tokenizer::fromVocabulary(spmVocab({{"h", -1}}));
        StreamDecoder s(t);
        QCOMPARE(s.feed(byteId(0xE2)), std::string());
        QCOMPARE(s.feed(byteId(0x96)), std::string());
        QCOMPARE(s.feed(byteId(0x81)), std::string("\xE2\x96\x81"));
        QCOMPARE(s.feed(idOf(t, "h")), std::string("h"));
        QCOMPARE(s.feed(byteId(0xFF)), std::string("\xEF\xBF\xBD"));  // can never be valid
        QCOMPARE(s.feed(byteId(0xF0)), std::string());
        QCOMPARE(s.feed(idOf(t, "h")), std::string("\xEF\xBF\xBDh")); // broken sequence
        QCOMPARE(s.feed(1), std::string());                           // <s> not rendered
        QCOMPARE(s.feed(byteId(0xC3)), std::string());
        QCOMPARE(s.flush(), std::string("\xEF\xBF\xBD"));
        QCOMPARE(s.flush(), std::string());
        StreamDecoder special(t, true);
        QCOMPARE(special.feed(1), std::string("<s>"));
    }
};

QTEST_APPLESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
