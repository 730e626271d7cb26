#include "template/builtins.h"
#include "template/errors.h"
#include "template/operators.h"

namespace hearth::tmpl {

BoundArgs::BoundArgs(std::string_view function, const CallArgs& args, std::initializer_list<std::string_view> params,
    size_t required)
    : function_(function), values_(params.size())
{
    if (args.positional.size() > params.size())
        fail(function_ + "() takes at most " + std::to_string(params.size()) + " argument(s) (" +
            std::to_string(args.positional.size()) + " given)");
    for (size_t i = 0; i < args.positional.size(); ++i)
        values_[i] = args.positional[i];
    for (const auto& [name, value] : args.keywords) {
        size_t k = 0;
        for (auto p : params) {
            if (p == name)
                break;
            ++k;
        }
        if (k == params.size())
            fail(function_ + "() got an unexpected keyword argument '" + name + "'");
        if (k < args.positional.size())
            fail(function_ + "() got multiple values for argument '" + name + "'");
        // An explicit `undefined` argument still counts as given for Python,
        // but everywhere we care it behaves like a missing one.
        values_[k] = value;
    }
    size_t k = 0;
    for (auto p : params) {
        if (k < required && values_[k].isUndefined() && k >= args.positional.size())
            fail(function_ + "() missing required argument '" + std::string(p) + "'");
        ++k;
    }
}

std::int64_t BoundArgs::integer(size_t i, std::int64_t fallback) const
{
    if (!has(i) || values_[i].isNone())
        return fallback;
    const Value& v = values_[i];
    if (v.isInt() || v.isBool())
        return v.intValue();
    if (v.isFloat())
        return static_cast<std::int64_t>(v.number());
    fail(function_ + "(): expected an integer, got '" + v.typeName() + "'");
}

std::string BoundArgs::string(size_t i, std::string_view fallback) const
{
    if (!has(i))
        return std::string(fallback);
    return toStr(values_[i]);
}

std::optional<std::string> BoundArgs::optionalString(size_t i) const
{
    if (!has(i) || values_[i].isNone())
        return std::nullopt;
    return toStr(values_[i]);
}

Value lookupAttributePath(const Value& subject, const std::string& path)
{
    Value current = subject;
    size_t start = 0;
    while (true) {
        const size_t dot = path.find('.', start);
        const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        const bool numeric = !part.empty() && part.find_first_not_of("0123456789") == std::string::npos;
        current = numeric ? getItem(current, Value(std::stoll(part))) : getItem(current, Value(part));
        if (dot == std::string::npos)
            return current;
        start = dot + 1;
    }
}

} // namespace hearth::tmpl
