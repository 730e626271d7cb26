#pragma once

// The sampling / context flags shared by `run`, `chat` and `bench`.

#include "hearth/model.h"
#include "hearth/session.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

#include <memory>
#include <optional>

namespace hearth::cli {

class GenerationFlags {
public:
    void addTo(QCommandLineParser& parser);
    QList<QCommandLineOption> options() const; // for the usage line
    // nullopt (after printing what is wrong) when a value does not parse.
    std::optional<GenerationOptions> generation(const QCommandLineParser& parser, const QString& command) const;
    std::optional<SessionOptions> session(const QCommandLineParser& parser, const QString& command) const;
    QString device(const QCommandLineParser& parser) const;
    // The model named by the first positional argument, loaded on --device
    // for sessions of `session.contextLength`, with progress on stderr.
    std::shared_ptr<Model> loadModel(const QCommandLineParser& parser, const SessionOptions& session) const;

private:
    QCommandLineOption temp_{"temp", "Sampling temperature; 0 is greedy (default 0.8).", "T"};
    QCommandLineOption topK_{"top-k", "Keep the K most likely tokens; 0 turns it off (default 40).", "K"};
    QCommandLineOption topP_{"top-p", "Nucleus sampling threshold (default 0.95).", "P"};
    QCommandLineOption minP_{"min-p", "Drop tokens below P times the best one's probability (default 0.05).", "P"};
    QCommandLineOption repeat_{"repeat-penalty", "Penalty for repeating recent tokens; 1 is off (default 1).", "R"};
    QCommandLineOption seed_{"seed", "Random seed; the same seed and input give the same output.", "N"};
    QCommandLineOption maxTokens_{{"n", "max-tokens"}, "Generate at most N tokens (default: until done).", "N"};
    QCommandLineOption ctx_{"ctx", "Context length in tokens (default: the model's, at most 4096).", "N"};
    QCommandLineOption device_{"device", "GPU to use: an index or part of its name (default: the best).", "DEVICE"};
};

// "prompt 5 tokens (0 reused) ..., 48 tokens at 123.4 tok/s" for stderr.
QString statsLine(const GenerationStats& stats);

} // namespace hearth::cli
