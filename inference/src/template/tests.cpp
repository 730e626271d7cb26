// Tests (`x is name`), mirroring jinja2.tests including its quirks: an
// undefined value counts as iterable, a sequence and callable, and a bool
// counts as a number (it is an int in Python) but not as an integer.

#include "template/builtins.h"
#include "template/errors.h"
#include "template/filters.h"
#include "template/operators.h"
#include "template/text.h"

#include <unordered_map>

namespace hearth::tmpl {

namespace {

const Value& onlyArg(const char* name, CallArgs& args)
{
    if (args.positional.size() + args.keywords.size() != 1)
        fail(std::string(name) + "() takes exactly one argument");
    return args.positional.empty() ? args.keywords.front().second : args.positional.front();
}

bool tDefined(const Value& v, CallArgs&) { return !v.isUndefined(); }
bool tUndefined(const Value& v, CallArgs&) { return v.isUndefined(); }
bool tNone(const Value& v, CallArgs&) { return v.isNone(); }
bool tBoolean(const Value& v, CallArgs&) { return v.isBool(); }
bool tTrue(const Value& v, CallArgs&) { return v.isBool() && v.boolValue(); }
bool tFalse(const Value& v, CallArgs&) { return v.isBool() && !v.boolValue(); }
bool tString(const Value& v, CallArgs&) { return v.isString(); }
bool tNumber(const Value& v, CallArgs&) { return v.isNumber(); }
bool tInteger(const Value& v, CallArgs&) { return v.isInt(); }
bool tFloat(const Value& v, CallArgs&) { return v.isFloat(); }
bool tMapping(const Value& v, CallArgs&) { return v.isDict(); }
bool tCallable(const Value& v, CallArgs&) { return v.isFunction() || v.isUndefined(); }
bool tEscaped(const Value&, CallArgs&) { return false; }

bool tIterable(const Value& v, CallArgs&)
{
    return v.isUndefined() || v.isString() || v.isSequence() || v.isDict();
}

bool tSequence(const Value& v, CallArgs&)
{
    return v.isUndefined() || v.isString() || v.isSequence() || v.isDict();
}

bool tOdd(const Value& v, CallArgs&)
{
    return equals(binaryOp(BinaryOp::Mod, v, Value(2)), Value(1));
}

bool tEven(const Value& v, CallArgs&)
{
    return equals(binaryOp(BinaryOp::Mod, v, Value(2)), Value(0));
}

bool tDivisibleBy(const Value& v, CallArgs& args)
{
    BoundArgs a("divisibleby", args, {"num"}, 1);
    return equals(binaryOp(BinaryOp::Mod, v, a[0]), Value(0));
}

bool tLower(const Value& v, CallArgs&)
{
    const std::string s = toStr(v);
    return pyLower(s) == s && pyUpper(s) != s;
}

bool tUpper(const Value& v, CallArgs&)
{
    const std::string s = toStr(v);
    return pyUpper(s) == s && pyLower(s) != s;
}

bool tSameAs(const Value& v, CallArgs& args) { return v.sameAs(onlyArg("sameas", args)); }
bool tIn(const Value& v, CallArgs& args) { return contains(onlyArg("in", args), v); }
bool tEq(const Value& v, CallArgs& args) { return compare(CompareOp::Eq, v, onlyArg("eq", args)); }
bool tNe(const Value& v, CallArgs& args) { return compare(CompareOp::Ne, v, onlyArg("ne", args)); }
bool tLt(const Value& v, CallArgs& args) { return compare(CompareOp::Lt, v, onlyArg("lt", args)); }
bool tLe(const Value& v, CallArgs& args) { return compare(CompareOp::Le, v, onlyArg("le", args)); }
bool tGt(const Value& v, CallArgs& args) { return compare(CompareOp::Gt, v, onlyArg("gt", args)); }
bool tGe(const Value& v, CallArgs& args) { return compare(CompareOp::Ge, v, onlyArg("ge", args)); }
bool tFilter(const Value& v, CallArgs&) { return v.isString() && findFilter(v.str()) != nullptr; }
bool tTest(const Value& v, CallArgs&) { return v.isString() && findTest(v.str()) != nullptr; }

} // namespace

TestFunction findTest(std::string_view name)
{
    static const std::unordered_map<std::string_view, TestFunction> table = {
        {"defined", tDefined}, {"undefined", tUndefined}, {"none", tNone}, {"boolean", tBoolean},
        {"true", tTrue}, {"false", tFalse}, {"string", tString}, {"number", tNumber},
        {"integer", tInteger}, {"float", tFloat}, {"mapping", tMapping}, {"iterable", tIterable},
        {"sequence", tSequence}, {"callable", tCallable}, {"escaped", tEscaped}, {"odd", tOdd},
        {"even", tEven}, {"divisibleby", tDivisibleBy}, {"lower", tLower}, {"upper", tUpper},
        {"sameas", tSameAs}, {"in", tIn}, {"eq", tEq}, {"equalto", tEq}, {"==", tEq}, {"ne", tNe},
        {"!=", tNe}, {"lt", tLt}, {"lessthan", tLt}, {"<", tLt}, {"le", tLe}, {"<=", tLe}, {"gt", tGt},
        {"greaterthan", tGt}, {">", tGt}, {"ge", tGe}, {">=", tGe}, {"filter", tFilter}, {"test", tTest},
    };
    const auto it = table.find(name);
    return it == table.end() ? nullptr : it->second;
}

} // namespace hearth::tmpl
