// Special tokens found by their text. GGUF files often mark only BOS/EOS;
// llama.cpp recognises end-of-turn, fill-in-the-middle and other
// end-of-generation tokens by name and marks them as control tokens, which
// also changes how they are tokenized and decoded. We do the same.

#include "tokenizer/vocab.h"

#include <algorithm>
#include <span>

namespace hearth {
namespace {

using Names = std::span<const std::string_view>;

// When several candidates exist the first in list order is used, so the
// choice does not depend on hash-map order.
constexpr std::string_view kEotNames[] = {"<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>",
                             "<|end_of_text|>", "<EOT>", "_<EOT>", "<\xEF\xBD\x9C" "end\xE2\x96\x81" "of\xE2\x96\x81" "sentence\xEF\xBD\x9C>",
                             "<end_of_utterance>"};
constexpr std::string_view kEomNames[] = {"<|eom_id|>"};
constexpr std::string_view kFimPreNames[] = {"<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>",
                                "<\xEF\xBD\x9C" "fim\xE2\x96\x81" "begin\xEF\xBD\x9C>", "<PRE>", "\xE2\x96\x81<PRE>",
                                "<|code_prefix|>"};
constexpr std::string_view kFimSufNames[] = {"<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>",
                                "<\xEF\xBD\x9C" "fim\xE2\x96\x81" "hole\xEF\xBD\x9C>", "<SUF>", "\xE2\x96\x81<SUF>",
                                "<|code_suffix|>"};
constexpr std::string_view kFimMidNames[] = {"<|fim_middle|>", "<fim-middle>", "<fim_middle>",
                                "<\xEF\xBD\x9C" "fim\xE2\x96\x81" "end\xEF\xBD\x9C>", "<MID>", "\xE2\x96\x81<MID>",
                                "<|code_middle|>"};
constexpr std::string_view kFimPadNames[] = {"<|fim_pad|>", "<fim-pad>", "<fim_pad>"};
constexpr std::string_view kFimRepNames[] = {"<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"};
constexpr std::string_view kFimSepNames[] = {"<|file_sep|>", "<file_sep>", "<fim-file_sep>"};

// Texts that always end generation when present.
constexpr std::string_view kEndOfGenerationNames[] = {"<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>",
                                         "<end_of_turn>", "<|endoftext|>", "<|eom_id|>", "<EOT>", "_<EOT>",
                                         "<|end_of_text|>", "<end_of_utterance>", "</s>"};

bool containsAny(const std::string& haystack, Names needles)
{
    return std::any_of(needles.begin(), needles.end(),
                       [&](std::string_view n) { return haystack.find(n) != std::string::npos; });
}

} // namespace

void Vocab::detectSpecialByText(std::string_view modelName)
{
    const auto makeControl = [&](int32_t id) {
        if (!(attrs_[size_t(id)] & AttrControl))
            attrs_[size_t(id)] = AttrControl;
    };
    const auto detect = [&](int32_t& slot, Names names) {
        if (slot >= 0)
            return; // set by the file
        for (const std::string_view name : names) {
            if (const int32_t id = find(name); id >= 0) {
                slot = id;
                makeControl(id);
                return;
            }
        }
    };
    detect(eot, kEotNames);
    detect(eom, kEomNames);
    detect(fimPre, kFimPreNames);
    detect(fimSuf, kFimSufNames);
    detect(fimMid, kFimMidNames);
    detect(fimPad, kFimPadNames);
    detect(fimRep, kFimRepNames);
    detect(fimSep, kFimSepNames);

    std::vector<int32_t> eog;
    for (const int32_t id : {fimPad, fimRep, fimSep, eos, eot, eom})
        if (id >= 0)
            eog.push_back(id);
    for (const std::string_view name : kEndOfGenerationNames) {
        if (const int32_t id = find(name); id >= 0) {
            eog.push_back(id);
            makeControl(id);
        }
    }
    // gpt-oss (harmony format): "<|end|>" closes a message, not the answer,
    // when "<|return|>" and "<|call|>" exist; llama.cpp drops it from EOG.
    const int32_t endId = find("<|end|>");
    if (endId >= 0 && find("<|return|>") >= 0 && find("<|call|>") >= 0) {
        eog.erase(std::remove(eog.begin(), eog.end(), endId), eog.end());
        attrs_[size_t(endId)] = AttrUserDefined;
    }
    std::sort(eog.begin(), eog.end());
    eog.erase(std::unique(eog.begin(), eog.end()), eog.end());
    endOfGeneration_ = std::move(eog);

    for (int32_t id = 0; id < size(); ++id)
        if (attr(id) & (AttrControl | AttrUserDefined | AttrUnknown))
            specialTokens_.push_back(id);
    // Longest first; ties by id so the order is reproducible.
    std::stable_sort(specialTokens_.begin(), specialTokens_.end(),
                     [&](int32_t a, int32_t b) { return text(a).size() > text(b).size(); });

    // Per-model attributes that GGUF does not store (llama.cpp sets them by name).
    std::string lowerName(modelName);
    std::transform(lowerName.begin(), lowerName.end(), lowerName.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; });
    static constexpr std::string_view kPhi3Names[] = {"phi-3", "phi3"};
    if (containsAny(lowerName, kPhi3Names)) {
        // Phi-3's chat tokens swallow the whitespace that follows them.
        for (const int32_t id : specialTokens_)
            setAttr(id, AttrRStrip, true);
        setAttr(find("</s>"), AttrRStrip, true);
        for (const std::string_view name : {"<unk>", "<s>", "<|endoftext|>"})
            setAttr(find(name), AttrRStrip, false);
    }
}

} // namespace hearth
