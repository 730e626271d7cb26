#pragma once

// Conversion between template values and JSON: inputs arrive as
// nlohmann::ordered_json, and the `tojson` filter must print exactly what
// Python's json.dumps prints, since that is what models were trained on.

#include "template/value.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace hearth::tmpl {

struct JsonOptions {
    std::optional<std::string> indent; // nullopt: everything on one line
    bool ensureAscii = false;
    std::optional<std::string> itemSeparator; // default ", " (or "," when indenting)
    std::string keySeparator = ": ";
    bool sortKeys = false;
};

Value fromJson(const nlohmann::ordered_json& json);
std::string toJson(const Value& value, const JsonOptions& options = {});

} // namespace hearth::tmpl
