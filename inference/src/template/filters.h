#pragma once

// Registration of the built-in filters, split by theme across files.

#include "template/builtins.h"

#include <string_view>
#include <unordered_map>

namespace hearth::tmpl {

using FilterTable = std::unordered_map<std::string_view, FilterFunction>;

void addTextFilters(FilterTable& table);
void addSequenceFilters(FilterTable& table);

// Items of a value the way a filter iterates them (undefined: none at all).
std::vector<Value> filterItems(const Value& v, std::string_view filter);
// A sort/unique key: the attribute (if any), lowercased unless case sensitive.
Value comparisonKey(const Value& item, const std::optional<std::string>& attribute, bool caseSensitive);

} // namespace hearth::tmpl
