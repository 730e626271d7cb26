// hearth-cli tokenize / detokenize: the model's tokenizer from the command
// line, in forms scripts can rely on (one JSON array of ids per line).

#include "cli/command.h"
#include "cli/output.h"
#include "hearth/error.h"
#include "hearth/gguf.h"
#include "hearth/tokenizer.h"

#include <QFile>

#include <nlohmann/json.hpp>

namespace hearth::cli {
namespace {

std::string idsLine(const std::vector<std::int32_t>& ids)
{
    std::string line = "[";
    for (std::size_t i = 0; i < ids.size(); ++i)
        line += (i ? ", " : "") + std::to_string(ids[i]);
    return line + "]\n";
}

std::string piecesLine(const Tokenizer& tokenizer, const std::vector<std::int32_t>& ids)
{
    nlohmann::ordered_json pieces = nlohmann::ordered_json::array();
    for (std::int32_t id : ids)
        pieces.push_back(tokenizer.tokenPiece(id));
    // Pieces can end inside a UTF-8 sequence (byte tokens): replace, don't throw.
    return pieces.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

Tokenizer loadTokenizer(const QString& model)
{
    return Tokenizer::fromGguf(GgufFile::open(model.toStdString()));
}

int runTokenize(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Print the token ids of TEXT as a JSON array on one line.");
    const QCommandLineOption noBos("no-bos", "Do not add BOS (by default it is added when the vocabulary says so).");
    const QCommandLineOption parseSpecial("parse-special", "Recognise special and control tokens written in the text.");
    const QCommandLineOption pieces("pieces", "Also print each token's text, as a JSON array on the next line.");
    const QCommandLineOption batch("batch", "Read JSON lines with a \"text\" field; print one id array per line.", "FILE.jsonl");
    parser.addOptions({noBos, parseSpecial, pieces, batch});
    parser.addPositionalArgument("MODEL", "A GGUF model or vocabulary file.");
    parser.addPositionalArgument("TEXT", "The text to tokenize (not with --batch).");
    const QString usage = "MODEL TEXT [--no-bos] [--parse-special] [--pieces] | MODEL --batch FILE.jsonl";
    if (int exit = parseOrExit(parser, "tokenize", usage, args); exit >= 0)
        return exit;
    const QStringList positional = parser.positionalArguments();
    const bool batchMode = parser.isSet(batch);
    if (positional.size() != (batchMode ? 1 : 2))
        return usageError("tokenize", usage);

    try {
        const Tokenizer tokenizer = loadTokenizer(positional[0]);
        const auto encode = [&](const std::string& text) {
            return tokenizer.encode(text, !parser.isSet(noBos), parser.isSet(parseSpecial));
        };
        if (!batchMode) {
            const auto ids = encode(positional[1].toStdString());
            printOut(idsLine(ids) + (parser.isSet(pieces) ? piecesLine(tokenizer, ids) : std::string()));
            return 0;
        }
        QFile file(parser.value(batch));
        if (!file.open(QIODevice::ReadOnly))
            return fail("tokenize", "cannot read " + file.fileName() + ": " + file.errorString());
        std::string out;
        int lineNumber = 0;
        while (!file.atEnd()) {
            const QByteArray line = file.readLine().trimmed();
            ++lineNumber;
            if (line.isEmpty())
                continue;
            const auto object = nlohmann::json::parse(line.toStdString(), nullptr, false);
            if (!object.is_object() || !object.contains("text") || !object["text"].is_string())
                return fail("tokenize", QString("%1 line %2: expected a JSON object with a \"text\" string")
                                            .arg(file.fileName()).arg(lineNumber));
            const auto ids = encode(object["text"].get<std::string>());
            out += idsLine(ids);
            if (parser.isSet(pieces))
                out += piecesLine(tokenizer, ids);
        }
        printOut(out);
        return 0;
    } catch (const Error& e) {
        return fail("tokenize", QString::fromUtf8(e.what()));
    }
}

int runDetokenize(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Print the text of a JSON array of token ids.");
    const QCommandLineOption renderSpecial("render-special", "Show control tokens such as <|im_end|> as text.");
    parser.addOption(renderSpecial);
    parser.addPositionalArgument("MODEL", "A GGUF model or vocabulary file.");
    parser.addPositionalArgument("IDS", "Token ids as a JSON array, e.g. '[1, 15043, 3186]'.");
    const QString usage = "MODEL '[ids]' [--render-special]";
    if (int exit = parseOrExit(parser, "detokenize", usage, args); exit >= 0)
        return exit;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return usageError("detokenize", usage);

    const auto parsed = nlohmann::json::parse(positional[1].toStdString(), nullptr, false);
    if (!parsed.is_array())
        return fail("detokenize", "the ids must be a JSON array of integers, e.g. '[1, 15043]'");
    try {
        const Tokenizer tokenizer = loadTokenizer(positional[0]);
        std::vector<std::int32_t> ids;
        for (const auto& value : parsed) {
            if (!value.is_number_integer() || value.get<std::int64_t>() < 0 ||
                value.get<std::int64_t>() >= std::int64_t(tokenizer.vocabSize()))
                return fail("detokenize", QString("%1 is not a token id of this vocabulary (0..%2)")
                                              .arg(QString::fromStdString(value.dump()))
                                              .arg(tokenizer.vocabSize() - 1));
            ids.push_back(value.get<std::int32_t>());
        }
        printOut(tokenizer.decode(ids, parser.isSet(renderSpecial)));
        return 0;
    } catch (const Error& e) {
        return fail("detokenize", QString::fromUtf8(e.what()));
    }
}

} // namespace

Command tokenizeCommand()
{
    return {"tokenize", "Turn text into token ids with a model's tokenizer", runTokenize};
}

Command detokenizeCommand()
{
    return {"detokenize", "Turn token ids back into text", runDetokenize};
}

} // namespace hearth::cli
