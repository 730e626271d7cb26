// Expression evaluation for the interpreter (statements are in interpreter.cpp).

#include "template/builtins.h"
#include "template/errors.h"
#include "template/interpreter.h"
#include "template/operators.h"

namespace hearth::tmpl {

Value Interpreter::eval(const Expr& expr, Scope& scope)
{
    try {
        return evalExpr(expr, scope);
    } catch (RenderError& e) {
        if (e.line() == 0)
            e.setLine(expr.line);
        throw;
    }
}

Value Interpreter::evalExpr(const Expr& expr, Scope& scope)
{
    switch (expr.kind) {
    case Expr::Kind::Literal: return static_cast<const LiteralExpr&>(expr).value;
    case Expr::Kind::Name: {
        const std::string& name = static_cast<const NameExpr&>(expr).name;
        if (const Value* v = scope.lookup(name))
            return *v;
        return Value::undefined("'" + name + "' is undefined");
    }
    case Expr::Kind::List:
    case Expr::Kind::Tuple: {
        std::vector<Value> items;
        for (const auto& item : static_cast<const SequenceExpr&>(expr).items)
            items.push_back(eval(*item, scope));
        return expr.kind == Expr::Kind::List ? Value::list(std::move(items)) : Value::tuple(std::move(items));
    }
    case Expr::Kind::Dict: {
        Value dict = Value::dict();
        for (const auto& [key, value] : static_cast<const DictExpr&>(expr).entries) {
            Value k = eval(*key, scope);
            dict.dictData().set(k, eval(*value, scope));
        }
        return dict;
    }
    case Expr::Kind::GetAttr: {
        const auto& e = static_cast<const GetAttrExpr&>(expr);
        return getAttr(eval(*e.object, scope), e.name);
    }
    case Expr::Kind::GetItem: {
        const auto& e = static_cast<const GetItemExpr&>(expr);
        const Value object = eval(*e.object, scope);
        return getItem(object, eval(*e.index, scope));
    }
    case Expr::Kind::Slice: {
        const auto& e = static_cast<const SliceExpr&>(expr);
        const Value object = eval(*e.object, scope);
        const Value start = e.start ? eval(*e.start, scope) : Value(nullptr);
        const Value stop = e.stop ? eval(*e.stop, scope) : Value(nullptr);
        const Value step = e.step ? eval(*e.step, scope) : Value(nullptr);
        return slice(object, start, stop, step);
    }
    case Expr::Kind::Call: {
        const auto& e = static_cast<const CallExpr&>(expr);
        const Value callee = eval(*e.callee, scope);
        CallArgs args = evalArgs(e.args, scope);
        return call(callee, args);
    }
    case Expr::Kind::Filter: {
        const auto& e = static_cast<const FilterExpr&>(expr);
        return applyFilter(e.filter, eval(*e.operand, scope), scope);
    }
    case Expr::Kind::Test: {
        const auto& e = static_cast<const TestExpr&>(expr);
        const TestFunction test = findTest(e.name);
        if (!test)
            fail("unknown test '" + e.name + "'");
        const Value subject = eval(*e.operand, scope);
        CallArgs args = evalArgs(e.args, scope);
        return Value(test(subject, args) != e.negated);
    }
    case Expr::Kind::Not: return Value(!eval(*static_cast<const UnaryExpr&>(expr).operand, scope).truthy());
    case Expr::Kind::Negate: return negate(eval(*static_cast<const UnaryExpr&>(expr).operand, scope));
    case Expr::Kind::Plus: {
        Value v = eval(*static_cast<const UnaryExpr&>(expr).operand, scope);
        if (!v.isNumber())
            fail("bad operand type for unary +: '" + v.typeName() + "'");
        return v.isBool() ? Value(v.intValue()) : v;
    }
    case Expr::Kind::Binary: {
        const auto& e = static_cast<const BinaryExpr&>(expr);
        Value left = eval(*e.left, scope);
        // `and`/`or` return an operand, not a bool, exactly as in Python.
        if (e.op == BinaryOp::And)
            return left.truthy() ? eval(*e.right, scope) : left;
        if (e.op == BinaryOp::Or)
            return left.truthy() ? left : eval(*e.right, scope);
        return binaryOp(e.op, left, eval(*e.right, scope));
    }
    case Expr::Kind::Compare: return evalCompare(static_cast<const CompareExpr&>(expr), scope);
    case Expr::Kind::Conditional: {
        const auto& e = static_cast<const ConditionalExpr&>(expr);
        if (eval(*e.condition, scope).truthy())
            return eval(*e.then, scope);
        if (e.otherwise)
            return eval(*e.otherwise, scope);
        return Value::undefined("the inline if-expression evaluated to false and no else section was defined");
    }
    }
    fail("unsupported expression");
}

Value Interpreter::evalCompare(const CompareExpr& expr, Scope& scope)
{
    Value left = eval(*expr.first, scope);
    for (const auto& [op, operand] : expr.rest) {
        Value right = eval(*operand, scope);
        if (!compare(op, left, right))
            return Value(false);
        left = std::move(right);
    }
    return Value(true);
}

CallArgs Interpreter::evalArgs(const std::vector<Argument>& args, Scope& scope)
{
    CallArgs out;
    for (const auto& arg : args) {
        Value v = eval(*arg.value, scope);
        switch (arg.kind) {
        case Argument::Kind::Positional: out.positional.push_back(std::move(v)); break;
        case Argument::Kind::Keyword: out.keywords.emplace_back(arg.name, std::move(v)); break;
        case Argument::Kind::Star:
            for (auto& item : iterate(v))
                out.positional.push_back(std::move(item));
            break;
        case Argument::Kind::DoubleStar:
            if (!v.isDict())
                fail("argument after ** must be a mapping, not " + v.typeName());
            for (const auto& [key, value] : v.dictData().entries)
                out.keywords.emplace_back(toStr(key), value);
            break;
        }
    }
    return out;
}

Value Interpreter::applyFilter(const FilterCall& filter, Value subject, Scope& scope)
{
    try {
        const FilterFunction fn = findFilter(filter.name);
        if (!fn)
            fail("unknown filter '" + filter.name + "'");
        CallArgs args = evalArgs(filter.args, scope);
        return fn(subject, args);
    } catch (RenderError& e) {
        if (e.line() == 0)
            e.setLine(filter.line);
        throw;
    }
}

} // namespace hearth::tmpl
