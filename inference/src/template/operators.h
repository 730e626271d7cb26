#pragma once

// Python's operators on template values: arithmetic, comparison,
// membership, attribute/item access and slicing.

#include "template/ast.h"
#include "template/value.h"

#include <optional>

namespace hearth::tmpl {

Value binaryOp(BinaryOp op, const Value& a, const Value& b);
Value negate(const Value& v);
bool compare(CompareOp op, const Value& a, const Value& b);
bool contains(const Value& container, const Value& item);

// `obj.name`: dict keys, namespace attributes, or a bound method of a str,
// list or dict. Missing attributes give undefined (never an error).
Value getAttr(const Value& object, const std::string& name);
// `obj[index]`: negative indices count from the end; misses give undefined.
Value getItem(const Value& object, const Value& index);
Value slice(const Value& object, const Value& start, const Value& stop, const Value& step);

// Python's slice.indices(): the positions a slice selects from `length` items.
std::vector<std::int64_t> sliceIndices(std::int64_t length, const Value& start, const Value& stop, const Value& step);

} // namespace hearth::tmpl
