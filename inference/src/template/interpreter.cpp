#include "template/interpreter.h"

#include "template/errors.h"

namespace hearth::tmpl {

namespace {

// Deep macro recursion means a runaway template; stop it before the stack
// does. Each level costs a few KB of stack (more in debug builds), and real
// templates recurse a handful of levels (gpt-oss: JSON schema depth).
constexpr int kMaxCallDepth = 100;

// Stamps the line of the innermost statement onto an error that has none yet.
template <typename F>
auto withLine(int line, F&& f) -> decltype(f())
{
    try {
        return f();
    } catch (RenderError& e) {
        if (e.line() == 0)
            e.setLine(line);
        throw;
    }
}

} // namespace

std::string Interpreter::render()
{
    std::string out;
    execBody(program_.body, globals_, out);
    return out;
}

Scope& Interpreter::newScope(Scope& parent)
{
    scopes_.emplace_back();
    scopes_.back().parent = &parent;
    return scopes_.back();
}

Interpreter::Flow Interpreter::execBody(const Body& body, Scope& scope, std::string& out)
{
    for (const auto& stmt : body) {
        const Flow flow = exec(*stmt, scope, out);
        if (flow != Flow::Normal)
            return flow;
    }
    return Flow::Normal;
}

Interpreter::Flow Interpreter::exec(const Stmt& stmt, Scope& scope, std::string& out)
{
    return withLine(stmt.line, [&]() -> Flow {
        switch (stmt.kind) {
        case Stmt::Kind::Text: out += static_cast<const TextStmt&>(stmt).text; return Flow::Normal;
        case Stmt::Kind::Output:
            out += toStr(eval(*static_cast<const OutputStmt&>(stmt).expr, scope));
            return Flow::Normal;
        case Stmt::Kind::If: {
            const auto& s = static_cast<const IfStmt&>(stmt);
            for (const auto& [condition, body] : s.branches)
                if (eval(*condition, scope).truthy())
                    return execBody(body, scope, out);
            return execBody(s.otherwise, scope, out);
        }
        case Stmt::Kind::For: return execFor(static_cast<const ForStmt&>(stmt), scope, out);
        case Stmt::Kind::Set: {
            const auto& s = static_cast<const SetStmt&>(stmt);
            assign(*s.target, eval(*s.value, scope), scope);
            return Flow::Normal;
        }
        case Stmt::Kind::SetBlock: {
            const auto& s = static_cast<const SetBlockStmt&>(stmt);
            std::string text;
            execBody(s.body, newScope(scope), text);
            Value value(std::move(text));
            for (const auto& filter : s.filters)
                value = applyFilter(filter, std::move(value), scope);
            assign(*s.target, std::move(value), scope);
            return Flow::Normal;
        }
        case Stmt::Kind::Macro: {
            const auto& s = static_cast<const MacroStmt&>(stmt);
            scope.set(s.name, makeMacro(s.name, s.params, s.body, scope));
            return Flow::Normal;
        }
        case Stmt::Kind::CallBlock:
            execCallBlock(static_cast<const CallBlockStmt&>(stmt), scope, out);
            return Flow::Normal;
        case Stmt::Kind::FilterBlock: {
            const auto& s = static_cast<const FilterBlockStmt&>(stmt);
            std::string text;
            execBody(s.body, newScope(scope), text);
            Value value(std::move(text));
            for (const auto& filter : s.filters)
                value = applyFilter(filter, std::move(value), scope);
            out += toStr(value);
            return Flow::Normal;
        }
        case Stmt::Kind::Break: return Flow::Break;
        case Stmt::Kind::Continue: return Flow::Continue;
        case Stmt::Kind::With: {
            const auto& s = static_cast<const WithStmt&>(stmt);
            std::vector<Value> values;
            for (const auto& assignment : s.assignments)
                values.push_back(eval(*assignment.second, scope));
            Scope& inner = newScope(scope);
            for (size_t i = 0; i < values.size(); ++i)
                assign(*s.assignments[i].first, std::move(values[i]), inner);
            return execBody(s.body, inner, out);
        }
        case Stmt::Kind::Do: eval(*static_cast<const DoStmt&>(stmt).expr, scope); return Flow::Normal;
        case Stmt::Kind::Scope: return execBody(static_cast<const ScopeStmt&>(stmt).body, newScope(scope), out);
        }
        return Flow::Normal;
    });
}

namespace {

Value makeLoopObject(const std::vector<Value>& items, size_t i)
{
    const auto n = static_cast<std::int64_t>(items.size());
    const auto k = static_cast<std::int64_t>(i);
    Value loop = Value::object("LoopContext");
    DictData& a = loop.objectData().attrs;
    a.entries.reserve(14);
    a.entries.emplace_back("index", Value(k + 1));
    a.entries.emplace_back("index0", Value(k));
    a.entries.emplace_back("revindex", Value(n - k));
    a.entries.emplace_back("revindex0", Value(n - k - 1));
    a.entries.emplace_back("first", Value(i == 0));
    a.entries.emplace_back("last", Value(i + 1 == items.size()));
    a.entries.emplace_back("length", Value(n));
    a.entries.emplace_back("depth", Value(1));
    a.entries.emplace_back("depth0", Value(0));
    if (i > 0)
        a.entries.emplace_back("previtem", items[i - 1]);
    if (i + 1 < items.size())
        a.entries.emplace_back("nextitem", items[i + 1]);
    a.entries.emplace_back("cycle", Value::function("cycle", [k](Interpreter&, CallArgs& args) -> Value {
        if (args.positional.empty())
            fail("no items for cycling given");
        return args.positional[static_cast<size_t>(k) % args.positional.size()];
    }));
    return loop;
}

} // namespace

Interpreter::Flow Interpreter::execFor(const ForStmt& stmt, Scope& scope, std::string& out)
{
    std::vector<Value> items = iterate(eval(*stmt.iterable, scope));
    if (stmt.condition) {
        std::vector<Value> kept;
        for (auto& item : items) {
            Scope& probe = newScope(scope);
            assign(*stmt.target, item, probe);
            if (eval(*stmt.condition, probe).truthy())
                kept.push_back(std::move(item));
        }
        items = std::move(kept);
    }
    if (items.empty())
        return execBody(stmt.otherwise, newScope(scope), out);
    for (size_t i = 0; i < items.size(); ++i) {
        Scope& iteration = newScope(scope);
        iteration.set("loop", makeLoopObject(items, i));
        assign(*stmt.target, items[i], iteration);
        if (execBody(stmt.body, iteration, out) == Flow::Break)
            break;
    }
    return Flow::Normal;
}

void Interpreter::assign(const Expr& target, Value value, Scope& scope)
{
    switch (target.kind) {
    case Expr::Kind::Name: scope.set(static_cast<const NameExpr&>(target).name, std::move(value)); return;
    case Expr::Kind::Tuple: {
        const auto& names = static_cast<const SequenceExpr&>(target).items;
        std::vector<Value> parts = iterate(value);
        if (parts.size() != names.size())
            fail(parts.size() < names.size()
                    ? "not enough values to unpack (expected " + std::to_string(names.size()) + ", got " +
                        std::to_string(parts.size()) + ")"
                    : "too many values to unpack (expected " + std::to_string(names.size()) + ")");
        for (size_t i = 0; i < names.size(); ++i)
            assign(*names[i], std::move(parts[i]), scope);
        return;
    }
    case Expr::Kind::GetAttr: {
        const auto& attr = static_cast<const GetAttrExpr&>(target);
        const Value object = eval(*attr.object, scope);
        if (!object.isObject() || object.objectData().typeName != "Namespace")
            fail("cannot assign attribute on non-namespace object");
        object.objectData().attrs.set(Value(attr.name), std::move(value));
        return;
    }
    default: fail("cannot assign to this expression");
    }
}

Value Interpreter::makeMacro(const std::string& name, const std::vector<Parameter>& params, const Body& body,
    Scope& closure)
{
    Scope* closurePtr = &closure;
    return Value::function(name, [this, &name, &params, &body, closurePtr](Interpreter&, CallArgs& args) {
        return invokeMacro(name, params, body, *closurePtr, args);
    });
}

Value Interpreter::invokeMacro(const std::string& name, const std::vector<Parameter>& params, const Body& body,
    Scope& closure, CallArgs& args)
{
    if (callDepth_ >= kMaxCallDepth)
        fail("maximum macro recursion depth exceeded in '" + name + "'");
    Scope& scope = newScope(closure);
    std::vector<bool> bound(params.size(), false);
    std::vector<Value> varargs;
    for (size_t i = 0; i < args.positional.size(); ++i) {
        if (i < params.size()) {
            scope.set(params[i].name, args.positional[i]);
            bound[i] = true;
        } else {
            varargs.push_back(args.positional[i]);
        }
    }
    Value kwargs = Value::dict();
    for (auto& [key, value] : args.keywords) {
        size_t k = 0;
        while (k < params.size() && params[k].name != key)
            ++k;
        if (k < params.size()) {
            if (bound[k])
                fail("macro '" + name + "' got multiple values for argument '" + key + "'");
            scope.set(key, value);
            bound[k] = true;
        } else if (key == "caller") {
            scope.set("caller", value);
        } else {
            kwargs.dictData().set(Value(key), value);
        }
    }
    for (size_t k = 0; k < params.size(); ++k) {
        if (bound[k])
            continue;
        if (params[k].defaultValue)
            scope.set(params[k].name, eval(*params[k].defaultValue, scope));
        else
            scope.set(params[k].name, Value::undefined("parameter '" + params[k].name + "' was not provided"));
    }
    scope.set("varargs", Value::tuple(std::move(varargs)));
    scope.set("kwargs", std::move(kwargs));
    std::string out;
    ++callDepth_;
    try {
        execBody(body, scope, out);
    } catch (...) {
        --callDepth_;
        throw;
    }
    --callDepth_;
    return Value(std::move(out));
}

void Interpreter::execCallBlock(const CallBlockStmt& stmt, Scope& scope, std::string& out)
{
    const auto& call = static_cast<const CallExpr&>(*stmt.call);
    const Value callee = eval(*call.callee, scope);
    CallArgs args = evalArgs(call.args, scope);
    args.keywords.emplace_back("caller", makeMacro("caller", stmt.params, stmt.body, scope));
    out += toStr(this->call(callee, args));
}

Value Interpreter::call(const Value& callee, CallArgs& args)
{
    if (callee.isFunction())
        return callee.functionData().call(*this, args);
    if (callee.isUndefined())
        fail(callee.undefinedHint().empty() ? "called an undefined value" : callee.undefinedHint());
    fail("'" + callee.typeName() + "' object is not callable");
}

} // namespace hearth::tmpl
