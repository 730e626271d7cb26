#pragma once

// Splits template source into text and tag tokens, applying Jinja's
// whitespace rules as Hugging Face configures them: trim_blocks and
// lstrip_blocks on, `-`/`+` markers on tags, and one trailing newline of the
// source dropped (keep_trailing_newline off). Comments vanish here.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::tmpl {

enum class TokenType { Text, VarBegin, VarEnd, BlockBegin, BlockEnd, Name, String, Integer, Float, Operator, End };

struct Token {
    TokenType type;
    std::string text; // Text content, name, decoded string literal, or operator spelling
    int line = 1;
    std::int64_t intValue = 0;
    double floatValue = 0;
};

struct LexOptions {
    bool trimBlocks = true;
    bool lstripBlocks = true;
};

// Throws RenderError (with a line) on malformed tags.
std::vector<Token> tokenize(std::string_view source, const LexOptions& options = {});

} // namespace hearth::tmpl
