// hearth-cli make-model: writes a synthetic GGUF model (real architecture,
// shapes, quantisation mixture and tokenizer; seeded random weights) for
// tests and measurements without downloading a real one.

#include "cli/command.h"
#include "cli/output.h"
#include "hearth/error.h"
#include "hearth/model_maker.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdint>
#include <optional>

namespace hearth::cli {
namespace {

const QString kName = "make-model";
const QString kUsage = "--arch ARCH (--preset NAME | --dim N --layers N --heads N --kv-heads N --ffn N) "
                       "--type TYPE --vocab VOCAB.gguf [--seed N] [--ctx N] -o FILE";

QString joined(const std::vector<std::string>& items)
{
    QStringList list;
    for (const std::string& s : items)
        list << QString::fromStdString(s);
    return list.join(", ");
}

// A positive integer option; 0 when absent, nullopt (after an error
// message) when malformed.
std::optional<uint64_t> number(const QCommandLineParser& parser, const QString& option, uint64_t max,
                               uint64_t min = 1)
{
    if (!parser.isSet(option))
        return 0;
    bool ok = false;
    const qulonglong v = parser.value(option).toULongLong(&ok);
    if (!ok || v < min || v > max) {
        printErr("hearth-cli make-model: --" + option + " needs a whole number from " + QString::number(min) +
                 " to " + QString::number(max) + ", not '" + parser.value(option) + "'\n");
        return std::nullopt;
    }
    return v;
}

int runMakeModel(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Write a GGUF model with a real architecture's layout and tokenizer but random weights, "
        "for tests and benchmarks.\nArchitectures: " + joined(modelMakerArchitectures()) +
        ".\nPresets: " + joined(modelPresetNames()) + " (tiny exists for every architecture).\nTypes: " +
        joined(modelMakerFileTypes()) + ".");
    const struct {
        const char* name;
        const char* help;
        const char* value;
    } kOptions[] = {
        {"arch", "Architecture: llama, qwen2 or qwen3.", "arch"},
        {"preset", "A preset shape (see above); explicit sizes below override its.", "name"},
        {"dim", "Embedding size.", "n"},
        {"layers", "Number of blocks.", "n"},
        {"heads", "Attention heads.", "n"},
        {"kv-heads", "Key/value heads (a divisor of --heads).", "n"},
        {"ffn", "Feed-forward size.", "n"},
        {"head-dim", "Head size (default: dim / heads).", "n"},
        {"ctx", "Trained context length to record (default: the preset's, else 4096).", "n"},
        {"type", "File type: F32, F16, Q8_0, Q4_0 or Q4_K_M.", "type"},
        {"vocab", "A GGUF file whose tokenizer is copied (e.g. ggml-vocab-qwen2.gguf).", "file"},
        {"seed", "Random seed (default 1); the same seed gives the same file.", "n"},
        {"name", "general.name to record.", "text"},
    };
    for (const auto& o : kOptions)
        parser.addOption({o.name, o.help, o.value});
    parser.addOption({{"o", "output"}, "The GGUF file to write.", "file"});
    if (int exit = parseOrExit(parser, kName, kUsage, args); exit >= 0)
        return exit;

    for (const char* required : {"arch", "type", "vocab", "output"})
        if (!parser.isSet(required)) {
            printErr("hearth-cli make-model: --" + QString(required) + " is required\nUsage: hearth-cli make-model " +
                     kUsage + "\n");
            return 2;
        }
    const std::string arch = parser.value("arch").toStdString();
    const auto& arches = modelMakerArchitectures();
    if (std::find(arches.begin(), arches.end(), arch) == arches.end())
        return fail(kName, QString("unsupported architecture '%1' (supported: %2)")
                               .arg(QString::fromStdString(arch), joined(arches)));
    ModelShape shape;
    if (parser.isSet("preset")) {
        const std::string preset = parser.value("preset").toStdString();
        const auto found = modelPreset(preset, arch);
        if (!found) {
            const auto other = modelPreset(preset, "");
            const QString name = QString::fromStdString(preset);
            if (other)
                return fail(kName, QString("preset '%1' is a %2 model, not %3")
                                       .arg(name, QString::fromStdString(other->architecture),
                                            QString::fromStdString(arch)));
            return fail(kName, QString("unknown preset '%1' (presets: %2)").arg(name, joined(modelPresetNames())));
        }
        shape = *found;
    } else {
        for (const char* required : {"dim", "layers", "heads", "kv-heads", "ffn"})
            if (!parser.isSet(required)) {
                printErr("hearth-cli make-model: give --preset or all of --dim, --layers, --heads, --kv-heads, "
                         "--ffn\n");
                return 2;
            }
        shape.architecture = arch;
        shape.contextLength = 4096;
    }
    const auto dim = number(parser, "dim", 65536), layers = number(parser, "layers", 1024),
               heads = number(parser, "heads", 1024), kvHeads = number(parser, "kv-heads", 1024),
               ffn = number(parser, "ffn", 262144), headDim = number(parser, "head-dim", 1024),
               ctx = number(parser, "ctx", 1u << 24), seed = number(parser, "seed", UINT64_MAX, 0);
    if (!dim || !layers || !heads || !kvHeads || !ffn || !headDim || !ctx || !seed)
        return 2;
    // Explicit dimensions override the preset's.
    const auto apply = [](uint32_t& field, uint64_t v) { field = v ? uint32_t(v) : field; };
    apply(shape.dim, *dim);
    apply(shape.layers, *layers);
    apply(shape.heads, *heads);
    apply(shape.kvHeads, *kvHeads);
    apply(shape.ffn, *ffn);
    apply(shape.headDim, *headDim);
    apply(shape.contextLength, *ctx);

    MakeModelOptions options;
    options.shape = shape;
    options.fileType = parser.value("type").toStdString();
    options.vocabulary = parser.value("vocab").toStdString();
    options.seed = parser.isSet("seed") ? *seed : 1;
    options.name = parser.value("name").toStdString();
    const QString output = parser.value("output");
    int lastPercent = -1;
    options.progress = [&](uint64_t done, uint64_t total) {
        const int percent = total ? int(done * 100 / total) : 100;
        if (percent != lastPercent) // \r keeps one updating line on a terminal
            printErr(QString("\rgenerating weights: %1%").arg(percent));
        if (done == total)
            printErr("\nwriting " + output + "\n");
        lastPercent = percent;
    };
    try {
        QElapsedTimer timer;
        timer.start();
        makeModel(options, output.toStdString());
        printErr(QString("wrote %1 in %2 s\n").arg(output).arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1));
        return 0;
    } catch (const Error& e) {
        if (lastPercent >= 0 && lastPercent < 100)
            printErr("\n");
        return fail(kName, QString::fromUtf8(e.what()));
    }
}

} // namespace

Command makeModelCommand()
{
    return {"make-model", "Write a synthetic GGUF model (random weights) for tests", runMakeModel};
}

} // namespace hearth::cli
