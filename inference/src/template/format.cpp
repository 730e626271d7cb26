// Python string formatting: `"%s" % x` / the format filter, and str.format().
// Covers the conversions templates use; exotic flags are accepted and ignored.

#include "template/builtins.h"
#include "template/errors.h"
#include "template/operators.h"
#include "template/text.h"

#include <cmath>
#include <cstdio>

namespace hearth::tmpl {

namespace {

struct Spec {
    std::string fill = " ";
    char align = '\0'; // '<', '>', '^', '=' or default
    char sign = '-';
    bool zero = false;
    std::int64_t width = 0;
    std::int64_t precision = -1;
    char type = '\0';
};

std::string pad(const std::string& body, const Spec& spec, bool numeric)
{
    const auto length = static_cast<std::int64_t>(codePointCount(body));
    if (spec.width <= length)
        return body;
    const std::int64_t padding = spec.width - length;
    char align = spec.align ? spec.align : (numeric ? '>' : '<');
    std::string fill = spec.fill;
    if (spec.zero && !spec.align && numeric) {
        align = '=';
        fill = "0";
    }
    auto repeat = [&](std::int64_t n) {
        std::string out;
        for (std::int64_t i = 0; i < n; ++i)
            out += fill;
        return out;
    };
    switch (align) {
    case '<': return body + repeat(padding);
    case '^': return repeat(padding / 2) + body + repeat(padding - padding / 2);
    case '=': {
        const bool signed_ = !body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ');
        return signed_ ? body.substr(0, 1) + repeat(padding) + body.substr(1) : repeat(padding) + body;
    }
    default: return repeat(padding) + body;
    }
}

std::string formatNumber(const Value& v, const Spec& spec)
{
    char buf[512];
    char type = spec.type;
    if (type == '\0')
        type = v.isFloat() ? 'r' : 'd';
    std::string body;
    const bool negative = v.number() < 0 || (v.isFloat() && std::signbit(v.number()));
    switch (type) {
    case 'd':
    case 'i':
    case 'u':
        if (v.isFloat())
            fail("Unknown format code 'd' for object of type 'float'");
        body = std::to_string(std::llabs(v.intValue()));
        break;
    case 'x':
    case 'X':
    case 'o':
    case 'b': {
        std::uint64_t u = static_cast<std::uint64_t>(std::llabs(v.intValue()));
        const int base = (type == 'o') ? 8 : (type == 'b') ? 2 : 16;
        const char* digits = type == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        do {
            body.insert(body.begin(), digits[u % static_cast<unsigned>(base)]);
            u /= static_cast<unsigned>(base);
        } while (u);
        break;
    }
    case 'r': body = pyFloatRepr(std::fabs(v.number())); break;
    case '%':
        std::snprintf(buf, sizeof buf, "%.*f%%", static_cast<int>(spec.precision < 0 ? 6 : spec.precision),
            std::fabs(v.number()) * 100);
        body = buf;
        break;
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
        const char fmt[] = {'%', '.', '*', type, '\0'};
        std::snprintf(buf, sizeof buf, fmt, static_cast<int>(spec.precision < 0 ? 6 : spec.precision),
            std::fabs(v.number()));
        body = buf;
        break;
    }
    default: fail(std::string("unsupported format character '") + type + "'");
    }
    if (negative)
        body = "-" + body;
    else if (spec.sign == '+' || spec.sign == ' ')
        body = std::string(1, spec.sign) + body;
    return pad(body, spec, true);
}

std::string formatValue(const Value& v, const Spec& spec)
{
    if (spec.type == 's' || (spec.type == '\0' && !v.isNumber()) || v.isString()) {
        if (v.isString() && spec.type != '\0' && spec.type != 's')
            fail(std::string("Unknown format code '") + spec.type + "' for object of type 'str'");
        std::string text = toStr(v);
        if (spec.precision >= 0)
            text = slice(Value(text), Value(nullptr), Value(spec.precision), Value(nullptr)).str();
        return pad(text, spec, false);
    }
    if (spec.type == 'c') {
        std::string out;
        appendUtf8(out, static_cast<char32_t>(v.intValue()));
        return pad(out, spec, false);
    }
    if (spec.type == 'r' || spec.type == 'a')
        return pad(toRepr(v), spec, false);
    if (v.isBool() && spec.type == '\0')
        return pad(toStr(v), spec, false);
    return formatNumber(v, spec);
}

} // namespace

std::string percentFormat(std::string_view format, const Value& args)
{
    std::vector<Value> positional;
    if (args.isTuple())
        positional = args.items().items;
    else if (!args.isDict())
        positional.push_back(args);
    size_t next = 0;
    auto nextArg = [&]() -> Value {
        if (next >= positional.size())
            fail("not enough arguments for format string");
        return positional[next++];
    };
    std::string out;
    for (size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%') {
            out += format[i];
            continue;
        }
        if (++i >= format.size())
            fail("incomplete format");
        Value value;
        bool haveValue = false;
        if (format[i] == '(') {
            const size_t close = format.find(')', i);
            if (close == std::string_view::npos || !args.isDict())
                fail("format requires a mapping");
            const Value* v = args.dictData().findKey(format.substr(i + 1, close - i - 1));
            if (!v)
                fail("KeyError: '" + std::string(format.substr(i + 1, close - i - 1)) + "'");
            value = *v;
            haveValue = true;
            i = close + 1;
        }
        Spec spec;
        for (; i < format.size() && std::string_view("-+ 0#").find(format[i]) != std::string_view::npos; ++i) {
            if (format[i] == '-')
                spec.align = '<';
            else if (format[i] == '0')
                spec.zero = true;
            else if (format[i] == '+' || format[i] == ' ')
                spec.sign = format[i];
        }
        auto number = [&]() {
            if (i < format.size() && format[i] == '*') {
                ++i;
                return nextArg().intValue();
            }
            std::int64_t n = 0;
            while (i < format.size() && format[i] >= '0' && format[i] <= '9')
                n = n * 10 + (format[i++] - '0');
            return n;
        };
        spec.width = number();
        if (i < format.size() && format[i] == '.') {
            ++i;
            spec.precision = number();
        }
        while (i < format.size() && (format[i] == 'l' || format[i] == 'h' || format[i] == 'L'))
            ++i;
        if (i >= format.size())
            fail("incomplete format");
        const char conversion = format[i];
        if (conversion == '%') {
            out += '%';
            continue;
        }
        if (spec.align == '<')
            spec.zero = false;
        if (!haveValue)
            value = nextArg();
        if (conversion == 's') {
            spec.type = 's';
            out += formatValue(Value(toStr(value)), spec);
        } else if (conversion == 'r' || conversion == 'a') {
            spec.type = 's';
            out += formatValue(Value(toRepr(value)), spec);
        } else {
            if (!value.isNumber())
                fail(std::string("%") + conversion + " format: a real number is required, not " + value.typeName());
            spec.type = conversion == 'i' || conversion == 'u' ? 'd' : conversion;
            out += formatNumber((spec.type == 'd' && value.isFloat())
                                    ? Value(static_cast<std::int64_t>(std::trunc(value.number())))
                                    : value,
                spec);
        }
    }
    // Python treats any non-tuple with __getitem__ (list, dict) as a mapping
    // argument, which never counts as unconverted.
    if (next < positional.size() && !args.isDict() && !args.isList())
        fail("not all arguments converted during string formatting");
    return out;
}

namespace {

Spec parseSpec(std::string_view s)
{
    Spec spec;
    size_t i = 0;
    auto isAlign = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
    if (s.size() >= 2 && isAlign(s[1])) {
        spec.fill = std::string(1, s[0]);
        spec.align = s[1];
        i = 2;
    } else if (!s.empty() && isAlign(s[0])) {
        spec.align = s[0];
        i = 1;
    }
    if (i < s.size() && (s[i] == '+' || s[i] == '-' || s[i] == ' '))
        spec.sign = s[i++];
    if (i < s.size() && s[i] == '#')
        ++i;
    if (i < s.size() && s[i] == '0') {
        spec.zero = true;
        ++i;
    }
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
        spec.width = spec.width * 10 + (s[i++] - '0');
    if (i < s.size() && (s[i] == ',' || s[i] == '_'))
        ++i;
    if (i < s.size() && s[i] == '.') {
        spec.precision = 0;
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9')
            spec.precision = spec.precision * 10 + (s[i++] - '0');
    }
    if (i < s.size())
        spec.type = s[i++];
    if (i != s.size())
        fail("Invalid format specifier '" + std::string(s) + "'");
    return spec;
}

} // namespace

std::string braceFormat(std::string_view format, const CallArgs& args)
{
    std::string out;
    size_t autoIndex = 0;
    for (size_t i = 0; i < format.size(); ++i) {
        const char c = format[i];
        if (c == '}') {
            if (i + 1 < format.size() && format[i + 1] == '}')
                ++i;
            out += '}';
            continue;
        }
        if (c != '{') {
            out += c;
            continue;
        }
        if (i + 1 < format.size() && format[i + 1] == '{') {
            out += '{';
            ++i;
            continue;
        }
        const size_t close = format.find('}', i);
        if (close == std::string_view::npos)
            fail("Single '{' encountered in format string");
        std::string_view field = format.substr(i + 1, close - i - 1);
        i = close;
        std::string_view specText;
        char conversion = '\0';
        if (const size_t colon = field.find(':'); colon != std::string_view::npos) {
            specText = field.substr(colon + 1);
            field = field.substr(0, colon);
        }
        if (const size_t bang = field.find('!'); bang != std::string_view::npos) {
            conversion = bang + 1 < field.size() ? field[bang + 1] : 's';
            field = field.substr(0, bang);
        }
        const size_t accessor = field.find_first_of(".[");
        const std::string_view head = field.substr(0, accessor);
        Value value;
        if (head.empty() || (head.find_first_not_of("0123456789") == std::string_view::npos)) {
            const size_t index = head.empty() ? autoIndex++ : std::stoul(std::string(head));
            if (index >= args.positional.size())
                fail("Replacement index " + std::to_string(index) + " out of range for positional args tuple");
            value = args.positional[index];
        } else {
            bool found = false;
            for (const auto& [key, v] : args.keywords) {
                if (key == head) {
                    value = v;
                    found = true;
                }
            }
            if (!found)
                fail("KeyError: '" + std::string(head) + "'");
        }
        if (accessor != std::string_view::npos) {
            // `{0.name}` and `{0[key]}` both become the dotted path "name"/"key".
            std::string path;
            for (char ch : field.substr(accessor))
                if (ch != ']')
                    path += ch == '[' ? '.' : ch;
            value = lookupAttributePath(value, path.substr(1));
        }
        if (conversion == 'r' || conversion == 'a')
            value = Value(toRepr(value));
        else if (conversion == 's')
            value = Value(toStr(value));
        out += formatValue(value, parseSpec(specText));
    }
    return out;
}

} // namespace hearth::tmpl
