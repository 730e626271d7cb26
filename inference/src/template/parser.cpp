#include "template/parser.h"

#include "template/parser_impl.h"

#include <algorithm>
#include <utility>

namespace hearth::tmpl {

std::string describe(const Token& t)
{
    switch (t.type) {
    case TokenType::Text: return "text";
    case TokenType::VarBegin: return "'{{'";
    case TokenType::VarEnd: return "end of print statement '}}'";
    case TokenType::BlockBegin: return "'{%'";
    case TokenType::BlockEnd: return "end of statement block '%}'";
    case TokenType::Name: return "'" + t.text + "'";
    case TokenType::String: return "string";
    case TokenType::Integer:
    case TokenType::Float: return "number " + t.text;
    case TokenType::Operator: return "'" + t.text + "'";
    case TokenType::End: return "end of template";
    }
    return "token";
}

void Parser::expectOp(std::string_view op)
{
    if (!atOp(op))
        error("expected '" + std::string(op) + "', got " + describe(cur()));
    next();
}

std::string Parser::expectName()
{
    if (cur().type != TokenType::Name)
        error("expected a name, got " + describe(cur()));
    return next().text;
}

void Parser::expectBlockEnd()
{
    if (cur().type != TokenType::BlockEnd)
        error("expected end of statement block '%}', got " + describe(cur()));
    next();
}

std::unique_ptr<Program> Parser::run()
{
    auto program = std::make_unique<Program>();
    std::string endTag;
    program->body = parseBody({}, endTag, "", 0);
    return program;
}

Body Parser::parseBody(std::initializer_list<std::string_view> endTags, std::string& endTag,
    std::string_view opener, int openLine)
{
    Body body;
    while (true) {
        const Token& t = cur();
        switch (t.type) {
        case TokenType::Text:
            body.push_back(std::make_unique<TextStmt>(t.text, t.line));
            next();
            break;
        case TokenType::VarBegin: {
            next();
            const int line = cur().line;
            ExprPtr expr = parseTuple(true, false, {});
            if (cur().type != TokenType::VarEnd)
                error("expected end of print statement '}}', got " + describe(cur()));
            next();
            body.push_back(std::make_unique<OutputStmt>(std::move(expr), line));
            break;
        }
        case TokenType::BlockBegin: {
            next();
            if (cur().type != TokenType::Name)
                error("expected a statement name after '{%', got " + describe(cur()));
            const std::string& name = cur().text;
            if (std::find(endTags.begin(), endTags.end(), name) != endTags.end()) {
                endTag = next().text;
                return body;
            }
            body.push_back(parseStatement());
            break;
        }
        case TokenType::End:
            if (endTags.size() != 0)
                error("unexpected end of template: the {% " + std::string(opener) + " %} on line " +
                    std::to_string(openLine) + " is never closed with {% " + std::string(*(endTags.end() - 1)) +
                    " %}");
            return body;
        default: error("unexpected " + describe(t));
        }
    }
}

StmtPtr Parser::parseStatement()
{
    NestingGuard guard(*this);
    const Token& t = cur();
    const std::string name = t.text;
    const int line = t.line;
    next();
    if (name == "if")
        return parseIf(line);
    if (name == "for")
        return parseFor(line);
    if (name == "set")
        return parseSet(line);
    if (name == "macro")
        return parseMacro(line);
    if (name == "call")
        return parseCallBlock(line);
    if (name == "filter")
        return parseFilterBlock(line);
    if (name == "with")
        return parseWith(line);
    if (name == "generation") {
        auto stmt = std::make_unique<ScopeStmt>(line);
        expectBlockEnd();
        std::string endTag;
        stmt->body = parseBody({"endgeneration"}, endTag, "generation", line);
        expectBlockEnd();
        return stmt;
    }
    if (name == "do") {
        auto stmt = std::make_unique<DoStmt>(parseTuple(true, false, {}), line);
        expectBlockEnd();
        return stmt;
    }
    if (name == "break" || name == "continue") {
        if (loopDepth_ == 0)
            throw RenderError("'" + name + "' outside of a loop", line);
        expectBlockEnd();
        return std::make_unique<SimpleStmt>(name == "break" ? Stmt::Kind::Break : Stmt::Kind::Continue, line);
    }
    static const char* const unsupported[] = {"include", "import", "from", "extends", "block", "autoescape"};
    for (const char* u : unsupported)
        if (name == u)
            throw RenderError("'" + name + "' is not supported in chat templates", line);
    if (name.rfind("end", 0) == 0 || name == "else" || name == "elif")
        throw RenderError("unexpected '" + name + "' without a matching opening tag", line);
    throw RenderError("unknown tag '" + name + "'", line);
}

StmtPtr Parser::parseIf(int line)
{
    auto stmt = std::make_unique<IfStmt>(line);
    ExprPtr condition = parseTuple(false, false, {});
    while (true) {
        expectBlockEnd();
        std::string endTag;
        Body body = parseBody({"elif", "else", "endif"}, endTag, "if", line);
        stmt->branches.emplace_back(std::move(condition), std::move(body));
        if (endTag == "elif") {
            condition = parseTuple(false, false, {});
            continue;
        }
        if (endTag == "else") {
            expectBlockEnd();
            stmt->otherwise = parseBody({"endif"}, endTag, "if", line);
        }
        expectBlockEnd();
        return stmt;
    }
}

StmtPtr Parser::parseFor(int line)
{
    auto stmt = std::make_unique<ForStmt>(line);
    stmt->target = parseAssignTarget(false);
    if (!atName("in"))
        error("expected 'in' in for loop, got " + describe(cur()));
    next();
    stmt->iterable = parseTuple(false, false, {"recursive"});
    if (atName("if")) {
        next();
        stmt->condition = parseExpression(true);
    }
    if (atName("recursive"))
        error("recursive loops are not supported");
    expectBlockEnd();
    std::string endTag;
    ++loopDepth_;
    stmt->body = parseBody({"else", "endfor"}, endTag, "for", line);
    --loopDepth_;
    if (endTag == "else") {
        expectBlockEnd();
        stmt->otherwise = parseBody({"endfor"}, endTag, "for", line);
    }
    expectBlockEnd();
    return stmt;
}

StmtPtr Parser::parseSet(int line)
{
    ExprPtr target = parseAssignTarget(true);
    if (atOp("=")) {
        next();
        auto stmt = std::make_unique<SetStmt>(line);
        stmt->target = std::move(target);
        stmt->value = parseTuple(true, false, {});
        expectBlockEnd();
        return stmt;
    }
    auto stmt = std::make_unique<SetBlockStmt>(line);
    stmt->target = std::move(target);
    while (atOp("|")) {
        next();
        stmt->filters.push_back(parseFilterCall());
    }
    expectBlockEnd();
    std::string endTag;
    stmt->body = parseBody({"endset"}, endTag, "set", line);
    expectBlockEnd();
    return stmt;
}

ExprPtr Parser::parseAssignTarget(bool allowNamespaceAttr)
{
    const int line = cur().line;
    if (allowNamespaceAttr && cur().type == TokenType::Name && peek().type == TokenType::Operator &&
        peek().text == ".") {
        auto object = std::make_unique<NameExpr>(next().text, line);
        next();
        return std::make_unique<GetAttrExpr>(std::move(object), expectName(), line);
    }
    auto tuple = std::make_unique<SequenceExpr>(Expr::Kind::Tuple, line);
    bool parenthesized = false;
    if (atOp("(")) {
        next();
        parenthesized = true;
    }
    while (true) {
        if (atOp("(")) {
            tuple->items.push_back(parseAssignTarget(false));
        } else {
            const int nameLine = cur().line;
            tuple->items.push_back(std::make_unique<NameExpr>(expectName(), nameLine));
        }
        if (!atOp(","))
            break;
        next();
        if (parenthesized ? atOp(")") : (atName("in") || atOp("=") || cur().type == TokenType::BlockEnd))
            break;
    }
    if (parenthesized)
        expectOp(")");
    if (tuple->items.size() == 1 && !parenthesized)
        return std::move(tuple->items.front());
    return tuple;
}

std::vector<Parameter> Parser::parseSignature()
{
    std::vector<Parameter> params;
    expectOp("(");
    while (!atOp(")")) {
        if (!params.empty())
            expectOp(",");
        if (atOp(")"))
            break;
        Parameter p;
        p.name = expectName();
        if (atOp("=")) {
            next();
            p.defaultValue = parseExpression(true);
        }
        params.push_back(std::move(p));
    }
    next();
    return params;
}

StmtPtr Parser::parseMacro(int line)
{
    auto stmt = std::make_unique<MacroStmt>(line);
    stmt->name = expectName();
    stmt->params = parseSignature();
    expectBlockEnd();
    std::string endTag;
    const int savedDepth = std::exchange(loopDepth_, 0);
    stmt->body = parseBody({"endmacro"}, endTag, "macro", line);
    loopDepth_ = savedDepth;
    if (cur().type == TokenType::Name)
        next(); // `{% endmacro name %}`
    expectBlockEnd();
    return stmt;
}

StmtPtr Parser::parseCallBlock(int line)
{
    auto stmt = std::make_unique<CallBlockStmt>(line);
    if (atOp("("))
        stmt->params = parseSignature();
    stmt->call = parseExpression(true);
    if (stmt->call->kind != Expr::Kind::Call)
        throw RenderError("expected a macro call after 'call'", line);
    expectBlockEnd();
    std::string endTag;
    const int savedDepth = std::exchange(loopDepth_, 0);
    stmt->body = parseBody({"endcall"}, endTag, "call", line);
    loopDepth_ = savedDepth;
    expectBlockEnd();
    return stmt;
}

StmtPtr Parser::parseFilterBlock(int line)
{
    auto stmt = std::make_unique<FilterBlockStmt>(line);
    stmt->filters.push_back(parseFilterCall());
    while (atOp("|")) {
        next();
        stmt->filters.push_back(parseFilterCall());
    }
    expectBlockEnd();
    std::string endTag;
    stmt->body = parseBody({"endfilter"}, endTag, "filter", line);
    expectBlockEnd();
    return stmt;
}

StmtPtr Parser::parseWith(int line)
{
    auto stmt = std::make_unique<WithStmt>(line);
    while (cur().type != TokenType::BlockEnd) {
        if (!stmt->assignments.empty())
            expectOp(",");
        ExprPtr target = parseAssignTarget(false);
        expectOp("=");
        stmt->assignments.emplace_back(std::move(target), parseExpression(true));
    }
    expectBlockEnd();
    std::string endTag;
    stmt->body = parseBody({"endwith"}, endTag, "with", line);
    expectBlockEnd();
    return stmt;
}

std::unique_ptr<Program> parseTemplate(std::string_view source)
{
    return Parser(tokenize(source)).run();
}

} // namespace hearth::tmpl
