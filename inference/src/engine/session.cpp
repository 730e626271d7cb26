#include "hearth/session.h"

#include "engine/model_impl.h"
#include "engine/step_runner.h"
#include "hearth/model.h"

namespace hearth {

const char* finishReasonName(FinishReason reason)
{
    switch (reason) {
    case FinishReason::Stop: return "stop";
    case FinishReason::Length: return "length";
    case FinishReason::Cancelled: return "cancelled";
    case FinishReason::Error: return "error";
    }
    return "error";
}

struct Session::Impl {
    std::shared_ptr<Model> model;
    engine::StepRunner runner;

    Impl(std::shared_ptr<Model> m, const SessionOptions& options)
        : model(std::move(m)), runner(model->impl(), options)
    {
    }
};

Session::Session(std::shared_ptr<Model> model, const SessionOptions& options)
    : impl_(std::make_unique<Impl>(std::move(model), options))
{
}

Session::~Session() = default;

const Model& Session::model() const { return *impl_->model; }
std::uint32_t Session::contextLength() const { return impl_->runner.contextLength(); }
const std::vector<std::int32_t>& Session::cachedTokens() const { return impl_->runner.cachedTokens(); }
void Session::reset() { impl_->runner.reset(); }
void Session::removeTokens(std::uint32_t begin, std::uint32_t end) { impl_->runner.removeTokens(begin, end); }
bool Session::canRemoveTokens() const { return impl_->runner.canRemoveTokens(); }
std::uint32_t Session::reusableTokens(std::span<const std::int32_t> prompt) const
{
    return impl_->runner.reusable(prompt);
}

std::vector<float> Session::evaluate(std::span<const std::int32_t> tokens, bool allLogits)
{
    return impl_->runner.evaluate(tokens, allLogits);
}

GenerationStats Session::generate(std::span<const std::int32_t> prompt, const GenerationOptions& options,
                                  const std::function<void(const TextPiece&)>& onPiece)
{
    return engine::generate(impl_->runner, impl_->model->tokenizer(), prompt, options, onPiece);
}

} // namespace hearth
