#pragma once

// Splits a model's streamed output into its reasoning ("thinking") and the
// answer shown to the user, for the two conventions open models use:
// <think>...</think> (DeepSeek-R1, Qwen3, GLM, SmolLM3) and gpt-oss's
// harmony channels (<|channel|>analysis ... / <|channel|>final ...).
//
// Feeding is incremental: a tag cut in half between two pieces is held back
// until it is complete, so tag text never leaks into either stream, and the
// concatenated output never depends on where the pieces were split.

#include <cstdint>
#include <string>
#include <string_view>

namespace hearth {

enum class ReasoningFormat {
    None,           // no reasoning: everything is answer
    ThinkTags,      // <think>...</think>
    GptOssChannels, // <|channel|>analysis<|message|>...<|end|> then final
};

struct ReasoningPiece {
    std::string reasoning;
    std::string answer;
};

class ReasoningParser {
public:
    // startsInsideReasoning: the prompt already opened the reasoning block
    // (see promptOpensReasoning), so output starts as reasoning.
    ReasoningParser(ReasoningFormat format, bool startsInsideReasoning);

    // The part of the output that `text` completes. ThinkTags output is
    // tidied as chat templates expect it back: whitespace around the
    // reasoning and before the answer is dropped; a <think> is honoured only
    // at the very start of the output. gpt-oss commentary messages (tool
    // calls, preambles) belong to neither stream and are dropped.
    ReasoningPiece feed(std::string_view text);
    // Flushes what was held back at the end of generation (an incomplete tag
    // is then plain text) and resets the parser for another generation.
    ReasoningPiece finish();

private:
    enum class State : std::uint8_t {
        AnswerStart,   // ThinkTags: nothing yet; a <think> may open reasoning
        Reasoning,     // ThinkTags: inside <think>
        AnswerLeading, // ThinkTags: after </think>, dropping leading whitespace
        Answer,        // plain answer text to the end
        Header,        // gpt-oss: reading a message header up to <|message|>
        Body,          // gpt-oss: inside a message body
    };
    enum class Sink : std::uint8_t { Reasoning, Answer, Drop };

    void reset();
    void process(ReasoningPiece& out, bool final);
    bool stepThink(ReasoningPiece& out, bool final);
    bool stepGptOss(ReasoningPiece& out, bool final);
    void emitThinkReasoning(ReasoningPiece& out, std::string_view text, bool closing);
    void emitBody(ReasoningPiece& out, std::string_view text);

    ReasoningFormat format_;
    bool startsInside_;
    State state_ = State::Answer;
    Sink sink_ = Sink::Answer;
    std::string pending_;        // undecided input
    std::string heldWhitespace_; // ThinkTags: trailing reasoning whitespace, dropped if </think> follows
    bool reasoningStarted_ = false;
    bool repeatedOpenAllowed_ = false; // ThinkTags: a prompt-opened block may still start with <think>
    bool reasoningSeen_ = false; // gpt-oss: separates successive analysis messages
    bool answerSeen_ = false;
    bool separatorDue_ = false;
};

// Which convention a chat template uses: harmony channel markers mean
// GptOssChannels, "<think>" / "</think>" mean ThinkTags, otherwise None.
ReasoningFormat detectReasoningFormat(std::string_view chatTemplateSource);

// True when the rendered prompt ends by opening a reasoning block ("<think>"
// once trailing whitespace is trimmed), as DeepSeek-R1 and some Qwen3/GLM
// templates do; the parser must then start inside reasoning.
bool promptOpensReasoning(std::string_view renderedPrompt);

} // namespace hearth
