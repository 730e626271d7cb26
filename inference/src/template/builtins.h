#pragma once

// The library a template can call: filters (`x | name`), tests (`x is name`),
// methods of str/list/dict (`x.strip()`), and global functions.

#include "template/value.h"

#include <ctime>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace hearth::tmpl {

struct Scope;

using FilterFunction = Value (*)(const Value& subject, CallArgs& args);
using TestFunction = bool (*)(const Value& subject, CallArgs& args);

FilterFunction findFilter(std::string_view name);
TestFunction findTest(std::string_view name);
bool hasMethod(const Value& self, std::string_view name);
Value callMethod(const Value& self, const std::string& name, CallArgs& args);

// Python's `format % args` and `format.format(*args, **kwargs)`.
std::string percentFormat(std::string_view format, const Value& args);
std::string braceFormat(std::string_view format, const CallArgs& args);

// strftime() as Python prints it in the C locale, plus glibc's `%-d` style
// flags; `when` is a broken-down local time.
std::string formatTime(std::string_view format, const std::tm& when);
// "2025-03-14T09:26:53" (a space instead of T, fractions and a zone suffix
// are tolerated and ignored) into a std::tm with weekday and yearday filled.
// Throws RenderError when the text is not such a timestamp.
std::tm parseIsoDateTime(std::string_view text);

// range, dict, namespace, raise_exception, strftime_now, cycler, joiner.
// `now` is the time strftime_now reports.
void installGlobals(Scope& scope, const std::tm& now);

// Binds Python-style arguments to a function's named parameters, with the
// same errors Python gives for missing, unknown or repeated arguments.
class BoundArgs {
public:
    BoundArgs(std::string_view function, const CallArgs& args, std::initializer_list<std::string_view> params,
        size_t required = 0);

    bool has(size_t i) const { return !values_[i].isUndefined(); }
    const Value& operator[](size_t i) const { return values_[i]; }
    Value get(size_t i, Value fallback) const { return has(i) ? values_[i] : std::move(fallback); }
    std::int64_t integer(size_t i, std::int64_t fallback) const;
    std::string string(size_t i, std::string_view fallback) const;
    std::optional<std::string> optionalString(size_t i) const;
    bool boolean(size_t i, bool fallback) const { return has(i) ? values_[i].truthy() : fallback; }

private:
    std::string function_;
    std::vector<Value> values_;
};

// Attribute lookup with dotted paths ("a.b", "items.0"), as filters such as
// map(attribute=...) and selectattr use.
Value lookupAttributePath(const Value& subject, const std::string& path);

} // namespace hearth::tmpl
