#pragma once

class QQuickWindow;

namespace hearth::ui {

class AppContext;

struct StreamingBenchOptions {
    int tokens = 10000;        // length of the streamed answer
    double tokensPerSecond = 200; // how fast the fake model writes
};

// Streams a long synthetic Markdown answer (paragraphs, lists, code
// blocks) into the open chat view exactly as ChatController does (one text
// update per frame), and measures what a user would feel: the time between
// rendered frames and how late the event loop runs (input latency).
// Prints a report to stdout; returns 0.
int runStreamingBenchmark(QQuickWindow& window, AppContext& app, const StreamingBenchOptions& options);

} // namespace hearth::ui
