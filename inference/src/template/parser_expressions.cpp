// Expression parsing: one function per Jinja precedence level, lowest first.

#include "template/parser_impl.h"

namespace hearth::tmpl {

bool Parser::isTupleEnd(std::initializer_list<std::string_view> extraEnd) const
{
    const Token& t = cur();
    if (t.type == TokenType::VarEnd || t.type == TokenType::BlockEnd || t.type == TokenType::End)
        return true;
    if (t.type == TokenType::Operator && t.text == ")")
        return true;
    if (t.type == TokenType::Name)
        for (auto e : extraEnd)
            if (t.text == e)
                return true;
    return false;
}

ExprPtr Parser::parseTuple(bool withCondexpr, bool explicitParens, std::initializer_list<std::string_view> extraEnd)
{
    const int line = cur().line;
    std::vector<ExprPtr> items;
    bool isTuple = false;
    while (true) {
        if (!items.empty())
            expectOp(",");
        if (isTupleEnd(extraEnd))
            break;
        items.push_back(withCondexpr ? parseExpression(true) : parseOr());
        if (atOp(","))
            isTuple = true;
        else
            break;
    }
    if (!isTuple) {
        if (!items.empty())
            return std::move(items.front());
        if (!explicitParens)
            error("expected an expression, got " + describe(cur()));
    }
    auto tuple = std::make_unique<SequenceExpr>(Expr::Kind::Tuple, line);
    tuple->items = std::move(items);
    return tuple;
}

ExprPtr Parser::parseExpression(bool withCondexpr)
{
    NestingGuard guard(*this);
    if (!withCondexpr)
        return parseOr();
    const int line = cur().line;
    ExprPtr expr = parseOr();
    while (atName("if")) {
        next();
        auto cond = std::make_unique<ConditionalExpr>(line);
        cond->condition = parseOr();
        if (atName("else")) {
            next();
            cond->otherwise = parseExpression(true);
        }
        cond->then = std::move(expr);
        expr = std::move(cond);
    }
    return expr;
}

ExprPtr Parser::parseOr()
{
    ExprPtr left = parseAnd();
    while (atName("or")) {
        const int line = next().line;
        left = std::make_unique<BinaryExpr>(BinaryOp::Or, std::move(left), parseAnd(), line);
    }
    return left;
}

ExprPtr Parser::parseAnd()
{
    ExprPtr left = parseNot();
    while (atName("and")) {
        const int line = next().line;
        left = std::make_unique<BinaryExpr>(BinaryOp::And, std::move(left), parseNot(), line);
    }
    return left;
}

ExprPtr Parser::parseNot()
{
    NestingGuard guard(*this);
    if (atName("not")) {
        const int line = next().line;
        return std::make_unique<UnaryExpr>(Expr::Kind::Not, parseNot(), line);
    }
    return parseCompare();
}

ExprPtr Parser::parseCompare()
{
    const int line = cur().line;
    ExprPtr first = parseMath1();
    std::unique_ptr<CompareExpr> cmp;
    while (true) {
        CompareOp op;
        if (cur().type == TokenType::Operator && (cur().text == "==" || cur().text == "!=" || cur().text == "<" ||
                                                     cur().text == "<=" || cur().text == ">" || cur().text == ">=")) {
            const std::string& t = cur().text;
            op = t == "==" ? CompareOp::Eq : t == "!=" ? CompareOp::Ne : t == "<" ? CompareOp::Lt
                : t == "<=" ? CompareOp::Le : t == ">" ? CompareOp::Gt : CompareOp::Ge;
            next();
        } else if (atName("in")) {
            op = CompareOp::In;
            next();
        } else if (atName("not") && peek().type == TokenType::Name && peek().text == "in") {
            op = CompareOp::NotIn;
            next();
            next();
        } else {
            break;
        }
        if (!cmp) {
            cmp = std::make_unique<CompareExpr>(line);
            cmp->first = std::move(first);
        }
        cmp->rest.emplace_back(op, parseMath1());
    }
    if (cmp)
        return cmp;
    return first;
}

ExprPtr Parser::parseMath1()
{
    ExprPtr left = parseConcat();
    while (atOp("+") || atOp("-")) {
        const BinaryOp op = cur().text == "+" ? BinaryOp::Add : BinaryOp::Sub;
        const int line = next().line;
        left = std::make_unique<BinaryExpr>(op, std::move(left), parseConcat(), line);
    }
    return left;
}

ExprPtr Parser::parseConcat()
{
    ExprPtr left = parseMath2();
    while (atOp("~")) {
        const int line = next().line;
        left = std::make_unique<BinaryExpr>(BinaryOp::Concat, std::move(left), parseMath2(), line);
    }
    return left;
}

ExprPtr Parser::parseMath2()
{
    ExprPtr left = parsePow();
    while (atOp("*") || atOp("/") || atOp("//") || atOp("%")) {
        const std::string& t = cur().text;
        const BinaryOp op = t == "*" ? BinaryOp::Mul : t == "/" ? BinaryOp::Div
            : t == "//" ? BinaryOp::FloorDiv : BinaryOp::Mod;
        const int line = next().line;
        left = std::make_unique<BinaryExpr>(op, std::move(left), parsePow(), line);
    }
    return left;
}

ExprPtr Parser::parsePow()
{
    ExprPtr left = parseUnary(true);
    while (atOp("**")) {
        const int line = next().line;
        left = std::make_unique<BinaryExpr>(BinaryOp::Pow, std::move(left), parseUnary(true), line);
    }
    return left;
}

ExprPtr Parser::parseUnary(bool withFilter)
{
    NestingGuard guard(*this);
    const int line = cur().line;
    ExprPtr node;
    if (atOp("-")) {
        next();
        node = std::make_unique<UnaryExpr>(Expr::Kind::Negate, parseUnary(false), line);
    } else if (atOp("+")) {
        next();
        node = std::make_unique<UnaryExpr>(Expr::Kind::Plus, parseUnary(false), line);
    } else {
        node = parsePrimary();
    }
    node = parsePostfix(std::move(node));
    if (withFilter)
        node = parseFilterExpr(std::move(node));
    return node;
}

ExprPtr Parser::parsePrimary()
{
    const Token& t = cur();
    const int line = t.line;
    switch (t.type) {
    case TokenType::Name: {
        const std::string name = next().text;
        if (name == "true" || name == "True")
            return std::make_unique<LiteralExpr>(Value(true), line);
        if (name == "false" || name == "False")
            return std::make_unique<LiteralExpr>(Value(false), line);
        if (name == "none" || name == "None")
            return std::make_unique<LiteralExpr>(Value(nullptr), line);
        return std::make_unique<NameExpr>(name, line);
    }
    case TokenType::String: {
        std::string s = next().text;
        while (cur().type == TokenType::String)
            s += next().text; // adjacent literals concatenate, as in Python
        return std::make_unique<LiteralExpr>(Value(std::move(s)), line);
    }
    case TokenType::Integer: return std::make_unique<LiteralExpr>(Value(next().intValue), line);
    case TokenType::Float: return std::make_unique<LiteralExpr>(Value(next().floatValue), line);
    case TokenType::Operator:
        if (t.text == "(") {
            next();
            ExprPtr inner = parseTuple(true, true, {});
            expectOp(")");
            return inner;
        }
        if (t.text == "[") {
            next();
            auto list = std::make_unique<SequenceExpr>(Expr::Kind::List, line);
            while (!atOp("]")) {
                if (!list->items.empty())
                    expectOp(",");
                if (atOp("]"))
                    break;
                list->items.push_back(parseExpression(true));
            }
            next();
            return list;
        }
        if (t.text == "{") {
            next();
            auto dict = std::make_unique<DictExpr>(line);
            while (!atOp("}")) {
                if (!dict->entries.empty())
                    expectOp(",");
                if (atOp("}"))
                    break;
                ExprPtr key = parseExpression(true);
                expectOp(":");
                dict->entries.emplace_back(std::move(key), parseExpression(true));
            }
            next();
            return dict;
        }
        break;
    default: break;
    }
    error("unexpected " + describe(t));
}

ExprPtr Parser::parsePostfix(ExprPtr node)
{
    while (true) {
        if (atOp(".")) {
            const int line = next().line;
            if (cur().type == TokenType::Name) {
                node = std::make_unique<GetAttrExpr>(std::move(node), next().text, line);
            } else if (cur().type == TokenType::Integer) {
                auto index = std::make_unique<LiteralExpr>(Value(next().intValue), line);
                node = std::make_unique<GetItemExpr>(std::move(node), std::move(index), line);
            } else {
                error("expected an attribute name after '.', got " + describe(cur()));
            }
        } else if (atOp("[")) {
            node = parseSubscript(std::move(node));
        } else if (atOp("(")) {
            node = parseCall(std::move(node));
        } else {
            return node;
        }
    }
}

ExprPtr Parser::parseSubscript(ExprPtr object)
{
    const int line = next().line; // '['
    ExprPtr start, stop, step;
    bool isSlice = false;
    if (!atOp(":"))
        start = parseExpression(true);
    if (atOp(":")) {
        isSlice = true;
        next();
        if (!atOp("]") && !atOp(":"))
            stop = parseExpression(true);
        if (atOp(":")) {
            next();
            if (!atOp("]"))
                step = parseExpression(true);
        }
    }
    expectOp("]");
    if (!isSlice)
        return std::make_unique<GetItemExpr>(std::move(object), std::move(start), line);
    auto slice = std::make_unique<SliceExpr>(line);
    slice->object = std::move(object);
    slice->start = std::move(start);
    slice->stop = std::move(stop);
    slice->step = std::move(step);
    return slice;
}

std::vector<Argument> Parser::parseCallArgs()
{
    expectOp("(");
    std::vector<Argument> args;
    while (!atOp(")")) {
        if (!args.empty())
            expectOp(",");
        if (atOp(")"))
            break;
        Argument arg;
        if (atOp("*") || atOp("**")) {
            arg.kind = cur().text == "*" ? Argument::Kind::Star : Argument::Kind::DoubleStar;
            next();
        } else if (cur().type == TokenType::Name && peek().type == TokenType::Operator && peek().text == "=") {
            arg.kind = Argument::Kind::Keyword;
            arg.name = next().text;
            next();
        }
        arg.value = parseExpression(true);
        args.push_back(std::move(arg));
    }
    next();
    return args;
}

ExprPtr Parser::parseCall(ExprPtr callee)
{
    auto call = std::make_unique<CallExpr>(cur().line);
    call->callee = std::move(callee);
    call->args = parseCallArgs();
    return call;
}

FilterCall Parser::parseFilterCall()
{
    FilterCall f;
    f.line = cur().line;
    f.name = expectName();
    while (atOp(".")) {
        next();
        f.name += "." + expectName();
    }
    if (atOp("("))
        f.args = parseCallArgs();
    return f;
}

ExprPtr Parser::parseFilterExpr(ExprPtr node)
{
    while (true) {
        if (atOp("|")) {
            next();
            auto filter = std::make_unique<FilterExpr>(cur().line);
            filter->filter = parseFilterCall();
            filter->operand = std::move(node);
            node = std::move(filter);
        } else if (atName("is")) {
            node = parseTest(std::move(node));
        } else if (atOp("(")) {
            node = parseCall(std::move(node));
        } else {
            return node;
        }
    }
}

ExprPtr Parser::parseTest(ExprPtr operand)
{
    auto test = std::make_unique<TestExpr>(next().line); // 'is'
    test->operand = std::move(operand);
    if (atName("not")) {
        next();
        test->negated = true;
    }
    test->name = expectName();
    while (atOp(".")) {
        next();
        test->name += "." + expectName();
    }
    const Token& t = cur();
    const bool argStarts = t.type == TokenType::Name || t.type == TokenType::String ||
        t.type == TokenType::Integer || t.type == TokenType::Float ||
        (t.type == TokenType::Operator && (t.text == "(" || t.text == "[" || t.text == "{"));
    if (atOp("(")) {
        test->args = parseCallArgs();
    } else if (argStarts && !atName("else") && !atName("or") && !atName("and")) {
        if (atName("is"))
            error("cannot chain multiple tests with 'is'");
        Argument arg;
        arg.value = parsePostfix(parsePrimary());
        test->args.push_back(std::move(arg));
    }
    return test;
}

} // namespace hearth::tmpl
