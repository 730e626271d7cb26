// Filters on strings and numbers, plus tojson.

#include "template/errors.h"
#include "template/filters.h"
#include "template/json.h"
#include "template/operators.h"
#include "template/text.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace hearth::tmpl {

namespace {

Value fTrim(const Value& s, CallArgs& args)
{
    BoundArgs a("trim", args, {"chars"});
    return Value(pyStrip(toStr(s), a.optionalString(0), true, true));
}

Value fUpper(const Value& s, CallArgs& args)
{
    BoundArgs a("upper", args, {});
    return Value(pyUpper(toStr(s)));
}

Value fLower(const Value& s, CallArgs& args)
{
    BoundArgs a("lower", args, {});
    return Value(pyLower(toStr(s)));
}

Value fCapitalize(const Value& s, CallArgs& args)
{
    BoundArgs a("capitalize", args, {});
    return Value(pyCapitalize(toStr(s)));
}

// Jinja's title(): a word starts after '-', whitespace or an opening bracket
// (unlike str.title(), which starts one after any non-letter).
Value fTitle(const Value& s, CallArgs& args)
{
    BoundArgs a("title", args, {});
    const std::string text = toStr(s);
    std::string out;
    bool wordStart = true;
    for (size_t i = 0; i < text.size();) {
        const size_t start = i;
        const char32_t cp = decodeUtf8(text, i);
        const bool separator = cp == '-' || cp == '(' || cp == '{' || cp == '[' || cp == '<' || isPyWhitespace(cp);
        const char32_t mapped = separator ? cp : (wordStart ? toUpperCp(cp) : toLowerCp(cp));
        if (mapped == cp)
            out.append(text, start, i - start);
        else
            appendUtf8(out, mapped);
        wordStart = separator;
    }
    return Value(std::move(out));
}

Value fReplace(const Value& s, CallArgs& args)
{
    BoundArgs a("replace", args, {"old", "new", "count"}, 2);
    return Value(pyReplace(toStr(s), toStr(a[0]), toStr(a[1]), a.integer(2, -1)));
}

Value fString(const Value& s, CallArgs& args)
{
    BoundArgs a("string", args, {});
    return Value(toStr(s));
}

Value fEscape(const Value& s, CallArgs& args)
{
    BoundArgs a("escape", args, {});
    std::string out;
    for (char c : toStr(s)) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&#34;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return Value(std::move(out));
}

Value fIndent(const Value& s, CallArgs& args)
{
    BoundArgs a("indent", args, {"width", "first", "blank"});
    std::string indentation;
    if (a.has(0) && a[0].isString())
        indentation = a[0].str();
    else
        indentation = std::string(static_cast<size_t>(std::max<std::int64_t>(0, a.integer(0, 4))), ' ');
    // Like Jinja: a newline is appended first so that splitlines() keeps a
    // trailing empty line.
    const std::vector<std::string> lines = pySplitLines(toStr(s) + "\n", false);
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) {
            out += '\n';
            if (a.boolean(2, false) || !lines[i].empty())
                out += indentation;
        }
        out += lines[i];
    }
    if (a.boolean(1, false))
        out = indentation + out;
    return Value(std::move(out));
}

Value fCenter(const Value& s, CallArgs& args)
{
    BoundArgs a("center", args, {"width"});
    const std::string text = toStr(s);
    const std::int64_t width = a.integer(0, 80);
    const auto length = static_cast<std::int64_t>(codePointCount(text));
    if (width <= length)
        return Value(text);
    const std::int64_t pad = width - length;
    const std::int64_t left = pad / 2 + (pad & width & 1);
    return Value(std::string(static_cast<size_t>(left), ' ') + text +
        std::string(static_cast<size_t>(pad - left), ' '));
}

Value fTruncate(const Value& s, CallArgs& args)
{
    BoundArgs a("truncate", args, {"length", "killwords", "end", "leeway"});
    const std::string text = toStr(s);
    const std::int64_t length = a.integer(0, 255);
    const std::string end = a.string(2, "...");
    const std::int64_t leeway = a.integer(3, 5);
    const auto endLength = static_cast<std::int64_t>(codePointCount(end));
    if (length < endLength)
        fail("expected length >= " + std::to_string(endLength) + ", got " + std::to_string(length));
    if (static_cast<std::int64_t>(codePointCount(text)) <= length + leeway)
        return Value(text);
    std::string head = slice(Value(text), Value(nullptr), Value(length - endLength), Value(nullptr)).str();
    if (!a.boolean(1, false)) {
        const size_t space = head.rfind(' ');
        if (space != std::string::npos)
            head.resize(space);
    }
    return Value(head + end);
}

Value fWordcount(const Value& s, CallArgs& args)
{
    BoundArgs a("wordcount", args, {});
    const std::string text = toStr(s);
    std::int64_t words = 0;
    bool inWord = false;
    for (size_t i = 0; i < text.size();) {
        const char32_t cp = decodeUtf8(text, i);
        const bool wordChar = (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
            cp == '_' || (cp >= 0xC0 && !isPyWhitespace(cp) && cp != 0xD7 && cp != 0xF7);
        if (wordChar && !inWord)
            ++words;
        inWord = wordChar;
    }
    return Value(words);
}

Value fFormat(const Value& s, CallArgs& args)
{
    if (!args.keywords.empty()) {
        Value mapping = Value::dict();
        for (const auto& [key, value] : args.keywords)
            mapping.dictData().set(Value(key), value);
        return Value(percentFormat(toStr(s), mapping));
    }
    return Value(percentFormat(toStr(s), Value::tuple(args.positional)));
}

// Python's int(str, base): whitespace around, optional sign, a 0x/0o/0b
// prefix where the base allows it, `_` between digits.
std::optional<std::int64_t> parseInt(const std::string& raw, int base)
{
    const std::string text = pyStrip(raw, std::nullopt, true, true);
    size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-'))
        negative = text[i++] == '-';
    if (i + 1 < text.size() && text[i] == '0') {
        const char p = static_cast<char>(text[i + 1] | 0x20);
        const int prefixBase = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
        if (prefixBase && (base == 0 || base == prefixBase)) {
            base = prefixBase;
            i += 2;
            if (i < text.size() && text[i] == '_')
                ++i;
        }
    }
    if (base == 0)
        base = 10;
    if (base < 2 || base > 36)
        return std::nullopt;
    std::int64_t value = 0;
    bool any = false;
    bool lastUnderscore = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '_') {
            if (!any || lastUnderscore)
                return std::nullopt;
            lastUnderscore = true;
            continue;
        }
        const int lower = c | 0x20;
        const int digit = (c >= '0' && c <= '9') ? c - '0' : (lower >= 'a' && lower <= 'z') ? lower - 'a' + 10 : 99;
        if (digit >= base)
            return std::nullopt;
        if (__builtin_mul_overflow(value, base, &value) || __builtin_add_overflow(value, digit, &value))
            return std::nullopt;
        any = true;
        lastUnderscore = false;
    }
    if (!any || lastUnderscore)
        return std::nullopt;
    return negative ? -value : value;
}

std::optional<double> parseFloat(const std::string& raw)
{
    std::string text = pyStrip(raw, std::nullopt, true, true);
    std::string cleaned;
    for (char c : text)
        if (c != '_')
            cleaned += c;
    if (cleaned.empty())
        return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(cleaned.c_str(), &end);
    if (*end != '\0')
        return std::nullopt;
    return v;
}

Value fInt(const Value& v, CallArgs& args)
{
    BoundArgs a("int", args, {"default", "base"});
    const Value fallback = a.get(0, Value(0));
    if (v.isInt() || v.isBool())
        return Value(v.intValue());
    if (v.isFloat())
        return std::isfinite(v.number()) ? Value(static_cast<std::int64_t>(std::trunc(v.number()))) : fallback;
    if (v.isString()) {
        if (auto i = parseInt(v.str(), static_cast<int>(a.integer(1, 10))))
            return Value(*i);
        if (auto f = parseFloat(v.str()); f && std::isfinite(*f))
            return Value(static_cast<std::int64_t>(std::trunc(*f)));
    }
    return fallback;
}

Value fFloat(const Value& v, CallArgs& args)
{
    BoundArgs a("float", args, {"default"});
    if (v.isNumber())
        return Value(v.number());
    if (v.isString())
        if (auto f = parseFloat(v.str()))
            return Value(*f);
    return a.get(0, Value(0.0));
}

Value fAbs(const Value& v, CallArgs& args)
{
    BoundArgs a("abs", args, {});
    if (v.isInt() || v.isBool())
        return Value(std::llabs(v.intValue()));
    if (v.isFloat())
        return Value(std::fabs(v.number()));
    fail("bad operand type for abs(): '" + v.typeName() + "'");
}

double roundHalfEven(double x, std::int64_t digits)
{
    if (digits >= 0 && digits < 300) {
        // printf rounds the exact binary value correctly, as Python's round() does.
        char buf[400];
        std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(digits), x);
        return std::strtod(buf, nullptr);
    }
    const double scale = std::pow(10.0, static_cast<double>(-digits));
    return std::nearbyint(x / scale) * scale;
}

Value fRound(const Value& v, CallArgs& args)
{
    BoundArgs a("round", args, {"precision", "method"});
    const std::int64_t precision = a.integer(0, 0);
    const std::string method = a.string(1, "common");
    if (method != "common" && method != "ceil" && method != "floor")
        fail("method must be 'common', 'ceil' or 'floor'");
    if (!v.isNumber())
        fail("type " + v.typeName() + " doesn't define __round__ method");
    if (method == "common") {
        if (v.isInt() || v.isBool()) {
            if (precision >= 0)
                return Value(v.intValue());
            return Value(static_cast<std::int64_t>(roundHalfEven(static_cast<double>(v.intValue()), precision)));
        }
        return Value(roundHalfEven(v.number(), precision));
    }
    const double scale = std::pow(10.0, static_cast<double>(precision));
    const double scaled = v.number() * scale;
    return Value((method == "ceil" ? std::ceil(scaled) : std::floor(scaled)) / scale);
}

// Hugging Face replaces Jinja's tojson with json.dumps(x, ensure_ascii=False,
// indent=None, separators=None, sort_keys=False); a bare integer argument is
// taken as the indent, as in Jinja's own filter.
Value fTojson(const Value& v, CallArgs& args)
{
    CallArgs adjusted = args;
    Value positionalIndent;
    if (!adjusted.positional.empty() && adjusted.positional[0].isInt()) {
        positionalIndent = adjusted.positional[0];
        adjusted.positional.erase(adjusted.positional.begin());
    }
    BoundArgs a("tojson", adjusted, {"ensure_ascii", "indent", "separators", "sort_keys"});
    JsonOptions options;
    options.ensureAscii = a.boolean(0, false);
    const Value indent = positionalIndent.isUndefined() ? a[1] : positionalIndent;
    if (indent.isString())
        options.indent = indent.str();
    else if (indent.isInt())
        options.indent = std::string(static_cast<size_t>(std::max<std::int64_t>(0, indent.intValue())), ' ');
    if (a.has(2) && !a[2].isNone()) {
        const std::vector<Value> seps = iterate(a[2]);
        if (seps.size() != 2)
            fail("tojson(): separators must be a pair (item_separator, key_separator)");
        options.itemSeparator = toStr(seps[0]);
        options.keySeparator = toStr(seps[1]);
    }
    options.sortKeys = a.boolean(3, false);
    return Value(toJson(v, options));
}

Value fPprint(const Value& v, CallArgs& args)
{
    BoundArgs a("pprint", args, {});
    return Value(toRepr(v));
}

} // namespace

void addTextFilters(FilterTable& t)
{
    t["trim"] = fTrim;
    t["upper"] = fUpper;
    t["lower"] = fLower;
    t["capitalize"] = fCapitalize;
    t["title"] = fTitle;
    t["replace"] = fReplace;
    t["string"] = fString;
    t["safe"] = fString;
    t["escape"] = fEscape;
    t["e"] = fEscape;
    t["forceescape"] = fEscape;
    t["indent"] = fIndent;
    t["center"] = fCenter;
    t["truncate"] = fTruncate;
    t["wordcount"] = fWordcount;
    t["format"] = fFormat;
    t["int"] = fInt;
    t["float"] = fFloat;
    t["abs"] = fAbs;
    t["round"] = fRound;
    t["tojson"] = fTojson;
    t["pprint"] = fPprint;
}

} // namespace hearth::tmpl
