// Methods of str, list and dict that templates call (`content.strip()`,
// `message.get('x')`, `ns.items.append(x)`), with Python's semantics. Unlike
// Hugging Face's immutable sandbox, list/dict mutators are allowed: a few
// templates rely on them and they cannot escape the render.

#include "template/builtins.h"
#include "template/errors.h"
#include "template/operators.h"
#include "template/text.h"

#include <algorithm>
#include <array>

namespace hearth::tmpl {

namespace {

constexpr std::array kStringMethods = {
    "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "startswith", "endswith", "upper", "lower",
    "title", "capitalize", "swapcase", "casefold", "replace", "find", "rfind", "index", "rindex", "count",
    "join", "format", "center", "ljust", "rjust", "zfill", "isdigit", "isalpha", "isalnum", "isspace",
    "isupper", "islower", "isnumeric", "isdecimal", "partition", "rpartition", "removeprefix", "removesuffix",
};
constexpr std::array kDictMethods = {"get", "keys", "values", "items", "copy", "update", "pop", "setdefault"};
constexpr std::array kListMethods = {
    "append", "extend", "pop", "insert", "remove", "index", "count", "reverse", "copy", "clear"};
constexpr std::array kTupleMethods = {"index", "count"};

template <size_t N>
bool listed(const std::array<const char*, N>& names, std::string_view name)
{
    return std::any_of(names.begin(), names.end(), [&](const char* n) { return name == n; });
}

// The part of `s` between Python-style code point indices start and end.
std::string substrByIndex(const std::string& s, const BoundArgs& a, size_t startArg)
{
    if (!a.has(startArg) && !a.has(startArg + 1))
        return s;
    return slice(Value(s), a[startArg], a[startArg + 1], Value(nullptr)).str();
}

bool affixMatch(const std::string& s, const Value& affixes, bool prefix)
{
    auto one = [&](const Value& affix) {
        if (!affix.isString())
            fail(std::string(prefix ? "startswith" : "endswith") +
                " first arg must be str or a tuple of str, not " + affix.typeName());
        const std::string& x = affix.str();
        if (x.size() > s.size())
            return false;
        return prefix ? s.compare(0, x.size(), x) == 0 : s.compare(s.size() - x.size(), x.size(), x) == 0;
    };
    if (affixes.isSequence())
        return std::any_of(affixes.items().items.begin(), affixes.items().items.end(), one);
    return one(affixes);
}

template <typename Pred>
bool allCodePoints(const std::string& s, Pred pred)
{
    if (s.empty())
        return false;
    for (size_t i = 0; i < s.size();)
        if (!pred(decodeUtf8(s, i)))
            return false;
    return true;
}

bool isDigitCp(char32_t c) { return c >= '0' && c <= '9'; }
bool isAlphaCp(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && isCased(c)); }

Value listOf(std::vector<std::string> parts)
{
    std::vector<Value> out;
    out.reserve(parts.size());
    for (auto& p : parts)
        out.emplace_back(std::move(p));
    return Value::list(std::move(out));
}

std::string padded(const std::string& s, std::int64_t width, const std::string& fill, int align)
{
    const auto length = static_cast<std::int64_t>(codePointCount(s));
    if (width <= length)
        return s;
    const std::int64_t pad = width - length;
    std::int64_t left = align < 0 ? 0 : align > 0 ? pad : pad / 2 + (pad & width & 1);
    std::string out;
    for (std::int64_t i = 0; i < left; ++i)
        out += fill;
    out += s;
    for (std::int64_t i = 0; i < pad - left; ++i)
        out += fill;
    return out;
}

Value stringMethod(const std::string& s, const std::string& name, CallArgs& args)
{
    if (name == "strip" || name == "lstrip" || name == "rstrip") {
        BoundArgs a(name, args, {"chars"});
        return Value(pyStrip(s, a.optionalString(0), name != "rstrip", name != "lstrip"));
    }
    if (name == "split" || name == "rsplit") {
        BoundArgs a(name, args, {"sep", "maxsplit"});
        const auto sep = a.optionalString(0);
        const std::int64_t maxsplit = a.integer(1, -1);
        return listOf(name == "split" ? pySplit(s, sep, maxsplit) : pyRSplit(s, sep, maxsplit));
    }
    if (name == "splitlines") {
        BoundArgs a(name, args, {"keepends"});
        return listOf(pySplitLines(s, a.boolean(0, false)));
    }
    if (name == "startswith" || name == "endswith") {
        BoundArgs a(name, args, {"prefix", "start", "end"}, 1);
        return Value(affixMatch(substrByIndex(s, a, 1), a[0], name == "startswith"));
    }
    if (name == "upper" || name == "lower" || name == "title" || name == "capitalize" || name == "swapcase" ||
        name == "casefold") {
        BoundArgs a(name, args, {});
        if (name == "upper")
            return Value(pyUpper(s));
        if (name == "lower" || name == "casefold")
            return Value(pyLower(s));
        if (name == "title")
            return Value(pyTitleMethod(s));
        if (name == "capitalize")
            return Value(pyCapitalize(s));
        std::string out;
        for (size_t i = 0; i < s.size();) {
            const char32_t c = decodeUtf8(s, i);
            appendUtf8(out, toUpperCp(c) != c ? toUpperCp(c) : toLowerCp(c));
        }
        return Value(std::move(out));
    }
    if (name == "replace") {
        BoundArgs a(name, args, {"old", "new", "count"}, 2);
        return Value(pyReplace(s, toStr(a[0]), toStr(a[1]), a.integer(2, -1)));
    }
    if (name == "find" || name == "rfind" || name == "index" || name == "rindex") {
        BoundArgs a(name, args, {"sub", "start", "end"}, 1);
        const std::string sub = toStr(a[0]);
        const std::string hay = substrByIndex(s, a, 1);
        std::int64_t at = (name == "find" || name == "index") ? pyFind(hay, sub) : pyRFind(hay, sub);
        if (at >= 0 && a.has(1)) {
            std::int64_t offset = a.integer(1, 0);
            const auto length = static_cast<std::int64_t>(codePointCount(s));
            if (offset < 0)
                offset = std::max<std::int64_t>(0, offset + length);
            at += offset;
        }
        if (at < 0 && (name == "index" || name == "rindex"))
            fail("substring not found");
        return Value(at);
    }
    if (name == "count") {
        BoundArgs a(name, args, {"sub", "start", "end"}, 1);
        return Value(pyCount(substrByIndex(s, a, 1), toStr(a[0])));
    }
    if (name == "join") {
        BoundArgs a(name, args, {"iterable"}, 1);
        std::string out;
        size_t k = 0;
        for (const Value& item : iterate(a[0])) {
            if (!item.isString())
                fail("sequence item " + std::to_string(k) + ": expected str instance, " + item.typeName() + " found");
            if (k++)
                out += s;
            out += item.str();
        }
        return Value(std::move(out));
    }
    if (name == "format")
        return Value(braceFormat(s, args));
    if (name == "center" || name == "ljust" || name == "rjust") {
        BoundArgs a(name, args, {"width", "fillchar"}, 1);
        const int align = name == "center" ? 0 : name == "ljust" ? -1 : 1;
        return Value(padded(s, a.integer(0, 0), a.string(1, " "), align));
    }
    if (name == "zfill") {
        BoundArgs a(name, args, {"width"}, 1);
        const auto length = static_cast<std::int64_t>(codePointCount(s));
        const std::int64_t width = a.integer(0, 0);
        if (width <= length)
            return Value(s);
        const bool sign = !s.empty() && (s[0] == '-' || s[0] == '+');
        const std::string zeros(static_cast<size_t>(width - length), '0');
        return Value(sign ? s.substr(0, 1) + zeros + s.substr(1) : zeros + s);
    }
    if (name == "isdigit" || name == "isnumeric" || name == "isdecimal")
        return Value(allCodePoints(s, isDigitCp));
    if (name == "isalpha")
        return Value(allCodePoints(s, isAlphaCp));
    if (name == "isalnum")
        return Value(allCodePoints(s, [](char32_t c) { return isDigitCp(c) || isAlphaCp(c); }));
    if (name == "isspace")
        return Value(allCodePoints(s, isPyWhitespace));
    if (name == "isupper")
        return Value(pyUpper(s) == s && pyLower(s) != s);
    if (name == "islower")
        return Value(pyLower(s) == s && pyUpper(s) != s);
    if (name == "partition" || name == "rpartition") {
        BoundArgs a(name, args, {"sep"}, 1);
        const std::string sep = toStr(a[0]);
        if (sep.empty())
            fail("empty separator");
        const size_t at = name == "partition" ? s.find(sep) : s.rfind(sep);
        if (at == std::string::npos)
            return name == "partition" ? Value::tuple({Value(s), Value(""), Value("")})
                                       : Value::tuple({Value(""), Value(""), Value(s)});
        return Value::tuple({Value(s.substr(0, at)), Value(sep), Value(s.substr(at + sep.size()))});
    }
    if (name == "removeprefix" || name == "removesuffix") {
        BoundArgs a(name, args, {"affix"}, 1);
        const std::string affix = toStr(a[0]);
        if (name == "removeprefix")
            return Value(s.rfind(affix, 0) == 0 ? s.substr(affix.size()) : s);
        const bool ends = s.size() >= affix.size() && s.compare(s.size() - affix.size(), affix.size(), affix) == 0;
        return Value(ends ? s.substr(0, s.size() - affix.size()) : s);
    }
    fail("'str' object has no attribute '" + name + "'");
}

Value dictMethod(const Value& self, const std::string& name, CallArgs& args)
{
    DictData& d = self.dictData();
    if (name == "get") {
        BoundArgs a(name, args, {"key", "default"}, 1);
        const Value* v = d.find(a[0]);
        return v ? *v : a.get(1, Value(nullptr));
    }
    if (name == "keys" || name == "values" || name == "items") {
        BoundArgs a(name, args, {});
        std::vector<Value> out;
        for (const auto& [key, value] : d.entries)
            out.push_back(name == "keys" ? key : name == "values" ? value : Value::tuple({key, value}));
        return Value::list(std::move(out));
    }
    if (name == "copy") {
        BoundArgs a(name, args, {});
        Value copy = Value::dict();
        copy.dictData() = d;
        return copy;
    }
    if (name == "update") {
        if (args.positional.size() > 1)
            fail("update expected at most 1 argument");
        if (!args.positional.empty()) {
            const Value& other = args.positional[0];
            if (!other.isDict())
                fail("update(): expected a mapping, got '" + other.typeName() + "'");
            for (const auto& [key, value] : other.dictData().entries)
                d.set(key, value);
        }
        for (const auto& [key, value] : args.keywords)
            d.set(Value(key), value);
        return Value(nullptr);
    }
    if (name == "pop") {
        BoundArgs a(name, args, {"key", "default"}, 1);
        if (const Value* v = d.find(a[0])) {
            Value out = *v;
            d.erase(a[0]);
            return out;
        }
        if (a.has(1))
            return a[1];
        fail("KeyError: " + toRepr(a[0]));
    }
    // setdefault
    BoundArgs a(name, args, {"key", "default"}, 1);
    if (const Value* v = d.find(a[0]))
        return *v;
    const Value value = a.get(1, Value(nullptr));
    d.set(a[0], value);
    return value;
}

std::int64_t listIndex(std::int64_t i, size_t size, bool clamp)
{
    const auto n = static_cast<std::int64_t>(size);
    if (i < 0)
        i += n;
    if (clamp)
        return std::clamp<std::int64_t>(i, 0, n);
    if (i < 0 || i >= n)
        fail("list index out of range");
    return i;
}

Value listMethod(const Value& self, const std::string& name, CallArgs& args)
{
    std::vector<Value>& items = self.items().items;
    if (name == "index" || name == "count") {
        BoundArgs a(name, args, {"value"}, 1);
        std::int64_t count = 0;
        for (size_t i = 0; i < items.size(); ++i) {
            if (equals(items[i], a[0])) {
                if (name == "index")
                    return Value(i);
                ++count;
            }
        }
        if (name == "index")
            fail(toRepr(a[0]) + " is not in list");
        return Value(count);
    }
    if (self.isTuple())
        fail("'tuple' object has no attribute '" + name + "'");
    if (name == "append") {
        BoundArgs a(name, args, {"object"}, 1);
        items.push_back(a[0]);
    } else if (name == "extend") {
        BoundArgs a(name, args, {"iterable"}, 1);
        for (auto& item : iterate(a[0]))
            items.push_back(std::move(item));
    } else if (name == "pop") {
        BoundArgs a(name, args, {"index"});
        if (items.empty())
            fail("pop from empty list");
        const auto i = static_cast<size_t>(listIndex(a.integer(0, -1), items.size(), false));
        Value out = items[i];
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
        return out;
    } else if (name == "insert") {
        BoundArgs a(name, args, {"index", "object"}, 2);
        const auto i = listIndex(a.integer(0, 0), items.size(), true);
        items.insert(items.begin() + i, a[1]);
    } else if (name == "remove") {
        BoundArgs a(name, args, {"value"}, 1);
        const auto it = std::find_if(items.begin(), items.end(), [&](const Value& v) { return equals(v, a[0]); });
        if (it == items.end())
            fail("list.remove(x): x not in list");
        items.erase(it);
    } else if (name == "reverse") {
        BoundArgs a(name, args, {});
        std::reverse(items.begin(), items.end());
    } else if (name == "copy") {
        BoundArgs a(name, args, {});
        return Value::list(items);
    } else if (name == "clear") {
        BoundArgs a(name, args, {});
        items.clear();
    }
    return Value(nullptr);
}

} // namespace

bool hasMethod(const Value& self, std::string_view name)
{
    switch (self.kind()) {
    case Value::Kind::String: return listed(kStringMethods, name);
    case Value::Kind::Dict: return listed(kDictMethods, name);
    case Value::Kind::List: return listed(kListMethods, name);
    case Value::Kind::Tuple: return listed(kTupleMethods, name);
    default: return false;
    }
}

Value callMethod(const Value& self, const std::string& name, CallArgs& args)
{
    switch (self.kind()) {
    case Value::Kind::String: return stringMethod(self.str(), name, args);
    case Value::Kind::Dict: return dictMethod(self, name, args);
    case Value::Kind::List:
    case Value::Kind::Tuple: return listMethod(self, name, args);
    default: fail("'" + self.typeName() + "' object has no attribute '" + name + "'");
    }
}

} // namespace hearth::tmpl
