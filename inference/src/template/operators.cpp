#include "template/operators.h"

#include "template/builtins.h"
#include "template/errors.h"
#include "template/text.h"

#include <cmath>

namespace hearth::tmpl {

namespace {

const char* opSymbol(BinaryOp op)
{
    switch (op) {
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::FloorDiv: return "//";
    case BinaryOp::Mod: return "%";
    case BinaryOp::Pow: return "**";
    case BinaryOp::Concat: return "~";
    case BinaryOp::And: return "and";
    case BinaryOp::Or: return "or";
    }
    return "?";
}

[[noreturn]] void unsupported(BinaryOp op, const Value& a, const Value& b)
{
    for (const Value* v : {&a, &b})
        if (v->isUndefined())
            fail(v->undefinedHint().empty() ? "value is undefined" : v->undefinedHint());
    fail(std::string("unsupported operand type(s) for ") + opSymbol(op) + ": '" + a.typeName() + "' and '" +
        b.typeName() + "'");
}

Value repeat(const Value& seq, std::int64_t times)
{
    if (seq.isString()) {
        std::string out;
        for (std::int64_t i = 0; i < times; ++i)
            out += seq.str();
        return Value(std::move(out));
    }
    std::vector<Value> out;
    for (std::int64_t i = 0; i < times; ++i)
        out.insert(out.end(), seq.items().items.begin(), seq.items().items.end());
    return seq.isTuple() ? Value::tuple(std::move(out)) : Value::list(std::move(out));
}

// Python's float floor division and modulo (the result of % takes the sign of the divisor).
double pyFloatMod(double a, double b)
{
    double mod = std::fmod(a, b);
    if (mod != 0 && ((b < 0) != (mod < 0)))
        mod += b;
    else if (mod == 0)
        mod = std::copysign(0.0, b);
    return mod;
}

double pyFloatFloorDiv(double a, double b)
{
    const double mod = std::fmod(a, b);
    double div = (a - mod) / b;
    if (mod != 0 && ((b < 0) != (mod < 0)))
        div -= 1.0;
    if (div == 0)
        return std::copysign(0.0, a / b);
    const double floorDiv = std::floor(div);
    return (div - floorDiv > 0.5) ? floorDiv + 1.0 : floorDiv;
}

Value intPow(std::int64_t base, std::int64_t exp)
{
    std::int64_t result = 1;
    for (std::int64_t i = 0; i < exp; ++i) {
        if (__builtin_mul_overflow(result, base, &result))
            return Value(std::pow(static_cast<double>(base), static_cast<double>(exp)));
    }
    return Value(result);
}

} // namespace

Value binaryOp(BinaryOp op, const Value& a, const Value& b)
{
    const bool ints = (a.isInt() || a.isBool()) && (b.isInt() || b.isBool());
    const bool nums = a.isNumber() && b.isNumber();
    switch (op) {
    case BinaryOp::Add:
        if (ints) {
            std::int64_t r;
            if (!__builtin_add_overflow(a.intValue(), b.intValue(), &r))
                return Value(r);
        }
        if (nums)
            return Value(a.number() + b.number());
        if (a.isString() && b.isString())
            return Value(a.str() + b.str());
        if (a.isSequence() && a.kind() == b.kind()) {
            std::vector<Value> out = a.items().items;
            out.insert(out.end(), b.items().items.begin(), b.items().items.end());
            return a.isTuple() ? Value::tuple(std::move(out)) : Value::list(std::move(out));
        }
        if ((a.isString() || a.isList()) && !b.isUndefined())
            fail("can only concatenate " + a.typeName() + " (not \"" + b.typeName() + "\") to " + a.typeName());
        unsupported(op, a, b);
    case BinaryOp::Sub:
        if (ints) {
            std::int64_t r;
            if (!__builtin_sub_overflow(a.intValue(), b.intValue(), &r))
                return Value(r);
        }
        if (nums)
            return Value(a.number() - b.number());
        unsupported(op, a, b);
    case BinaryOp::Mul:
        if (ints) {
            std::int64_t r;
            if (!__builtin_mul_overflow(a.intValue(), b.intValue(), &r))
                return Value(r);
        }
        if (nums)
            return Value(a.number() * b.number());
        if ((a.isString() || a.isSequence()) && (b.isInt() || b.isBool()))
            return repeat(a, b.intValue());
        if ((b.isString() || b.isSequence()) && (a.isInt() || a.isBool()))
            return repeat(b, a.intValue());
        unsupported(op, a, b);
    case BinaryOp::Div:
        if (nums) {
            if (b.number() == 0)
                fail("division by zero");
            return Value(a.number() / b.number());
        }
        unsupported(op, a, b);
    case BinaryOp::FloorDiv:
        if (ints) {
            const std::int64_t x = a.intValue(), y = b.intValue();
            if (y == 0)
                fail("integer division or modulo by zero");
            std::int64_t q = x / y;
            if ((x % y != 0) && ((x < 0) != (y < 0)))
                --q;
            return Value(q);
        }
        if (nums) {
            if (b.number() == 0)
                fail("float floor division by zero");
            return Value(pyFloatFloorDiv(a.number(), b.number()));
        }
        unsupported(op, a, b);
    case BinaryOp::Mod:
        if (ints) {
            const std::int64_t x = a.intValue(), y = b.intValue();
            if (y == 0)
                fail("integer division or modulo by zero");
            std::int64_t r = x % y;
            if (r != 0 && ((r < 0) != (y < 0)))
                r += y;
            return Value(r);
        }
        if (nums) {
            if (b.number() == 0)
                fail("float modulo");
            return Value(pyFloatMod(a.number(), b.number()));
        }
        if (a.isString())
            return Value(percentFormat(a.str(), b));
        unsupported(op, a, b);
    case BinaryOp::Pow:
        if (ints && b.intValue() >= 0)
            return intPow(a.intValue(), b.intValue());
        if (nums) {
            if (a.number() == 0 && b.number() < 0)
                fail("0.0 cannot be raised to a negative power");
            return Value(std::pow(a.number(), b.number()));
        }
        unsupported(op, a, b);
    case BinaryOp::Concat: return Value(toStr(a) + toStr(b));
    case BinaryOp::And:
    case BinaryOp::Or: break; // short-circuiting; handled by the interpreter
    }
    unsupported(op, a, b);
}

Value negate(const Value& v)
{
    if (v.isInt() || v.isBool())
        return Value(-v.intValue());
    if (v.isFloat())
        return Value(-v.number());
    if (v.isUndefined())
        fail(v.undefinedHint().empty() ? "value is undefined" : v.undefinedHint());
    fail("bad operand type for unary -: '" + v.typeName() + "'");
}

bool compare(CompareOp op, const Value& a, const Value& b)
{
    switch (op) {
    case CompareOp::Eq: return equals(a, b);
    case CompareOp::Ne: return !equals(a, b);
    case CompareOp::In: return contains(b, a);
    case CompareOp::NotIn: return !contains(b, a);
    default: break;
    }
    const char* symbol = op == CompareOp::Lt ? "<" : op == CompareOp::Le ? "<=" : op == CompareOp::Gt ? ">" : ">=";
    const bool orderable = (a.isNumber() && b.isNumber()) || (a.isString() && b.isString()) ||
        (a.isSequence() && a.kind() == b.kind());
    if (!orderable) {
        if (a.isUndefined() || b.isUndefined()) {
            const Value& u = a.isUndefined() ? a : b;
            fail(u.undefinedHint().empty() ? "value is undefined" : u.undefinedHint());
        }
        fail(std::string("'") + symbol + "' not supported between instances of '" + a.typeName() + "' and '" +
            b.typeName() + "'");
    }
    switch (op) {
    case CompareOp::Lt: return lessThan(a, b, symbol);
    case CompareOp::Le: return lessThan(a, b, symbol) || equals(a, b);
    case CompareOp::Gt: return lessThan(b, a, symbol);
    default: return lessThan(b, a, symbol) || equals(a, b);
    }
}

bool contains(const Value& container, const Value& item)
{
    switch (container.kind()) {
    case Value::Kind::Undefined: return false;
    case Value::Kind::String:
        if (!item.isString())
            fail("'in <string>' requires string as left operand, not " + item.typeName());
        return container.str().find(item.str()) != std::string::npos;
    case Value::Kind::List:
    case Value::Kind::Tuple:
        for (const auto& element : container.items().items)
            if (equals(element, item))
                return true;
        return false;
    case Value::Kind::Dict:
        if (item.isList() || item.isDict())
            fail("unhashable type: '" + item.typeName() + "'");
        return container.dictData().find(item) != nullptr;
    default: fail("argument of type '" + container.typeName() + "' is not iterable");
    }
}

namespace {

std::string objectDescription(const Value& v)
{
    if (v.isNone())
        return "'None'";
    return "'" + v.typeName() + " object'";
}

Value missingAttribute(const Value& object, const std::string& what)
{
    return Value::undefined(objectDescription(object) + " has no attribute " + what);
}

} // namespace

Value getAttr(const Value& object, const std::string& name)
{
    switch (object.kind()) {
    case Value::Kind::Undefined: return object; // lenient: `a.b.c` on undefined `a` stays undefined
    case Value::Kind::Dict:
        if (!hasMethod(object, name)) {
            if (const Value* v = object.dictData().findKey(name))
                return *v;
            return missingAttribute(object, pyRepr(name));
        }
        break;
    case Value::Kind::Object:
        if (const Value* v = object.objectData().attrs.findKey(name))
            return *v;
        return missingAttribute(object, pyRepr(name));
    default: break;
    }
    if (hasMethod(object, name)) {
        return Value::function(name, [object, name](Interpreter&, CallArgs& args) {
            return callMethod(object, name, args);
        });
    }
    return missingAttribute(object, pyRepr(name));
}

Value getItem(const Value& object, const Value& index)
{
    switch (object.kind()) {
    case Value::Kind::Undefined: return object;
    case Value::Kind::Dict:
        if (const Value* v = object.dictData().find(index))
            return *v;
        break;
    case Value::Kind::Object:
        if (index.isString())
            return getAttr(object, index.str());
        break;
    case Value::Kind::List:
    case Value::Kind::Tuple:
    case Value::Kind::String:
        if (index.isInt() || index.isBool()) {
            std::int64_t i = index.intValue();
            if (object.isString()) {
                const std::vector<size_t> offsets = codePointOffsets(object.str());
                const auto n = static_cast<std::int64_t>(offsets.size()) - 1;
                if (i < 0)
                    i += n;
                if (i >= 0 && i < n) {
                    const auto k = static_cast<size_t>(i);
                    return Value(object.str().substr(offsets[k], offsets[k + 1] - offsets[k]));
                }
            } else {
                const auto& items = object.items().items;
                const auto n = static_cast<std::int64_t>(items.size());
                if (i < 0)
                    i += n;
                if (i >= 0 && i < n)
                    return items[static_cast<size_t>(i)];
            }
        } else if (index.isString()) {
            return getAttr(object, index.str());
        }
        break;
    default: break;
    }
    return missingAttribute(object, index.isString() ? pyRepr(index.str()) : toStr(index));
}

std::vector<std::int64_t> sliceIndices(std::int64_t length, const Value& start, const Value& stop, const Value& step)
{
    auto asIndex = [](const Value& v, const char* what) -> std::optional<std::int64_t> {
        if (v.isUndefined() || v.isNone())
            return std::nullopt;
        if (!v.isInt() && !v.isBool())
            fail(std::string("slice ") + what + " must be an integer or None");
        return v.intValue();
    };
    const std::int64_t s = asIndex(step, "step").value_or(1);
    if (s == 0)
        fail("slice step cannot be zero");
    auto clampIndex = [&](std::optional<std::int64_t> v, std::int64_t dflt) {
        if (!v)
            return dflt;
        std::int64_t i = *v;
        if (i < 0) {
            i += length;
            if (i < 0)
                i = s < 0 ? -1 : 0;
        } else if (i >= length) {
            i = s < 0 ? length - 1 : length;
        }
        return i;
    };
    const std::int64_t from = clampIndex(asIndex(start, "indices"), s < 0 ? length - 1 : 0);
    const std::int64_t to = clampIndex(asIndex(stop, "indices"), s < 0 ? -1 : length);
    std::vector<std::int64_t> out;
    if (s > 0)
        for (std::int64_t i = from; i < to; i += s)
            out.push_back(i);
    else
        for (std::int64_t i = from; i > to; i += s)
            out.push_back(i);
    return out;
}

Value slice(const Value& object, const Value& start, const Value& stop, const Value& step)
{
    if (object.isString()) {
        const std::string& s = object.str();
        const std::vector<size_t> offsets = codePointOffsets(s);
        std::string out;
        for (std::int64_t i : sliceIndices(static_cast<std::int64_t>(offsets.size()) - 1, start, stop, step)) {
            const auto k = static_cast<size_t>(i);
            out.append(s, offsets[k], offsets[k + 1] - offsets[k]);
        }
        return Value(std::move(out));
    }
    if (object.isSequence()) {
        const auto& items = object.items().items;
        std::vector<Value> out;
        for (std::int64_t i : sliceIndices(static_cast<std::int64_t>(items.size()), start, stop, step))
            out.push_back(items[static_cast<size_t>(i)]);
        return object.isTuple() ? Value::tuple(std::move(out)) : Value::list(std::move(out));
    }
    if (object.isUndefined())
        return object;
    // Jinja compiles slices to plain Python subscripts, so unlike `x[i]` they fail loudly.
    if (object.isDict())
        fail("unhashable type: 'slice'");
    fail("'" + object.typeName() + "' object is not subscriptable");
}

} // namespace hearth::tmpl
