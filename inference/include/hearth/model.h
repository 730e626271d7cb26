#pragma once

// A model loaded onto a GPU, ready to serve sessions (session.h). Several
// models can be loaded at once, on one device or several, and each can
// serve several independent sessions (compare mode runs one per model).

#include "hearth/error.h"
#include "hearth/model_summary.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace hearth {

class Tokenizer;

struct ModelLoadOptions {
    std::string device;             // as hearth::chooseDevice; empty = the best device
    std::uint32_t contextLength = 0; // context the memory check plans for; 0 = defaultContextLength()
    // Called as weights reach the device (bytes done, total). Returning
    // false cancels: load() then throws LoadCancelled.
    std::function<bool(std::uint64_t done, std::uint64_t total)> progress;
};

class LoadCancelled : public Error {
public:
    LoadCancelled() : Error("Loading the model was cancelled.") {}
};

// Whether the engine runs models of `architecture` (general.architecture).
bool isArchitectureSupported(std::string_view architecture);

// min(trained context, 4096): what a session gets unless it asks.
std::uint32_t defaultContextLength(const ModelSummary& summary);
// The context a session of `requested` tokens really gets: the default for
// 0, and never more than the model was trained on (past it, answers fall
// apart; we have no RoPE scaling). Model::load plans memory for the same.
std::uint32_t effectiveContextLength(const ModelSummary& summary, std::uint32_t requested);

class Model {
public:
    // Opens the GGUF file, checks that its architecture is supported and
    // that it fits in the device's memory with a session of
    // options.contextLength, then uploads the weights and builds the GPU
    // kernels its steps use (seconds on CPU drivers). Throws hearth::Error
    // with a message for the user (unsupported architecture, damaged file,
    // not enough GPU memory with the numbers), or LoadCancelled.
    static std::shared_ptr<Model> load(const std::filesystem::path& path, const ModelLoadOptions& options = {});
    ~Model();
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    const std::filesystem::path& path() const;
    const ModelSummary& summary() const;
    // general.name, else the file name: what to call the model in messages.
    std::string displayName() const;
    const Tokenizer& tokenizer() const;
    const std::string& chatTemplateSource() const; // empty when the file has none
    const std::string& deviceName() const;
    std::uint64_t deviceBytes() const; // weights on the device

    struct Impl;
    Impl& impl() const { return *impl_; }

private:
    explicit Model(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace hearth
