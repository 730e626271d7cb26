#include "hearth/tokenizer.h"

#include "tokenizer/utf8.h"

namespace hearth {

StreamDecoder::StreamDecoder(const Tokenizer& tokenizer, bool renderSpecial)
    : tokenizer_(tokenizer), renderSpecial_(renderSpecial)
{
}

std::string StreamDecoder::feed(int32_t id)
{
    pending_ += tokenizer_.tokenText(id, renderSpecial_);
    std::string out;
    const auto* p = reinterpret_cast<const unsigned char*>(pending_.data());
    size_t pos = 0;
    while (pos < pending_.size()) {
        const utf8::ScanResult r = utf8::scanStrict(p + pos, pending_.size() - pos);
        if (r.step == utf8::Step::Incomplete)
            break; // the rest of this character comes with a later token
        if (r.step == utf8::Step::Valid)
            out.append(pending_, pos, r.length);
        else
            utf8::append(out, utf8::kReplacement);
        pos += r.length;
    }
    pending_.erase(0, pos);
    return out;
}

std::string StreamDecoder::flush()
{
    std::string out;
    utf8::appendValid(out, pending_);
    pending_.clear();
    return out;
}

void StreamDecoder::reset()
{
    pending_.clear();
}

} // namespace hearth
