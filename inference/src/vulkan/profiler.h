#pragma once

// Per-op GPU timing (HEARTH_PROFILE=1): the recorder writes a timestamp
// before and after each dispatch; after the work completes the pairs are
// turned into time per op (the pipeline's shader name).
//
// Ops the GPU overlaps (no barrier between them) are each charged their
// whole start-to-end span, so the per-op sum can exceed the wall time; the
// table shows where time goes, not an exact partition.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <vulkan/vulkan.h>

namespace hearth::vk {

class Context;

struct OpTiming {
    std::string op;
    std::uint64_t calls = 0;
    double totalMs = 0;
    double meanUs() const { return calls ? totalMs * 1000.0 / double(calls) : 0; }
};

// Accumulated timings per op.
class OpProfile {
public:
    void add(const std::string& op, double nanoseconds);
    void merge(const OpProfile& other);
    void clear() { ops_.clear(); }
    bool empty() const { return ops_.empty(); }
    double totalMs() const;
    // Slowest op first.
    std::vector<OpTiming> table() const;
    // "op  calls  total ms  mean us  %" lines, slowest first.
    std::string format() const;

private:
    struct Sum {
        std::uint64_t calls = 0;
        double ns = 0;
    };
    std::map<std::string, Sum> ops_;
};

// Whether HEARTH_PROFILE=1 is set.
bool profilingRequested();

// Timestamp query pools for one recording (grown in pages as it goes).
class TimestampQueries {
public:
    explicit TimestampQueries(Context& context);
    ~TimestampQueries();
    TimestampQueries(const TimestampQueries&) = delete;
    TimestampQueries& operator=(const TimestampQueries&) = delete;

    // The device and its compute queue can write timestamps.
    static bool supported(const Context& context);

    // Around one op, recorded into `commands`.
    void begin(VkCommandBuffer commands, const std::string& op);
    void end(VkCommandBuffer commands);
    // After the recorded work completed: adds the timings to `into` and
    // starts over for the next recording.
    void collect(OpProfile& into);
    // Forgets the recorded queries without reading them (recording abandoned).
    void reset();

private:
    void write(VkCommandBuffer commands, VkPipelineStageFlagBits stage);

    Context& context_;
    std::vector<VkQueryPool> pages_;
    std::uint32_t used_ = 0; // queries written in this recording
    std::vector<std::string> ops_;
    std::uint64_t mask_ = ~std::uint64_t(0);
};

} // namespace hearth::vk
