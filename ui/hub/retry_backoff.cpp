#include "retry_backoff.h"

#include <algorithm>

namespace hearth::ui {

RetryBackoff::RetryBackoff(std::function<void()> attempt, QObject* parent)
    : QObject(parent), attempt_(std::move(attempt))
{
    timer_.setSingleShot(true);
    connect(&timer_, &QTimer::timeout, this, [this] { attempt_(); });
}

void RetryBackoff::schedule()
{
    if (timer_.isActive())
        return;
    timer_.start(delayMs_);
    delayMs_ = std::min(delayMs_ * 2, maxMs_);
}

void RetryBackoff::reset()
{
    timer_.stop();
    delayMs_ = firstMs_;
}

void RetryBackoff::setDelays(int firstMs, int maxMs)
{
    firstMs_ = std::max(1, firstMs);
    maxMs_ = std::max(firstMs_, maxMs);
    reset();
}

} // namespace hearth::ui
