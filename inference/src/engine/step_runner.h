#pragma once

// Drives a session's forward passes: keeps track of the tokens in the KV
// cache, processes only what a new sequence does not share with them (in
// batches), and runs each step - forward pass plus the selection sampling
// needs - as one submission under the device's GPU lock.

#include "engine/shared_device.h"
#include "engine/vulkan_forward.h"
#include "hearth/model.h"
#include "hearth/session.h"
#include "vulkan/op_recorder.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace hearth {
class Tokenizer;
}

namespace hearth::engine {

// Thrown by StepRunner::advance when its cancel flag was set mid-prompt.
struct PromptCancelled {};

// What to read back after the last step of a sequence.
struct Selection {
    enum class Kind { None, Argmax, TopK, Logits } kind = Kind::None;
    std::uint32_t k = 0;
};

struct SelectionResult {
    std::vector<std::int32_t> ids;  // Argmax: one; TopK: k, best first
    std::vector<float> values;      // their logits (TopK), or the whole row (Logits)
};

class StepRunner {
public:
    StepRunner(Model::Impl& model, const SessionOptions& options);
    ~StepRunner();

    std::uint32_t contextLength() const { return forward_.contextLength(); }
    const std::vector<std::int32_t>& cachedTokens() const { return cached_; }
    void reset() { cached_.clear(); }

    // Tokens of `tokens` already in the cache, counting those kept around a
    // span advance() would remove (at least one is always processed anew, so
    // there are logits to read).
    std::uint32_t reusable(std::span<const std::int32_t> tokens) const;

    bool canRemoveTokens() const { return forward_.canShift(); }
    const VulkanForward& forward() const { return forward_; } // cache read-back in tests
    // Drops cached tokens [begin, end), shifting the later ones down.
    void removeTokens(std::uint32_t begin, std::uint32_t end);

    // Makes the cache hold `tokens` (first removing the span findRemovedSpan
    // finds, when the model allows it); returns the selection over the last
    // token's logits. `processed` gets how many tokens were run;
    // `allLogits`, when given, every processed token's logits. `cancel` is
    // checked between batches: a long prompt stops within one batch, with
    // PromptCancelled thrown and the cache holding the batches done.
    SelectionResult advance(std::span<const std::int32_t> tokens, const Selection& selection,
                            std::uint32_t* processed = nullptr, std::vector<float>* allLogits = nullptr,
                            const std::atomic<bool>* cancel = nullptr);
    // Appends one token and selects over its logits (a decode step).
    SelectionResult append(std::int32_t token, const Selection& selection);

    std::vector<float> evaluate(std::span<const std::int32_t> tokens, bool allLogits);

    // HEARTH_PROFILE=1: prints the per-op GPU time of the steps since the
    // last call to stderr (once per generation).
    void printProfile();

private:
    // Records with `record` and submits under the device lock; on failure
    // the recorder and the cached tokens start afresh.
    void submit(const std::function<void(vk::OpRecorder&)>& record);
    std::optional<RemovedSpan> spanToRemove(std::span<const std::int32_t> tokens) const;
    std::uint32_t reusable(std::span<const std::int32_t> tokens, const std::optional<RemovedSpan>& span) const;
    SelectionResult step(std::span<const std::int32_t> tokens, std::uint32_t pos, const Selection& selection,
                         std::vector<float>* allLogitsOut);

    Model::Impl& model_;
    Reservation reservation_; // before forward_: released if its buffers fail
    VulkanForward forward_;
    std::unique_ptr<vk::OpRecorder> recorder_; // replaced after a failed step
    std::vector<std::int32_t> cached_;
};

// The generation loop (generate.cpp).
GenerationStats generate(StepRunner& runner, const Tokenizer& tokenizer, std::span<const std::int32_t> prompt,
                         const GenerationOptions& options, const std::function<void(const TextPiece&)>& onPiece);

} // namespace hearth::engine
