#include "bench/streaming_bench.h"

#include "chat/app_context.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QQuickWindow>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace hearth::ui {
namespace {

// About 230 tokens of the Markdown a model writes, repeated: text, a list,
// a table and a code block, so every kind of block keeps streaming in.
const char* const kAnswerChunk =
    "Here is how the **binary search** works, step by step, with a short example and some notes on "
    "when to use it instead of a linear scan.\n\n"
    "1. Look at the middle element of the sorted range.\n"
    "2. If it is the target, stop; otherwise discard the half that cannot hold it.\n"
    "3. Repeat until the range is empty.\n\n"
    "| n | steps |\n|---|---|\n| 1,000 | 10 |\n| 1,000,000 | 20 |\n\n"
    "```python\n"
    "def binary_search(items, target):\n"
    "    low, high = 0, len(items) - 1\n"
    "    while low <= high:\n"
    "        mid = (low + high) // 2\n"
    "        if items[mid] == target:\n"
    "            return mid\n"
    "        if items[mid] < target:\n"
    "            low = mid + 1\n"
    "        else:\n"
    "            high = mid - 1\n"
    "    return -1\n"
    "```\n\n";

// Pieces of about four characters, as a tokenizer would cut them.
std::vector<QString> syntheticTokens(int count)
{
    const QString chunk = QString::fromUtf8(kAnswerChunk);
    std::vector<QString> tokens;
    tokens.reserve(std::size_t(count));
    qsizetype at = 0;
    while (int(tokens.size()) < count) {
        tokens.push_back(chunk.mid(at, 4));
        at = (at + 4) % chunk.size();
    }
    return tokens;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = std::size_t(p * double(values.size() - 1));
    return values[index];
}

} // namespace

int runStreamingBenchmark(QQuickWindow& window, AppContext& app, const StreamingBenchOptions& options)
{
    ChatController& chat = *app.conversation();
    chat.newChat();
    MessageListModel& messages = *chat.messages();
    MessageRow question;
    question.message.id = -1;
    question.message.role = store::Role::User;
    question.message.content = "Explain binary search with an example.";
    messages.append(question);
    MessageRow answer;
    answer.message.id = -2;
    answer.message.role = store::Role::Assistant;
    answer.message.finishReason = store::FinishReason::Streaming;
    answer.streaming = true;
    messages.append(answer);
    const int row = 1;

    const std::vector<QString> tokens = syntheticTokens(options.tokens);
    QString text;
    std::size_t next = 0;
    QElapsedTimer clock;
    std::vector<double> frameGaps;
    std::vector<double> loopDelays;
    double lastFrame = -1;

    QObject::connect(&window, &QQuickWindow::frameSwapped, &window, [&] {
        const double now = double(clock.nsecsElapsed()) / 1e6;
        if (lastFrame >= 0)
            frameGaps.push_back(now - lastFrame);
        lastFrame = now;
    });
    // Input latency: how late a 5 ms timer fires while the view works.
    QTimer probe;
    probe.setInterval(5);
    double probeDue = 0;
    QObject::connect(&probe, &QTimer::timeout, &window, [&] {
        const double now = double(clock.nsecsElapsed()) / 1e6;
        loopDelays.push_back(std::max(0.0, now - probeDue));
        probeDue = now + 5;
    });

    // The model: pieces arrive at the chosen rate and reach the view once a
    // frame, as ChatController::flushFrame does.
    QTimer frame;
    frame.setInterval(16);
    QEventLoop loop;
    QObject::connect(&frame, &QTimer::timeout, &window, [&] {
        const double seconds = double(clock.nsecsElapsed()) / 1e9;
        const auto due = std::min(tokens.size(), std::size_t(seconds * options.tokensPerSecond));
        for (; next < due; ++next)
            text += tokens[next];
        messages.setStreamingText(row, text, {});
        window.update();
        if (next == tokens.size())
            loop.quit();
    });
    clock.start();
    probeDue = 5;
    probe.start();
    frame.start();
    loop.exec();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    frame.stop();
    probe.stop();

    std::printf("streaming benchmark: %d tokens (%lld characters) at %.0f tok/s into the chat view\n",
                options.tokens, static_cast<long long>(text.size()), options.tokensPerSecond);
    std::printf("  took %.1f s, %zu frames rendered (%.1f frames/s)\n", seconds, frameGaps.size() + 1,
                double(frameGaps.size() + 1) / seconds);
    std::printf("  frame time: median %.1f ms, p99 %.1f ms, worst %.1f ms\n", percentile(frameGaps, 0.5),
                percentile(frameGaps, 0.99), percentile(frameGaps, 1.0));
    std::printf("  event loop delay (input latency): median %.1f ms, p99 %.1f ms, worst %.1f ms\n",
                percentile(loopDelays, 0.5), percentile(loopDelays, 0.99), percentile(loopDelays, 1.0));
    std::fflush(stdout);
    return 0;
}

} // namespace hearth::ui
