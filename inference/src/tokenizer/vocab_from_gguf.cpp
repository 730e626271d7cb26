#include "tokenizer/vocab_from_gguf.h"

#include "hearth/gguf.h"

namespace hearth {

VocabularyData vocabularyFromGguf(const GgufFile& file)
{
    VocabularyData data;
    data.model = file.getString("tokenizer.ggml.model").value_or("");
    data.pre = file.getString("tokenizer.ggml.pre");
    data.name = file.getString("general.name").value_or("");
    data.tokens = file.getStringArray("tokenizer.ggml.tokens");
    data.scores = file.getFloatArray("tokenizer.ggml.scores");
    data.types = file.getIntArray("tokenizer.ggml.token_type");
    data.merges = file.getStringArray("tokenizer.ggml.merges");

    const auto id = [&](const char* key) { return file.getInt(std::string("tokenizer.ggml.") + key); };
    data.bos = id("bos_token_id");
    data.eos = id("eos_token_id");
    data.eot = id("eot_token_id");
    data.eom = id("eom_token_id");
    data.unk = id("unknown_token_id");
    data.sep = id("seperator_token_id"); // sic: the key llama.cpp writes is misspelled
    data.pad = id("padding_token_id");
    data.mask = id("mask_token_id");
    // Older CodeLlama-style files use prefix/suffix/middle for the FIM tokens.
    data.fimPre = id("fim_pre_token_id");
    if (!data.fimPre)
        data.fimPre = id("prefix_token_id");
    data.fimSuf = id("fim_suf_token_id");
    if (!data.fimSuf)
        data.fimSuf = id("suffix_token_id");
    data.fimMid = id("fim_mid_token_id");
    if (!data.fimMid)
        data.fimMid = id("middle_token_id");
    data.fimPad = id("fim_pad_token_id");
    data.fimRep = id("fim_rep_token_id");
    data.fimSep = id("fim_sep_token_id");

    data.addBos = file.getBool("tokenizer.ggml.add_bos_token");
    data.addEos = file.getBool("tokenizer.ggml.add_eos_token");
    data.addSpacePrefix = file.getBool("tokenizer.ggml.add_space_prefix");
    return data;
}

} // namespace hearth
