#pragma once

// The parser's class, shared by parser.cpp (statements) and
// parser_expressions.cpp (expressions).

#include "template/ast.h"
#include "template/errors.h"
#include "template/lexer.h"

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::tmpl {

// Deeper nesting than this is not a chat template but an attempt to exhaust
// the stack (the parser and the interpreter both recurse on nesting).
constexpr int kMaxNesting = 200;

// A token as an error message names it.
std::string describe(const Token& t);

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : toks_(std::move(tokens)) {}

    std::unique_ptr<Program> run();

private:
    const Token& cur() const { return toks_[pos_]; }
    const Token& peek(size_t n = 1) const { return toks_[std::min(pos_ + n, toks_.size() - 1)]; }
    const Token& next() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }
    bool atOp(std::string_view op) const { return cur().type == TokenType::Operator && cur().text == op; }
    bool atName(std::string_view name) const { return cur().type == TokenType::Name && cur().text == name; }
    [[noreturn]] void error(const std::string& message) const { throw RenderError(message, cur().line); }
    void expectOp(std::string_view op);
    std::string expectName();
    void expectBlockEnd();

    struct NestingGuard {
        explicit NestingGuard(Parser& p) : parser(p)
        {
            if (++parser.nesting_ > kMaxNesting)
                parser.error("the template nests too deeply");
        }
        ~NestingGuard() { --parser.nesting_; }
        NestingGuard(const NestingGuard&) = delete;
        NestingGuard& operator=(const NestingGuard&) = delete;
        Parser& parser;
    };

    // Statements (parser.cpp).
    // Parses statements until `{% <one of endTags>`; leaves the cursor after
    // that tag's name and reports which one it was in `endTag`.
    Body parseBody(std::initializer_list<std::string_view> endTags, std::string& endTag, std::string_view opener,
        int openLine);
    StmtPtr parseStatement();
    StmtPtr parseIf(int line);
    StmtPtr parseFor(int line);
    StmtPtr parseSet(int line);
    // `name`, `a, b`, `(a, b)` or, for set, `ns.attr`.
    ExprPtr parseAssignTarget(bool allowNamespaceAttr);
    std::vector<Parameter> parseSignature();
    StmtPtr parseMacro(int line);
    StmtPtr parseCallBlock(int line);
    StmtPtr parseFilterBlock(int line);
    StmtPtr parseWith(int line);

    // Expressions (parser_expressions.cpp), one function per precedence level.
    bool isTupleEnd(std::initializer_list<std::string_view> extraEnd) const;
    ExprPtr parseTuple(bool withCondexpr, bool explicitParens, std::initializer_list<std::string_view> extraEnd);
    ExprPtr parseExpression(bool withCondexpr);
    ExprPtr parseOr();
    ExprPtr parseAnd();
    ExprPtr parseNot();
    ExprPtr parseCompare();
    ExprPtr parseMath1();
    ExprPtr parseConcat();
    ExprPtr parseMath2();
    ExprPtr parsePow();
    ExprPtr parseUnary(bool withFilter);
    ExprPtr parsePrimary();
    ExprPtr parsePostfix(ExprPtr node);
    ExprPtr parseSubscript(ExprPtr object);
    std::vector<Argument> parseCallArgs();
    ExprPtr parseCall(ExprPtr callee);
    FilterCall parseFilterCall();
    ExprPtr parseFilterExpr(ExprPtr node);
    ExprPtr parseTest(ExprPtr operand);

    std::vector<Token> toks_;
    size_t pos_ = 0;
    int loopDepth_ = 0;
    int nesting_ = 0;
};

} // namespace hearth::tmpl
