#pragma once

// Download speed over the last few seconds, from (time, bytes) samples.

#include <QElapsedTimer>

#include <deque>
#include <utility>

namespace hearth::downloads {

class SpeedMeter {
public:
    explicit SpeedMeter(qint64 windowMs = 3000) : windowMs_(windowMs) { clock_.start(); }

    void add(qint64 bytes)
    {
        const qint64 now = clock_.elapsed();
        if (!samples_.empty() && bytes < samples_.back().second)
            samples_.clear(); // restarted from zero
        samples_.emplace_back(now, bytes);
        while (samples_.size() > 2 && now - samples_.front().first > windowMs_)
            samples_.pop_front();
    }

    // Bytes per second; 0 until two samples are apart in time.
    double bytesPerSecond() const
    {
        if (samples_.size() < 2)
            return 0;
        const auto& [t0, b0] = samples_.front();
        const auto& [t1, b1] = samples_.back();
        return t1 > t0 ? double(b1 - b0) * 1000.0 / double(t1 - t0) : 0;
    }

    void reset() { samples_.clear(); }

private:
    qint64 windowMs_;
    QElapsedTimer clock_;
    std::deque<std::pair<qint64, qint64>> samples_;
};

} // namespace hearth::downloads
