// Global functions available to every template: Jinja's range, dict,
// namespace and joiner, and Hugging Face's raise_exception and strftime_now.

#include "template/builtins.h"
#include "template/errors.h"
#include "template/interpreter.h"

#include <memory>

namespace hearth::tmpl {

namespace {

// Jinja's sandbox refuses larger ranges; so do we, for the same reason.
constexpr std::int64_t kMaxRange = 100000;

Value range(Interpreter&, CallArgs& args)
{
    if (!args.keywords.empty())
        fail("range() takes no keyword arguments");
    std::vector<std::int64_t> n;
    for (const Value& v : args.positional) {
        if (!v.isInt() && !v.isBool())
            fail("'" + v.typeName() + "' object cannot be interpreted as an integer");
        n.push_back(v.intValue());
    }
    std::int64_t start = 0, stop = 0, step = 1;
    if (n.size() == 1) {
        stop = n[0];
    } else if (n.size() == 2 || n.size() == 3) {
        start = n[0];
        stop = n[1];
        if (n.size() == 3)
            step = n[2];
    } else {
        fail("range expected 1 to 3 arguments, got " + std::to_string(n.size()));
    }
    if (step == 0)
        fail("range() arg 3 must not be zero");
    std::vector<Value> out;
    for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
        if (static_cast<std::int64_t>(out.size()) >= kMaxRange)
            fail("Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
        out.emplace_back(i);
    }
    return Value::list(std::move(out));
}

// dict(mapping or pairs, **kwargs); also the body of namespace().
void fillMapping(DictData& target, CallArgs& args, const char* function)
{
    if (args.positional.size() > 1)
        fail(std::string(function) + "() expected at most 1 positional argument");
    if (!args.positional.empty()) {
        const Value& source = args.positional[0];
        if (source.isDict()) {
            for (const auto& [key, value] : source.dictData().entries)
                target.set(key, value);
        } else {
            for (const Value& pair : iterate(source)) {
                const std::vector<Value> kv = iterate(pair);
                if (kv.size() != 2)
                    fail(std::string(function) + "(): sequence elements must be key/value pairs");
                target.set(kv[0], kv[1]);
            }
        }
    }
    for (const auto& [key, value] : args.keywords)
        target.set(Value(key), value);
}

Value dict(Interpreter&, CallArgs& args)
{
    Value out = Value::dict();
    fillMapping(out.dictData(), args, "dict");
    return out;
}

Value makeNamespace(Interpreter&, CallArgs& args)
{
    Value out = Value::object("Namespace");
    fillMapping(out.objectData().attrs, args, "namespace");
    return out;
}

Value raiseException(Interpreter&, CallArgs& args)
{
    BoundArgs a("raise_exception", args, {"message"}, 1);
    throw RaisedError(toStr(a[0]));
}

Value joiner(Interpreter&, CallArgs& args)
{
    BoundArgs a("joiner", args, {"sep"});
    auto used = std::make_shared<bool>(false);
    const std::string separator = a.string(0, ", ");
    return Value::function("joiner", [used, separator](Interpreter&, CallArgs&) {
        if (!*used) {
            *used = true;
            return Value("");
        }
        return Value(separator);
    });
}

} // namespace

void installGlobals(Scope& scope, const std::tm& now)
{
    scope.set("range", Value::function("range", range));
    scope.set("dict", Value::function("dict", dict));
    scope.set("namespace", Value::function("namespace", makeNamespace));
    scope.set("raise_exception", Value::function("raise_exception", raiseException));
    scope.set("joiner", Value::function("joiner", joiner));
    scope.set("strftime_now", Value::function("strftime_now", [now](Interpreter&, CallArgs& args) {
        BoundArgs a("strftime_now", args, {"format"}, 1);
        return Value(formatTime(toStr(a[0]), now));
    }));
}

} // namespace hearth::tmpl
