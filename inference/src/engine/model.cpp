#include "engine/model_impl.h"

#include "engine/step_runner.h"
#include "engine/vulkan_forward.h"

#include <algorithm>

namespace hearth {

bool isArchitectureSupported(std::string_view architecture)
{
    return model::findArchitecture(architecture) != nullptr;
}

std::uint32_t defaultContextLength(const ModelSummary& summary)
{
    return summary.contextLength ? std::min<std::uint32_t>(summary.contextLength, 4096) : 4096;
}

namespace {

std::string displayNameOf(const ModelSummary& summary, const std::filesystem::path& path)
{
    return summary.name.empty() ? path.filename().string() : summary.name;
}

// Runs a prompt step and a decode step through a throw-away session of a
// few tokens, so the GPU kernels this model uses are built now, while the
// model is shown as loading, and not when the first answer is asked for:
// on CPU drivers building them takes seconds (lavapipe, a Q4_K_M file:
// ~20 s with a cold shader cache; the driver's disk cache makes later loads
// quick). The batch of 2 picks the same mat-mat kernels as a long prompt.
void buildKernels(Model::Impl& m)
{
    engine::StepRunner runner(m, SessionOptions{4, 2});
    if (runner.contextLength() < 3)
        return; // no room for both steps: the first answer builds them
    const std::int32_t prompt[] = {0, 0};
    runner.advance(prompt, {engine::Selection::Kind::TopK, 1});
    runner.append(0, {engine::Selection::Kind::Argmax});
}

} // namespace

std::uint32_t effectiveContextLength(const ModelSummary& summary, std::uint32_t requested)
{
    if (requested == 0)
        return defaultContextLength(summary);
    return summary.contextLength ? std::min(requested, summary.contextLength) : requested;
}

Model::Model(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Model::~Model()
{
    if (impl_ && impl_->device) {
        impl_->deviceWeights.reset();
        impl_->device->release(impl_->reservedBytes);
    }
}

std::shared_ptr<Model> Model::load(const std::filesystem::path& path, const ModelLoadOptions& options)
{
    GgufFile file = GgufFile::open(path);
    // Everything that can be wrong with the file is found before the GPU is touched.
    ModelSummary summary = summarize(file);
    model::ModelConfig config = model::readModelConfig(file, summary);
    Tokenizer tokenizer = Tokenizer::fromGguf(file);
    auto impl = std::make_unique<Impl>(path, std::move(file), std::move(tokenizer));
    impl->config = std::move(config);
    impl->summary = std::move(summary);
    impl->weights = model::findModelWeights(impl->file, impl->config);
    impl->chatTemplate = impl->file.getString("tokenizer.chat_template").value_or("");

    const std::uint32_t context = effectiveContextLength(impl->summary, options.contextLength);
    const std::uint64_t weightBytes = engine::DeviceWeights::plannedBytes(impl->file);
    const std::uint64_t sessionBytes = engine::VulkanForward::plannedBytes(impl->config, context, 256);
    const std::string what = displayNameOf(impl->summary, path);

    impl->device = engine::acquireDevice(options.device);
    impl->device->reserve(weightBytes + sessionBytes, what + " with a " + std::to_string(context) + "-token context");
    // Keep only the weights reserved: each session reserves its own share.
    impl->device->release(sessionBytes);
    impl->reservedBytes = weightBytes;
    std::unique_ptr<Model> model(new Model(std::move(impl)));
    Impl& m = *model->impl_;
    m.deviceWeights.emplace(m.device->context, m.device->gpu, m.file, options.progress);
    buildKernels(m);
    return std::shared_ptr<Model>(std::move(model));
}

const std::filesystem::path& Model::path() const { return impl_->path; }
const ModelSummary& Model::summary() const { return impl_->summary; }
std::string Model::displayName() const
{
    return displayNameOf(impl_->summary, impl_->path);
}
const Tokenizer& Model::tokenizer() const { return impl_->tokenizer; }
const std::string& Model::chatTemplateSource() const { return impl_->chatTemplate; }
const std::string& Model::deviceName() const { return impl_->device->context.info().name; }
std::uint64_t Model::deviceBytes() const { return impl_->deviceWeights ? impl_->deviceWeights->bytes() : 0; }

} // namespace hearth
