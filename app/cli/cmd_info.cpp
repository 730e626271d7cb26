// hearth-cli info MODEL [--json] [--ctx N]: what a GGUF model is (from its
// header alone) and how much memory it needs at a given context length.

#include "cli/command.h"
#include "cli/output.h"
#include "core/size_text.h"
#include "hearth/chat_template.h"
#include "hearth/error.h"
#include "hearth/gguf.h"
#include "hearth/model_summary.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace hearth::cli {
namespace {

const QString kName = "info";
const QString kUsage = "MODEL.gguf [--json] [--ctx N]";

nlohmann::ordered_json toJson(const QString& path, const ModelSummary& s, uint32_t ctx, const MemoryEstimate& m)
{
    nlohmann::ordered_json j;
    j["path"] = path.toStdString();
    j["architecture"] = s.architecture;
    j["name"] = s.name;
    j["file_type"] = s.fileTypeLabel;
    j["parameter_count"] = s.parameterCount;
    j["file_size"] = s.fileSize;
    j["context_length"] = s.contextLength;
    j["layers"] = s.layers;
    j["heads"] = s.heads;
    j["kv_heads"] = s.kvHeads;
    j["embedding_length"] = s.embeddingLength;
    j["feed_forward_length"] = s.feedForwardLength;
    j["vocab_size"] = s.vocabSize;
    j["head_dim"] = s.headDim;
    j["has_chat_template"] = s.hasChatTemplate;
    // What a chat with the model is written in when it has none of its own.
    j["fallback_chat_template"] = s.hasChatTemplate ? nlohmann::ordered_json()
                                                    : nlohmann::ordered_json(fallbackChatTemplate(s.architecture).name);
    j["tokenizer_model"] = s.tokenizerModel;
    nlohmann::ordered_json mem;
    mem["context_length"] = ctx;
    mem["weights_bytes"] = m.weightsBytes;
    mem["kv_cache_bytes"] = m.kvCacheBytes;
    mem["scratch_bytes"] = m.scratchBytes;
    mem["total_bytes"] = m.totalBytes;
    j["memory"] = mem;
    return j;
}

QString toText(const QString& path, const ModelSummary& s, uint32_t ctx, const MemoryEstimate& m)
{
    QString text;
    const auto line = [&](const char* key, const QString& value) {
        text += QString("%1 %2\n").arg(QString(key).leftJustified(20)).arg(value);
    };
    const auto str = [](const std::string& v) { return v.empty() ? QString("-") : QString::fromStdString(v); };
    line("file", path);
    line("architecture", str(s.architecture));
    line("name", str(s.name));
    line("file type", str(s.fileTypeLabel));
    line("parameters", countText(s.parameterCount) + " (" + QString::number(s.parameterCount) + ")");
    line("size on disk", bytesText(s.fileSize) + " (" + QString::number(s.fileSize) + " bytes)");
    line("context length", QString::number(s.contextLength));
    line("layers", QString::number(s.layers));
    line("heads", QString::number(s.heads));
    line("kv heads", QString::number(s.kvHeads));
    line("embedding size", QString::number(s.embeddingLength));
    line("feed-forward size", QString::number(s.feedForwardLength));
    line("head dim", QString::number(s.headDim));
    line("vocab size", QString::number(s.vocabSize));
    line("tokenizer", str(s.tokenizerModel));
    line("chat template", s.hasChatTemplate ? QString("the model's own")
                                            : QString("none; Hearth uses the %1 format (--template NAME picks another)")
                                                  .arg(QString::fromStdString(fallbackChatTemplate(s.architecture).label)));
    text += QString("\nMemory at a context of %1 tokens:\n").arg(ctx);
    line("  weights", bytesText(m.weightsBytes));
    line("  kv cache", bytesText(m.kvCacheBytes));
    line("  scratch", bytesText(m.scratchBytes));
    line("  total", bytesText(m.totalBytes));
    return text;
}

int runInfo(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Show a GGUF model's architecture, size and shape, and the memory it needs.");
    parser.addPositionalArgument("model", "The GGUF file (for a split model, any of its parts).");
    const QCommandLineOption json("json", "Print one JSON object instead of text (bytes as integers).");
    const QCommandLineOption ctxOption("ctx", "Context length for the memory estimate "
                                              "(default: the model's, at most 4096).", "N");
    parser.addOption(json);
    parser.addOption(ctxOption);
    if (int exit = parseOrExit(parser, kName, kUsage, args); exit >= 0)
        return exit;
    if (parser.positionalArguments().size() != 1) {
        printErr("hearth-cli info: give exactly one model file\nUsage: hearth-cli info " + kUsage + "\n");
        return 2;
    }
    uint32_t ctx = 0;
    if (parser.isSet(ctxOption)) {
        bool ok = false;
        ctx = parser.value(ctxOption).toUInt(&ok);
        if (!ok || ctx == 0) {
            printErr("hearth-cli info: --ctx needs a positive whole number, not '" + parser.value(ctxOption) + "'\n");
            return 2;
        }
    }

    const QString path = parser.positionalArguments().first();
    try {
        const ModelSummary summary = summarize(GgufFile::open(path.toStdString()));
        if (ctx == 0) // 4096 is what the app starts a chat with; a smaller trained context wins
            ctx = summary.contextLength ? std::min<uint32_t>(summary.contextLength, 4096) : 4096;
        const MemoryEstimate memory = estimateMemory(summary, ctx);
        if (parser.isSet(json))
            printOut(toJson(path, summary, ctx, memory).dump(2) + "\n");
        else
            printOut(toText(path, summary, ctx, memory));
        return 0;
    } catch (const Error& e) {
        return fail(kName, QString::fromUtf8(e.what()));
    }
}

} // namespace

Command infoCommand()
{
    return {"info", "Show a GGUF model's shape, size and memory needs", runInfo};
}

} // namespace hearth::cli
