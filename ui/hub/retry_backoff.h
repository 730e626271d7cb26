#pragma once

// Calls a function again after a growing delay (2 s, 4 s, 8 s ... up to a
// minute) while the Hub cannot be reached; reset when an attempt succeeds.

#include <QObject>
#include <QTimer>

#include <functional>

namespace hearth::ui {

class RetryBackoff : public QObject {
    Q_OBJECT
public:
    explicit RetryBackoff(std::function<void()> attempt, QObject* parent = nullptr);

    // Waits the next delay, then calls the attempt (once).
    void schedule();
    // Stops a pending retry and starts the next series at the first delay.
    void reset();
    // Stops a pending retry; the next delay stays where it was.
    void cancel() { timer_.stop(); }
    bool pending() const { return timer_.isActive(); }
    int nextDelayMs() const { return delayMs_; }

    // Tests use short delays.
    void setDelays(int firstMs, int maxMs);

private:
    std::function<void()> attempt_;
    QTimer timer_;
    int firstMs_ = 2000;
    int maxMs_ = 60000;
    int delayMs_ = 2000;
};

} // namespace hearth::ui
