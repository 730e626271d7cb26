#include "cli/compare_run.h"

#include "cli/chat_template_flag.h"
#include "cli/model_loading.h"
#include "cli/one_prompt.h"
#include "cli/output.h"
#include "core/json_lines.h"
#include "hearth/devices.h"
#include "hearth/error.h"
#include "hearth/gguf.h"
#include "hearth/model.h"
#include "hearth/model_summary.h"
#include "services/backend/residency_plan.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <memory>
#include <thread>

namespace hearth::cli {

namespace {

// What a model needs on the device for this run, from its header alone.
backend::ModelNeed needOf(const QString& path, std::uint32_t contextLength)
{
    const ModelSummary summary = summarize(GgufFile::open(path.toStdString()));
    const std::uint32_t context = effectiveContextLength(summary, contextLength);
    return {QFileInfo(path).fileName(), estimateMemory(summary, context).totalBytes};
}

std::uint64_t deviceMemory(const QString& device)
{
    const std::vector<DeviceInfo> devices = listDevices();
    return devices[chooseDevice(devices, device.toStdString())].deviceLocalBytes;
}

void answerWith(Session& session, const TemplateChoice& format, const CompareSetup& setup, const QString& prompt,
                CompareAnswer& answer)
{
    QElapsedTimer clock;
    clock.start();
    try {
        session.reset(); // every prompt starts clean, as a separate `run` would
        GenerationOptions options = setup.generation;
        // The prompt exactly as `hearth-cli run` builds it, so greedy answers match.
        const std::vector<std::int32_t> tokens = onePromptTokens(session.model(), format, setup.raw, setup.system,
                                                                 prompt, session.contextLength(), options);
        std::string text;
        std::string reasoning;
        const GenerationStats stats = session.generate(tokens, options, [&](const TextPiece& piece) {
            reasoning += piece.reasoning;
            text += piece.answer;
        });
        answer.text = QString::fromStdString(text);
        answer.reasoning = QString::fromStdString(reasoning);
        answer.tokens = int(stats.generatedTokens);
        answer.ttftMs = stats.timeToFirstTokenMs;
        answer.prefillTps = stats.prefillTokensPerSecond;
        answer.decodeTps = stats.decodeTokensPerSecond;
        answer.finish = QString::fromUtf8(finishReasonName(stats.finishReason));
        answer.error = QString::fromStdString(stats.error);
    } catch (const std::exception& e) {
        answer.finish = "error";
        answer.error = QString::fromUtf8(e.what());
    }
    answer.totalMs = double(clock.nsecsElapsed()) / 1e6;
}

struct Resident {
    int column = 0;
    std::shared_ptr<Model> model;
    std::unique_ptr<Session> session;
    TemplateChoice format;
    QString loadError;
};

} // namespace

CompareOutcome runCompare(const CompareSetup& setup, const std::vector<QString>& prompts, const CompareDone& done,
                          const std::function<void(const CompareProgress&)>& progress)
{
    CompareOutcome outcome;
    std::vector<backend::ModelNeed> needs;
    std::uint64_t available = 0;
    try {
        for (const QString& path : setup.models)
            needs.push_back(needOf(path, setup.session.contextLength));
        available = deviceMemory(setup.device);
    } catch (const Error& e) {
        outcome.refusal = QString::fromUtf8(e.what());
        return outcome;
    }
    const backend::ResidencyPlan plan = backend::planResidency(needs, available);
    if (plan.refused()) {
        outcome.refusal = plan.refusal;
        return outcome;
    }
    outcome.concurrent = plan.together();
    outcome.answers.resize(setup.models.size());
    int finished = done.count();

    for (const std::vector<int>& wave : plan.waves) {
        if (!plan.together() && wave != plan.waves.front())
            printErr(plan.waitingText(wave.front(), needs) + ": done, loading the next\n");
        std::vector<Resident> residents;
        for (int column : wave) {
            Resident r;
            r.column = column;
            try {
                r.model = loadModelWithProgress(setup.models[column], setup.device, setup.session.contextLength);
                r.session = std::make_unique<Session>(r.model, setup.session);
                if (!setup.raw)
                    r.format = chooseTemplateFor(*r.model, setup.chatTemplate);
            } catch (const std::exception& e) {
                r.loadError = QString::fromUtf8(e.what());
            }
            residents.push_back(std::move(r));
        }
        for (int p = 0; p < int(prompts.size()); ++p) {
            std::vector<CompareAnswer> answers(residents.size());
            std::vector<std::thread> threads;
            for (size_t i = 0; i < residents.size(); ++i) {
                const Resident& r = residents[i];
                answers[i].model = setup.models[r.column];
                if (done.keys.contains(CompareDone::key(p, answers[i].model)))
                    continue;
                if (!r.session) {
                    answers[i].error = r.loadError;
                    continue;
                }
                threads.emplace_back([&, i, p] { answerWith(*residents[i].session, residents[i].format, setup, prompts[size_t(p)], answers[i]); });
            }
            for (std::thread& t : threads)
                t.join();
            for (size_t i = 0; i < residents.size(); ++i) {
                if (done.keys.contains(CompareDone::key(p, answers[i].model)))
                    continue;
                ++finished;
                progress({finished, p, &answers[i]});
                if (prompts.size() == 1)
                    outcome.answers[size_t(residents[i].column)] = answers[i];
            }
            if (setup.generation.cancel && setup.generation.cancel->load())
                return outcome;
        }
    }
    return outcome;
}

QJsonObject answerJson(const CompareAnswer& a)
{
    return QJsonObject{{"model", a.model},           {"text", a.text},          {"reasoning", a.reasoning},
                       {"tokens", a.tokens},         {"ttft_ms", a.ttftMs},     {"prefill_tps", a.prefillTps},
                       {"decode_tps", a.decodeTps},  {"total_ms", a.totalMs},   {"finish", a.finish},
                       {"error", a.error}};
}

QByteArray answerLine(int promptIndex, const QString& prompt, const CompareAnswer& answer)
{
    QJsonObject line = answerJson(answer);
    line.insert("prompt_index", promptIndex);
    line.insert("prompt", prompt);
    return QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
}

CompareDone readDoneAnswers(const QString& path)
{
    CompareDone done;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return done;
    while (!file.atEnd()) {
        const QJsonObject line = QJsonDocument::fromJson(file.readLine()).object();
        // An answer cut short by Ctrl+C or an error is asked again.
        const QString finish = line.value("finish").toString();
        if (line.isEmpty() || finish == "cancelled" || finish == "error")
            continue;
        done.keys.insert(CompareDone::key(line.value("prompt_index").toInt(-1), line.value("model").toString()));
    }
    return done;
}

std::vector<QString> readPromptSet(const QString& path)
{
    std::vector<QString> prompts;
    forEachLine(path, "prompts file", [&](const QByteArray& line, int number) {
        if (!line.startsWith('{') && !line.startsWith('"')) {
            prompts.push_back(QString::fromUtf8(line));
            return;
        }
        // QJsonDocument takes only objects and arrays: wrap a bare string.
        const QJsonDocument doc = QJsonDocument::fromJson(line.startsWith('"') ? "[" + line + "]" : line);
        const QString prompt = doc.isArray() ? doc.array().at(0).toString() : doc.object().value("prompt").toString();
        if (prompt.isEmpty())
            throwBadLine(path, number, "a JSON line needs a \"prompt\" text");
        prompts.push_back(prompt);
    });
    return prompts;
}

} // namespace hearth::cli
