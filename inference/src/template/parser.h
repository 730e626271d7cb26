#pragma once

// Recursive-descent parser from tokens to the AST, following Jinja's grammar
// and operator precedence (including its quirks: filters bind tighter than
// arithmetic, `**` is left-associative, unary minus binds tighter than `**`).

#include "template/ast.h"

#include <memory>
#include <string_view>

namespace hearth::tmpl {

// Throws RenderError carrying the line of the offending token.
std::unique_ptr<Program> parseTemplate(std::string_view source);

} // namespace hearth::tmpl
