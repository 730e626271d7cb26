#pragma once

// The parsed form of a template. Nodes are plain structs tagged with a kind;
// the interpreter switches on the kind. Every node keeps its source line for
// error messages.

#include "template/value.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hearth::tmpl {

struct Expr;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

// One argument at a call site: `expr`, `name=expr`, `*expr` or `**expr`.
struct Argument {
    enum class Kind { Positional, Keyword, Star, DoubleStar };
    Kind kind = Kind::Positional;
    std::string name;
    ExprPtr value;
};

// A filter application `| name(args)`.
struct FilterCall {
    std::string name;
    std::vector<Argument> args;
    int line = 0;
};

struct Expr {
    enum class Kind {
        Literal, Name, List, Tuple, Dict, GetAttr, GetItem, Slice, Call, Filter, Test,
        Not, Negate, Plus, Binary, Compare, Conditional
    };
    Expr(Kind k, int l) : kind(k), line(l) {}
    virtual ~Expr() = default;
    Kind kind;
    int line;
};

struct LiteralExpr : Expr {
    LiteralExpr(Value v, int l) : Expr(Kind::Literal, l), value(std::move(v)) {}
    Value value;
};

struct NameExpr : Expr {
    NameExpr(std::string n, int l) : Expr(Kind::Name, l), name(std::move(n)) {}
    std::string name;
};

// List or tuple display, depending on kind.
struct SequenceExpr : Expr {
    using Expr::Expr;
    std::vector<ExprPtr> items;
};

struct DictExpr : Expr {
    explicit DictExpr(int l) : Expr(Kind::Dict, l) {}
    std::vector<std::pair<ExprPtr, ExprPtr>> entries;
};

struct GetAttrExpr : Expr {
    GetAttrExpr(ExprPtr o, std::string n, int l) : Expr(Kind::GetAttr, l), object(std::move(o)), name(std::move(n)) {}
    ExprPtr object;
    std::string name;
};

struct GetItemExpr : Expr {
    GetItemExpr(ExprPtr o, ExprPtr i, int l) : Expr(Kind::GetItem, l), object(std::move(o)), index(std::move(i)) {}
    ExprPtr object;
    ExprPtr index;
};

struct SliceExpr : Expr {
    explicit SliceExpr(int l) : Expr(Kind::Slice, l) {}
    ExprPtr object;
    ExprPtr start, stop, step; // each may be null
};

struct CallExpr : Expr {
    explicit CallExpr(int l) : Expr(Kind::Call, l) {}
    ExprPtr callee;
    std::vector<Argument> args;
};

struct FilterExpr : Expr {
    explicit FilterExpr(int l) : Expr(Kind::Filter, l) {}
    ExprPtr operand;
    FilterCall filter;
};

struct TestExpr : Expr {
    explicit TestExpr(int l) : Expr(Kind::Test, l) {}
    ExprPtr operand;
    std::string name;
    std::vector<Argument> args;
    bool negated = false;
};

// Not, Negate and Plus.
struct UnaryExpr : Expr {
    UnaryExpr(Kind k, ExprPtr o, int l) : Expr(k, l), operand(std::move(o)) {}
    ExprPtr operand;
};

enum class BinaryOp { Add, Sub, Mul, Div, FloorDiv, Mod, Pow, Concat, And, Or };

struct BinaryExpr : Expr {
    BinaryExpr(BinaryOp o, ExprPtr a, ExprPtr b, int l)
        : Expr(Kind::Binary, l), op(o), left(std::move(a)), right(std::move(b)) {}
    BinaryOp op;
    ExprPtr left, right;
};

enum class CompareOp { Eq, Ne, Lt, Le, Gt, Ge, In, NotIn };

// `a < b <= c`: evaluated like Python's chained comparison.
struct CompareExpr : Expr {
    explicit CompareExpr(int l) : Expr(Kind::Compare, l) {}
    ExprPtr first;
    std::vector<std::pair<CompareOp, ExprPtr>> rest;
};

struct ConditionalExpr : Expr {
    explicit ConditionalExpr(int l) : Expr(Kind::Conditional, l) {}
    ExprPtr condition, then, otherwise; // otherwise may be null: undefined
};

struct Parameter {
    std::string name;
    ExprPtr defaultValue; // null when required
};

struct Stmt {
    enum class Kind {
        Text, Output, If, For, Set, SetBlock, Macro, CallBlock, FilterBlock, Break, Continue, With, Do, Scope
    };
    Stmt(Kind k, int l) : kind(k), line(l) {}
    virtual ~Stmt() = default;
    Kind kind;
    int line;
};

struct TextStmt : Stmt {
    TextStmt(std::string t, int l) : Stmt(Kind::Text, l), text(std::move(t)) {}
    std::string text;
};

struct OutputStmt : Stmt {
    OutputStmt(ExprPtr e, int l) : Stmt(Kind::Output, l), expr(std::move(e)) {}
    ExprPtr expr;
};

struct IfStmt : Stmt {
    explicit IfStmt(int l) : Stmt(Kind::If, l) {}
    std::vector<std::pair<ExprPtr, Body>> branches; // if, then each elif
    Body otherwise;
};

struct ForStmt : Stmt {
    explicit ForStmt(int l) : Stmt(Kind::For, l) {}
    ExprPtr target; // Name or Tuple of Names
    ExprPtr iterable;
    ExprPtr condition; // `for x in xs if cond`, may be null
    Body body;
    Body otherwise;
};

struct SetStmt : Stmt {
    explicit SetStmt(int l) : Stmt(Kind::Set, l) {}
    ExprPtr target; // Name, Tuple of Names, or GetAttr of a namespace
    ExprPtr value;
};

struct SetBlockStmt : Stmt {
    explicit SetBlockStmt(int l) : Stmt(Kind::SetBlock, l) {}
    ExprPtr target;
    std::vector<FilterCall> filters;
    Body body;
};

struct MacroStmt : Stmt {
    explicit MacroStmt(int l) : Stmt(Kind::Macro, l) {}
    std::string name;
    std::vector<Parameter> params;
    Body body;
};

struct CallBlockStmt : Stmt {
    explicit CallBlockStmt(int l) : Stmt(Kind::CallBlock, l) {}
    ExprPtr call; // a CallExpr
    std::vector<Parameter> params; // of the `caller` macro
    Body body;
};

struct FilterBlockStmt : Stmt {
    explicit FilterBlockStmt(int l) : Stmt(Kind::FilterBlock, l) {}
    std::vector<FilterCall> filters;
    Body body;
};

struct WithStmt : Stmt {
    explicit WithStmt(int l) : Stmt(Kind::With, l) {}
    std::vector<std::pair<ExprPtr, ExprPtr>> assignments; // target, value
    Body body;
};

struct DoStmt : Stmt {
    DoStmt(ExprPtr e, int l) : Stmt(Kind::Do, l), expr(std::move(e)) {}
    ExprPtr expr;
};

// A body rendered in its own scope; `{% generation %}` from Hugging Face.
struct ScopeStmt : Stmt {
    explicit ScopeStmt(int l) : Stmt(Kind::Scope, l) {}
    Body body;
};

struct SimpleStmt : Stmt { // Break, Continue
    using Stmt::Stmt;
};

struct Program {
    Body body;
};

} // namespace hearth::tmpl
