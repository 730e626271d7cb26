#pragma once

// Tree-walking interpreter for a parsed template. Scoping follows Jinja:
// each loop iteration, macro call and block-set body gets a fresh scope whose
// assignments vanish when it ends (hence `namespace()` in real templates),
// while `if` shares the scope it is in.

#include "template/ast.h"
#include "template/value.h"

#include <deque>
#include <string>
#include <unordered_map>

namespace hearth::tmpl {

struct Scope {
    Scope* parent = nullptr;
    std::unordered_map<std::string, Value> vars;

    const Value* lookup(const std::string& name) const
    {
        for (const Scope* s = this; s; s = s->parent) {
            auto it = s->vars.find(name);
            if (it != s->vars.end())
                return &it->second;
        }
        return nullptr;
    }
    void set(const std::string& name, Value value) { vars[name] = std::move(value); }
};

class Interpreter {
public:
    // `globals` outlives the interpreter; the program's top level runs in it.
    Interpreter(const Program& program, Scope& globals) : program_(program), globals_(globals) {}

    std::string render();

    Value eval(const Expr& expr, Scope& scope);
    Value call(const Value& callee, CallArgs& args);

private:
    enum class Flow { Normal, Break, Continue };

    Scope& newScope(Scope& parent);
    Flow execBody(const Body& body, Scope& scope, std::string& out);
    Flow exec(const Stmt& stmt, Scope& scope, std::string& out);
    Flow execFor(const ForStmt& stmt, Scope& scope, std::string& out);
    void execCallBlock(const CallBlockStmt& stmt, Scope& scope, std::string& out);
    void assign(const Expr& target, Value value, Scope& scope);
    Value makeMacro(const std::string& name, const std::vector<Parameter>& params, const Body& body, Scope& closure);
    Value invokeMacro(const std::string& name, const std::vector<Parameter>& params, const Body& body,
        Scope& closure, CallArgs& args);

    Value evalExpr(const Expr& expr, Scope& scope);
    CallArgs evalArgs(const std::vector<Argument>& args, Scope& scope);
    Value applyFilter(const FilterCall& filter, Value subject, Scope& scope);
    Value evalCompare(const CompareExpr& expr, Scope& scope);

    const Program& program_;
    Scope& globals_;
    // Scopes live until the render ends: macros keep a pointer to the scope
    // they were defined in, and this avoids reference cycles between them.
    std::deque<Scope> scopes_;
    int callDepth_ = 0;
};

} // namespace hearth::tmpl
