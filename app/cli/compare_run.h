#pragma once

// The work behind `hearth-cli compare`: plan which models share the GPU
// (services/backend/residency_plan.h), load each group, answer every prompt
// with every model of the group at once (a thread per model, each with its
// own session), and hand back the answers with their figures.

#include "hearth/session.h"

#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

namespace hearth::cli {

struct CompareSetup {
    QStringList models; // GGUF paths, in column order
    QString device;
    SessionOptions session;
    GenerationOptions generation; // the same for every model (seed included)
    bool raw = false;             // the prompt as is, no chat template
    QString system;               // system prompt (chat mode)
    QString chatTemplate;         // a built-in chat format instead of each model's own; empty: their own
};

struct CompareAnswer {
    QString model; // as given on the command line
    QString text;
    QString reasoning;
    int tokens = 0;
    double ttftMs = 0;
    double prefillTps = 0;
    double decodeTps = 0;
    double totalMs = 0;
    QString finish = "error"; // "stop", "length", "cancelled" or "error"
    QString error;
};

struct CompareOutcome {
    bool concurrent = false; // every model was resident and answered at once
    QString refusal;         // non-empty: nothing ran (a model cannot fit alone, a file cannot be read)
    std::vector<CompareAnswer> answers; // single prompt: in model order
};

struct CompareProgress {
    int finished = 0;                       // answers done so far (including skipped ones)
    int promptIndex = 0;
    const CompareAnswer* answer = nullptr;  // the answer just finished; null for a start notice
};

// (prompt index, model) pairs already answered, from an earlier run's file.
struct CompareDone {
    QSet<QString> keys; // key(promptIndex, model)
    int count() const { return int(keys.size()); }
    static QString key(int promptIndex, const QString& model) { return QString::number(promptIndex) + '\n' + model; }
};

// Runs every prompt with every model not in `done`. `progress` is called on
// the calling thread.
CompareOutcome runCompare(const CompareSetup& setup, const std::vector<QString>& prompts, const CompareDone& done,
                          const std::function<void(const CompareProgress&)>& progress);

// The JSON of one answer in `compare --json`.
QJsonObject answerJson(const CompareAnswer& answer);
// One line of a prompt-set output file: the answer plus prompt_index and prompt.
QByteArray answerLine(int promptIndex, const QString& prompt, const CompareAnswer& answer);
CompareDone readDoneAnswers(const QString& path); // nothing when the file does not exist

// A prompt set: one prompt a line, or JSON Lines whose objects have a
// "prompt" string (or lines that are JSON strings). Throws hearth::Error
// naming a bad line.
std::vector<QString> readPromptSet(const QString& path);

} // namespace hearth::cli
