#include "template/json.h"

#include "template/errors.h"
#include "template/text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace hearth::tmpl {

Value fromJson(const nlohmann::ordered_json& json)
{
    // nlohmann's parser already bounds nesting by the stack; values built in
    // code are trusted.
    using T = nlohmann::ordered_json::value_t;
    switch (json.type()) {
    case T::null: return Value(nullptr);
    case T::boolean: return Value(json.get<bool>());
    case T::number_integer: return Value(json.get<std::int64_t>());
    case T::number_unsigned: {
        const auto u = json.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return Value(static_cast<double>(u));
        return Value(static_cast<std::int64_t>(u));
    }
    case T::number_float: return Value(json.get<double>());
    case T::string: return Value(json.get<std::string>());
    case T::array: {
        std::vector<Value> items;
        items.reserve(json.size());
        for (const auto& item : json)
            items.push_back(fromJson(item));
        return Value::list(std::move(items));
    }
    case T::object: {
        Value dict = Value::dict();
        for (const auto& [key, item] : json.items())
            dict.dictData().entries.emplace_back(Value(key), fromJson(item));
        return dict;
    }
    default: return Value(nullptr); // binary and discarded values do not occur in chat messages
    }
}

namespace {

void appendUnicodeEscape(std::string& out, unsigned unit)
{
    char buf[16]; // room for any unsigned, so -Wformat-truncation stays quiet
    std::snprintf(buf, sizeof buf, "\\u%04x", unit);
    out += buf;
}

void appendJsonString(std::string& out, std::string_view s, bool ensureAscii)
{
    out += '"';
    for (size_t i = 0; i < s.size();) {
        const size_t start = i;
        const char32_t cp = decodeUtf8(s, i);
        switch (cp) {
        case '"': out += "\\\""; continue;
        case '\\': out += "\\\\"; continue;
        case '\n': out += "\\n"; continue;
        case '\r': out += "\\r"; continue;
        case '\t': out += "\\t"; continue;
        case '\b': out += "\\b"; continue;
        case '\f': out += "\\f"; continue;
        default: break;
        }
        if (cp < 0x20) {
            appendUnicodeEscape(out, cp);
        } else if (ensureAscii && cp >= 0x7F) {
            if (cp >= 0x10000) {
                const char32_t v = cp - 0x10000;
                appendUnicodeEscape(out, 0xD800 + (v >> 10));
                appendUnicodeEscape(out, 0xDC00 + (v & 0x3FF));
            } else {
                appendUnicodeEscape(out, cp);
            }
        } else {
            out.append(s.substr(start, i - start));
        }
    }
    out += '"';
}

std::string floatJson(double d)
{
    if (std::isnan(d))
        return "NaN";
    if (std::isinf(d))
        return d < 0 ? "-Infinity" : "Infinity";
    return pyFloatRepr(d);
}

class JsonWriter {
public:
    explicit JsonWriter(const JsonOptions& options)
        : options_(options),
          itemSeparator_(options.itemSeparator ? *options.itemSeparator : (options.indent ? "," : ", "))
    {}

    void write(const Value& v, int depth)
    {
        // Also stops a list that contains itself.
        if (depth > 500)
            fail("value nested too deeply to convert to JSON");
        switch (v.kind()) {
        case Value::Kind::None: out_ += "null"; return;
        case Value::Kind::Bool: out_ += v.boolValue() ? "true" : "false"; return;
        case Value::Kind::Int: out_ += std::to_string(v.intValue()); return;
        case Value::Kind::Float: out_ += floatJson(v.number()); return;
        case Value::Kind::String: appendJsonString(out_, v.str(), options_.ensureAscii); return;
        case Value::Kind::List:
        case Value::Kind::Tuple: writeList(v.items().items, depth); return;
        case Value::Kind::Dict: writeDict(v.dictData(), depth); return;
        default: fail("Object of type " + v.typeName() + " is not JSON serializable");
        }
    }

    std::string take() { return std::move(out_); }

private:
    void newline(int depth)
    {
        if (!options_.indent)
            return;
        out_ += '\n';
        for (int i = 0; i < depth; ++i)
            out_ += *options_.indent;
    }

    void writeList(const std::vector<Value>& items, int depth)
    {
        if (items.empty()) {
            out_ += "[]";
            return;
        }
        out_ += '[';
        for (size_t i = 0; i < items.size(); ++i) {
            if (i)
                out_ += itemSeparator_;
            newline(depth + 1);
            write(items[i], depth + 1);
        }
        newline(depth);
        out_ += ']';
    }

    static std::string keyText(const Value& key)
    {
        switch (key.kind()) {
        case Value::Kind::String: return key.str();
        case Value::Kind::None: return "null";
        case Value::Kind::Bool: return key.boolValue() ? "true" : "false";
        case Value::Kind::Int: return std::to_string(key.intValue());
        case Value::Kind::Float: return floatJson(key.number());
        default: fail("keys must be str, int, float, bool or None, not " + key.typeName());
        }
    }

    void writeDict(const DictData& dict, int depth)
    {
        if (dict.entries.empty()) {
            out_ += "{}";
            return;
        }
        std::vector<const std::pair<Value, Value>*> entries;
        for (const auto& entry : dict.entries)
            entries.push_back(&entry);
        if (options_.sortKeys)
            std::stable_sort(entries.begin(), entries.end(),
                [](const auto* a, const auto* b) { return lessThan(a->first, b->first); });
        out_ += '{';
        bool first = true;
        for (const auto* entry : entries) {
            if (!first)
                out_ += itemSeparator_;
            first = false;
            newline(depth + 1);
            appendJsonString(out_, keyText(entry->first), options_.ensureAscii);
            out_ += options_.keySeparator;
            write(entry->second, depth + 1);
        }
        newline(depth);
        out_ += '}';
    }

    const JsonOptions& options_;
    std::string itemSeparator_;
    std::string out_;
};

} // namespace

std::string toJson(const Value& value, const JsonOptions& options)
{
    JsonWriter writer(options);
    writer.write(value, 0);
    return writer.take();
}

} // namespace hearth::tmpl
