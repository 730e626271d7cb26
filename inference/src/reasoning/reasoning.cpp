#include "hearth/reasoning.h"

#include <algorithm>
#include <array>

namespace hearth {

namespace {

constexpr std::string_view kThinkOpen = "<think>";
constexpr std::string_view kThinkClose = "</think>";
constexpr std::string_view kMessage = "<|message|>";
constexpr std::string_view kChannel = "<|channel|>";
// What ends a harmony message body. <|start|> and <|channel|> should follow an
// <|end|>, but a model that skips it must not pour its next header into text.
constexpr std::array<std::string_view, 5> kBodyEnds = {"<|end|>", "<|return|>", "<|call|>", "<|start|>", kChannel};
// A header that runs this long without <|message|> is not harmony output
// (e.g. special tokens were not rendered as text): show it as the answer
// rather than hold it back until the end.
constexpr size_t kMaxHeader = 256;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void dropLeadingSpace(std::string& s)
{
    size_t i = 0;
    while (i < s.size() && isSpace(s[i]))
        ++i;
    s.erase(0, i);
}

// Length of the longest suffix of `text` that is a proper prefix of `marker`:
// the part that might still become the marker once more text arrives.
size_t partialMarker(std::string_view text, std::string_view marker)
{
    for (size_t n = std::min(text.size(), marker.size() - 1); n > 0; --n)
        if (text.substr(text.size() - n) == marker.substr(0, n))
            return n;
    return 0;
}

} // namespace

ReasoningParser::ReasoningParser(ReasoningFormat format, bool startsInsideReasoning)
    : format_(format), startsInside_(startsInsideReasoning)
{
    reset();
}

void ReasoningParser::reset()
{
    pending_.clear();
    heldWhitespace_.clear();
    reasoningStarted_ = reasoningSeen_ = answerSeen_ = separatorDue_ = false;
    repeatedOpenAllowed_ = format_ == ReasoningFormat::ThinkTags && startsInside_;
    sink_ = Sink::Answer;
    switch (format_) {
    case ReasoningFormat::None: state_ = State::Answer; break;
    case ReasoningFormat::ThinkTags: state_ = startsInside_ ? State::Reasoning : State::AnswerStart; break;
    case ReasoningFormat::GptOssChannels:
        state_ = startsInside_ ? State::Body : State::Header;
        sink_ = startsInside_ ? Sink::Reasoning : Sink::Answer;
        break;
    }
}

ReasoningPiece ReasoningParser::feed(std::string_view text)
{
    pending_.append(text);
    ReasoningPiece out;
    process(out, false);
    return out;
}

ReasoningPiece ReasoningParser::finish()
{
    ReasoningPiece out;
    process(out, true);
    reset();
    return out;
}

void ReasoningParser::process(ReasoningPiece& out, bool final)
{
    // Each step either moves to another state (and goes round again) or has
    // consumed all it can decide on until more text arrives.
    if (format_ == ReasoningFormat::GptOssChannels) {
        while (stepGptOss(out, final)) {
        }
    } else {
        while (stepThink(out, final)) {
        }
    }
}

bool ReasoningParser::stepThink(ReasoningPiece& out, bool final)
{
    switch (state_) {
    case State::AnswerStart:
        dropLeadingSpace(pending_);
        if (pending_.empty())
            return false;
        if (pending_.starts_with(kThinkOpen)) {
            pending_.erase(0, kThinkOpen.size());
            state_ = State::Reasoning;
            return true;
        }
        if (!final && kThinkOpen.starts_with(pending_))
            return false; // "<thi" may still become <think>
        state_ = State::Answer;
        return true;
    case State::Reasoning: {
        if (repeatedOpenAllowed_) {
            // The prompt opened the block, yet some models open it again.
            dropLeadingSpace(pending_);
            if (pending_.empty())
                return false;
            if (pending_.starts_with(kThinkOpen)) {
                pending_.erase(0, kThinkOpen.size());
                repeatedOpenAllowed_ = false;
                return true;
            }
            if (!final && kThinkOpen.starts_with(pending_))
                return false;
            repeatedOpenAllowed_ = false;
        }
        const size_t close = pending_.find(kThinkClose);
        if (close != std::string::npos) {
            emitThinkReasoning(out, std::string_view(pending_).substr(0, close), true);
            pending_.erase(0, close + kThinkClose.size());
            state_ = State::AnswerLeading;
            return true;
        }
        const size_t keep = final ? 0 : partialMarker(pending_, kThinkClose);
        emitThinkReasoning(out, std::string_view(pending_).substr(0, pending_.size() - keep), final);
        pending_.erase(0, pending_.size() - keep);
        return false;
    }
    case State::AnswerLeading:
        dropLeadingSpace(pending_);
        if (pending_.empty())
            return false;
        state_ = State::Answer;
        return true;
    default:
        out.answer += pending_;
        pending_.clear();
        return false;
    }
}

void ReasoningParser::emitThinkReasoning(ReasoningPiece& out, std::string_view text, bool closing)
{
    if (!reasoningStarted_) {
        while (!text.empty() && isSpace(text.front()))
            text.remove_prefix(1);
    }
    std::string combined = heldWhitespace_;
    combined.append(text);
    heldWhitespace_.clear();
    size_t end = combined.size();
    while (end > 0 && isSpace(combined[end - 1]))
        --end;
    // Trailing whitespace waits: if </think> follows it is dropped, if more
    // reasoning follows it was inner whitespace after all.
    if (!closing)
        heldWhitespace_ = combined.substr(end);
    out.reasoning.append(combined, 0, end);
    if (end > 0)
        reasoningStarted_ = true;
}

bool ReasoningParser::stepGptOss(ReasoningPiece& out, bool final)
{
    switch (state_) {
    case State::Header: {
        const size_t message = pending_.find(kMessage);
        if (message != std::string::npos && message <= kMaxHeader) {
            const std::string_view header = std::string_view(pending_).substr(0, message);
            const size_t channel = header.find(kChannel);
            std::string_view name;
            if (channel != std::string_view::npos) {
                name = header.substr(channel + kChannel.size());
                size_t end = 0;
                while (end < name.size() && !isSpace(name[end]) && name.substr(end, 2) != "<|")
                    ++end;
                name = name.substr(0, end);
            }
            // Messages addressed to a tool (" to=functions.x", " to=python")
            // are calls, and commentary is for tools too: neither is shown.
            if (header.find(" to=") != std::string_view::npos || name == "commentary")
                sink_ = Sink::Drop;
            else if (name == "analysis")
                sink_ = Sink::Reasoning;
            else
                sink_ = Sink::Answer;
            separatorDue_ = (sink_ == Sink::Reasoning && reasoningSeen_) || (sink_ == Sink::Answer && answerSeen_);
            pending_.erase(0, message + kMessage.size());
            state_ = State::Body;
            return true;
        }
        if (message != std::string::npos || pending_.size() >= kMaxHeader + kMessage.size()) {
            state_ = State::Answer; // not harmony after all
            return true;
        }
        if (final) {
            // Output that ended inside a header: plain text is the answer,
            // a fragment of harmony markup is nothing.
            if (pending_.find("<|") == std::string::npos)
                out.answer += pending_;
            pending_.clear();
        }
        return false;
    }
    case State::Body: {
        size_t end = std::string::npos;
        std::string_view marker;
        for (std::string_view m : kBodyEnds) {
            const size_t at = pending_.find(m);
            if (at < end) {
                end = at;
                marker = m;
            }
        }
        if (end != std::string::npos) {
            emitBody(out, std::string_view(pending_).substr(0, end));
            // A <|channel|> belongs to the next header, so it stays.
            pending_.erase(0, end + (marker == kChannel ? 0 : marker.size()));
            state_ = State::Header;
            return true;
        }
        size_t keep = 0;
        if (!final)
            for (std::string_view m : kBodyEnds)
                keep = std::max(keep, partialMarker(pending_, m));
        emitBody(out, std::string_view(pending_).substr(0, pending_.size() - keep));
        pending_.erase(0, pending_.size() - keep);
        return false;
    }
    default:
        out.answer += pending_;
        pending_.clear();
        return false;
    }
}

void ReasoningParser::emitBody(ReasoningPiece& out, std::string_view text)
{
    if (text.empty() || sink_ == Sink::Drop)
        return;
    std::string& target = sink_ == Sink::Reasoning ? out.reasoning : out.answer;
    // Successive analysis (or final) messages read as paragraphs of one text.
    if (separatorDue_) {
        target += "\n\n";
        separatorDue_ = false;
    }
    target.append(text);
    (sink_ == Sink::Reasoning ? reasoningSeen_ : answerSeen_) = true;
}

ReasoningFormat detectReasoningFormat(std::string_view chatTemplateSource)
{
    if (chatTemplateSource.find(kChannel) != std::string_view::npos)
        return ReasoningFormat::GptOssChannels;
    if (chatTemplateSource.find(kThinkOpen) != std::string_view::npos ||
        chatTemplateSource.find(kThinkClose) != std::string_view::npos)
        return ReasoningFormat::ThinkTags;
    return ReasoningFormat::None;
}

bool promptOpensReasoning(std::string_view renderedPrompt)
{
    while (!renderedPrompt.empty() && isSpace(renderedPrompt.back()))
        renderedPrompt.remove_suffix(1);
    return renderedPrompt.ends_with(kThinkOpen);
}

} // namespace hearth
