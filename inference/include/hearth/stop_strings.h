#pragma once

// Streaming text filter for stop strings ("<|im_end|>", "\nUser:", ...).
// Generated text arrives in token pieces; a stop string may span several
// of them, so text that could still become the start of one is held back
// until it is clear either way. The filter also never emits a partial
// UTF-8 character (byte tokens produce them), so what it emits can go
// straight to the screen.
//
// Generation stops at the stop string that is completed first (the one
// ending earliest; of two ending at the same byte, the longer). What is
// emitted in total depends only on the concatenated input, never on how it
// was split into pieces.

#include <string>
#include <string_view>
#include <vector>

namespace hearth {

class StopStringFilter {
public:
    // Empty strings in `stops` are ignored.
    explicit StopStringFilter(std::vector<std::string> stops);

    struct Result {
        std::string text;     // safe to show now
        bool stopped = false; // a stop string completed: generation should end
    };

    // Appends a piece. When a stop string completes, returns the text
    // before it with stopped = true; the stop string and anything after it
    // are never emitted, and later calls return nothing, stopped.
    Result feed(std::string_view piece);
    // End of generation: the text still held back ("" after a stop).
    std::string flush();

    bool stopped() const { return stopped_; }

private:
    std::size_t heldBackSuffix() const;

    std::vector<std::string> stops_;
    std::string pending_; // received but not yet emitted
    bool stopped_ = false;
};

} // namespace hearth
