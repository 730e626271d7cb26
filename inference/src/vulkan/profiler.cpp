#include "vulkan/profiler.h"

#include "vulkan/context.h"
#include "vulkan/vk_error.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace hearth::vk {
namespace {

constexpr std::uint32_t kQueriesPerPage = 512; // 256 ops

} // namespace

void OpProfile::add(const std::string& op, double nanoseconds)
{
    Sum& sum = ops_[op];
    ++sum.calls;
    sum.ns += nanoseconds;
}

void OpProfile::merge(const OpProfile& other)
{
    for (const auto& [op, sum] : other.ops_) {
        ops_[op].calls += sum.calls;
        ops_[op].ns += sum.ns;
    }
}

double OpProfile::totalMs() const
{
    double ns = 0;
    for (const auto& entry : ops_)
        ns += entry.second.ns;
    return ns / 1e6;
}

std::vector<OpTiming> OpProfile::table() const
{
    std::vector<OpTiming> rows;
    for (const auto& [op, sum] : ops_)
        rows.push_back({op, sum.calls, sum.ns / 1e6});
    std::stable_sort(rows.begin(), rows.end(), [](const OpTiming& a, const OpTiming& b) { return a.totalMs > b.totalMs; });
    return rows;
}

std::string OpProfile::format() const
{
    const double total = totalMs();
    std::string text;
    char line[256];
    std::snprintf(line, sizeof line, "%-28s %8s %11s %10s %7s\n", "op", "calls", "total ms", "mean us", "%");
    text += line;
    for (const OpTiming& t : table()) {
        std::snprintf(line, sizeof line, "%-28s %8llu %11.3f %10.1f %6.1f%%\n", t.op.c_str(),
                      static_cast<unsigned long long>(t.calls), t.totalMs, t.meanUs(),
                      total > 0 ? 100.0 * t.totalMs / total : 0.0);
        text += line;
    }
    std::snprintf(line, sizeof line, "%-28s %8s %11.3f\n", "total", "", total);
    text += line;
    return text;
}

bool profilingRequested()
{
    const char* value = std::getenv("HEARTH_PROFILE");
    return value && std::strcmp(value, "1") == 0;
}

bool TimestampQueries::supported(const Context& context)
{
    return context.timestampValidBits() > 0 && context.timestampPeriod() > 0;
}

TimestampQueries::TimestampQueries(Context& context) : context_(context)
{
    const std::uint32_t bits = context.timestampValidBits();
    if (bits > 0 && bits < 64)
        mask_ = (std::uint64_t(1) << bits) - 1;
}

TimestampQueries::~TimestampQueries()
{
    for (VkQueryPool pool : pages_)
        vkDestroyQueryPool(context_.device(), pool, nullptr);
}

void TimestampQueries::write(VkCommandBuffer commands, VkPipelineStageFlagBits stage)
{
    const std::uint32_t page = used_ / kQueriesPerPage, slot = used_ % kQueriesPerPage;
    if (page == pages_.size()) {
        VkQueryPoolCreateInfo info{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
        info.queryType = VK_QUERY_TYPE_TIMESTAMP;
        info.queryCount = kQueriesPerPage;
        VkQueryPool pool = VK_NULL_HANDLE;
        check(vkCreateQueryPool(context_.device(), &info, nullptr, &pool), "Creating a timestamp query pool");
        pages_.push_back(pool);
    }
    // A page is reset in the command stream before its first use in each
    // recording (queries must be reset before they are written again).
    if (slot == 0)
        vkCmdResetQueryPool(commands, pages_[page], 0, kQueriesPerPage);
    vkCmdWriteTimestamp(commands, stage, pages_[page], slot);
    ++used_;
}

void TimestampQueries::begin(VkCommandBuffer commands, const std::string& op)
{
    ops_.push_back(op);
    write(commands, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT);
}

void TimestampQueries::end(VkCommandBuffer commands)
{
    write(commands, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT);
}

void TimestampQueries::collect(OpProfile& into)
{
    std::vector<std::uint64_t> stamps(used_);
    for (std::uint32_t at = 0; at < used_; at += kQueriesPerPage) {
        const std::uint32_t n = std::min(kQueriesPerPage, used_ - at);
        check(vkGetQueryPoolResults(context_.device(), pages_[at / kQueriesPerPage], 0, n,
                                    n * sizeof(std::uint64_t), stamps.data() + at, sizeof(std::uint64_t),
                                    VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT),
              "Reading GPU timestamps");
    }
    const double period = context_.timestampPeriod();
    for (std::size_t i = 0; i < ops_.size() && 2 * i + 1 < stamps.size(); ++i) {
        const std::uint64_t start = stamps[2 * i] & mask_, stop = stamps[2 * i + 1] & mask_;
        const std::uint64_t ticks = (stop - start) & mask_; // wraps within the valid bits
        into.add(ops_[i], double(ticks) * period);
    }
    reset();
}

void TimestampQueries::reset()
{
    used_ = 0;
    ops_.clear();
}

} // namespace hearth::vk
