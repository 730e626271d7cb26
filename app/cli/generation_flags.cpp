#include "cli/generation_flags.h"

#include "cli/model_loading.h"
#include "cli/output.h"

#include "hearth/devices.h"

namespace hearth::cli {

namespace {

template <typename T>
bool parseNumber(const QCommandLineParser& parser, const QCommandLineOption& option, T& out, const QString& command)
{
    if (!parser.isSet(option))
        return true;
    bool ok = false;
    const QString text = parser.value(option);
    if constexpr (std::is_floating_point_v<T>)
        out = T(text.toDouble(&ok));
    else if constexpr (std::is_signed_v<T>)
        out = T(text.toLongLong(&ok));
    else
        out = T(text.toULongLong(&ok));
    if (!ok)
        fail(command, QString("--%1 expects a number, not '%2'").arg(option.names().constLast(), text));
    return ok;
}

} // namespace

void GenerationFlags::addTo(QCommandLineParser& parser)
{
    parser.addOptions(options());
}

QList<QCommandLineOption> GenerationFlags::options() const
{
    return {temp_, topK_, topP_, minP_, repeat_, seed_, maxTokens_, ctx_, device_};
}

std::optional<GenerationOptions> GenerationFlags::generation(const QCommandLineParser& parser,
                                                             const QString& command) const
{
    GenerationOptions o;
    SamplingParams& s = o.sampling;
    if (!parseNumber(parser, temp_, s.temperature, command) || !parseNumber(parser, topK_, s.topK, command) ||
        !parseNumber(parser, topP_, s.topP, command) || !parseNumber(parser, minP_, s.minP, command) ||
        !parseNumber(parser, repeat_, s.repeatPenalty, command) || !parseNumber(parser, seed_, s.seed, command) ||
        !parseNumber(parser, maxTokens_, o.maxTokens, command))
        return std::nullopt;
    return o;
}

std::optional<SessionOptions> GenerationFlags::session(const QCommandLineParser& parser, const QString& command) const
{
    SessionOptions o;
    if (!parseNumber(parser, ctx_, o.contextLength, command))
        return std::nullopt;
    return o;
}

QString GenerationFlags::device(const QCommandLineParser& parser) const
{
    // An explicit --device wins over HEARTH_DEVICE.
    if (parser.isSet(device_))
        return parser.value(device_);
    return QString::fromStdString(devicePreference(""));
}

std::shared_ptr<Model> GenerationFlags::loadModel(const QCommandLineParser& parser, const SessionOptions& session) const
{
    return loadModelWithProgress(parser.positionalArguments().front(), device(parser), session.contextLength);
}

QString statsLine(const GenerationStats& s)
{
    QString line = QString("prompt: %1 tokens (%2 reused) at %3 tok/s; generated: %4 tokens at %5 tok/s; "
                           "first token after %6 ms; finished: %7")
                       .arg(s.promptTokens)
                       .arg(s.reusedTokens)
                       .arg(s.prefillTokensPerSecond, 0, 'f', 1)
                       .arg(s.generatedTokens)
                       .arg(s.decodeTokensPerSecond, 0, 'f', 1)
                       .arg(s.timeToFirstTokenMs, 0, 'f', 0)
                       .arg(finishReasonName(s.finishReason));
    if (!s.error.empty())
        line += " (" + QString::fromStdString(s.error) + ")";
    return line + "\n";
}

} // namespace hearth::cli
