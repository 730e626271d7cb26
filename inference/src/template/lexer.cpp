#include "template/lexer.h"

#include "template/errors.h"
#include "template/text.h"

#include <cstdlib>

namespace hearth::tmpl {

namespace {

bool isAsciiSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isNameChar(char c) { return isNameStart(c) || isDigit(c); }

// Jinja normalises \r\n and \r to \n and, with keep_trailing_newline off,
// drops one final newline.
std::string normalizeSource(std::string_view source)
{
    std::string out;
    out.reserve(source.size());
    for (size_t i = 0; i < source.size(); ++i) {
        if (source[i] == '\r') {
            out += '\n';
            if (i + 1 < source.size() && source[i + 1] == '\n')
                ++i;
        } else {
            out += source[i];
        }
    }
    if (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out;
}

bool allPyWhitespace(std::string_view s)
{
    if (s.empty())
        return false;
    for (size_t i = 0; i < s.size();)
        if (!isPyWhitespace(decodeUtf8(s, i)))
            return false;
    return true;
}

void appendHexEscape(std::string& out, std::string_view digits, size_t count, int line)
{
    if (digits.size() < count)
        throw RenderError("truncated \\x, \\u or \\U escape in string literal", line);
    char32_t cp = 0;
    for (size_t k = 0; k < count; ++k) {
        const char c = digits[k];
        int v;
        if (isDigit(c))
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else
            throw RenderError("invalid \\x, \\u or \\U escape in string literal", line);
        cp = cp * 16 + static_cast<char32_t>(v);
    }
    appendUtf8(out, cp);
}

// Python's "unicode-escape" decoding, which is what Jinja applies to string
// literals; unknown escapes keep their backslash, as in Python.
std::string decodeStringLiteral(std::string_view body, int line)
{
    std::string out;
    out.reserve(body.size());
    for (size_t i = 0; i < body.size(); ++i) {
        if (body[i] != '\\' || i + 1 >= body.size()) {
            out += body[i];
            continue;
        }
        const char c = body[++i];
        switch (c) {
        case '\n': break;
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case 'x': appendHexEscape(out, body.substr(i + 1), 2, line); i += 2; break;
        case 'u': appendHexEscape(out, body.substr(i + 1), 4, line); i += 4; break;
        case 'U': appendHexEscape(out, body.substr(i + 1), 8, line); i += 8; break;
        default:
            if (c >= '0' && c <= '7') {
                char32_t cp = 0;
                size_t k = 0;
                for (; k < 3 && i + k < body.size() && body[i + k] >= '0' && body[i + k] <= '7'; ++k)
                    cp = cp * 8 + static_cast<char32_t>(body[i + k] - '0');
                i += k - 1;
                appendUtf8(out, cp);
            } else {
                out += '\\';
                out += c;
            }
        }
    }
    return out;
}

class Lexer {
public:
    Lexer(std::string source, const LexOptions& options) : src_(std::move(source)), options_(options) {}

    std::vector<Token> run()
    {
        while (pos_ < src_.size()) {
            const size_t tag = findTag(pos_);
            if (tag == std::string::npos) {
                emitText(src_.substr(pos_), line_);
                break;
            }
            const char kind = src_[tag + 1];
            const char sign = (tag + 2 < src_.size() && (src_[tag + 2] == '-' || src_[tag + 2] == '+'))
                ? src_[tag + 2] : '\0';
            std::string text = src_.substr(pos_, tag - pos_);
            const int textLine = line_;
            countLines(pos_, tag);
            if (sign == '-') {
                text = pyStrip(text, std::nullopt, false, true);
            } else if (sign != '+' && options_.lstripBlocks && kind != '{') {
                const size_t nl = text.rfind('\n');
                const size_t lineStart = nl == std::string::npos ? 0 : nl + 1;
                if ((lineStart > 0 || lineStarting_) && allPyWhitespace(std::string_view(text).substr(lineStart)))
                    text.resize(lineStart);
            }
            emitText(std::move(text), textLine);
            pos_ = tag + 2 + (sign ? 1 : 0);
            if (kind == '#')
                lexComment();
            else if (kind == '%' && atRawBegin())
                lexRaw();
            else
                lexTag(kind == '{');
        }
        tokens_.push_back(Token{TokenType::End, {}, line_});
        return std::move(tokens_);
    }

private:
    size_t findTag(size_t from) const
    {
        for (size_t i = src_.find('{', from); i != std::string::npos; i = src_.find('{', i + 1)) {
            if (i + 1 < src_.size() && (src_[i + 1] == '{' || src_[i + 1] == '%' || src_[i + 1] == '#'))
                return i;
        }
        return std::string::npos;
    }

    void countLines(size_t from, size_t to)
    {
        for (size_t i = from; i < to && i < src_.size(); ++i)
            if (src_[i] == '\n')
                ++line_;
    }

    void emitText(std::string text, int line)
    {
        if (!text.empty())
            tokens_.push_back(Token{TokenType::Text, std::move(text), line});
    }

    // Consumes the end of a block or comment tag whose closing characters
    // (`%}` or `#}`) start at `close`: a `-` before them also eats following
    // whitespace, a `+` keeps the newline, and otherwise trim_blocks eats one.
    void finishBlockEnd(size_t close, char markerBefore)
    {
        size_t end = close + 2;
        countLines(pos_, end);
        if (markerBefore == '-') {
            while (end < src_.size() && isAsciiSpace(src_[end]))
                ++end;
        } else if (markerBefore != '+' && options_.trimBlocks && end < src_.size() && src_[end] == '\n') {
            ++end;
        }
        countLines(close + 2, end);
        lineStarting_ = end > 0 && src_[end - 1] == '\n';
        pos_ = end;
    }

    void lexComment()
    {
        const int startLine = line_;
        const size_t close = src_.find("#}", pos_);
        if (close == std::string::npos)
            throw RenderError("unexpected end of template: the comment opened here is never closed", startLine);
        const char before = close > pos_ ? src_[close - 1] : '\0';
        finishBlockEnd(close, before == '-' || before == '+' ? before : '\0');
    }

    // `{% raw %}` (optionally with -/+ markers) right at pos_?
    bool atRawBegin()
    {
        size_t i = pos_;
        while (i < src_.size() && isAsciiSpace(src_[i]))
            ++i;
        if (src_.compare(i, 3, "raw") != 0 || (i + 3 < src_.size() && isNameChar(src_[i + 3])))
            return false;
        i += 3;
        while (i < src_.size() && isAsciiSpace(src_[i]))
            ++i;
        return src_.compare(i, 2, "%}") == 0 || src_.compare(i, 3, "-%}") == 0;
    }

    void lexRaw()
    {
        const int startLine = line_;
        size_t i = src_.find("%}", pos_);
        const bool stripAfter = src_[i - 1] == '-';
        countLines(pos_, i + 2);
        pos_ = i + 2;
        if (stripAfter) {
            size_t end = pos_;
            while (end < src_.size() && isAsciiSpace(src_[end]))
                ++end;
            countLines(pos_, end);
            pos_ = end;
        }
        // Find `{%[-+]? endraw [-+]?%}`.
        for (size_t tag = findTag(pos_);; tag = findTag(tag + 1)) {
            if (tag == std::string::npos)
                throw RenderError("unexpected end of template: {% raw %} is never closed", startLine);
            if (src_[tag + 1] != '%')
                continue;
            size_t k = tag + 2;
            const char sign = (src_[k] == '-' || src_[k] == '+') ? src_[k++] : '\0';
            while (k < src_.size() && isAsciiSpace(src_[k]))
                ++k;
            if (src_.compare(k, 6, "endraw") != 0)
                continue;
            k += 6;
            while (k < src_.size() && isAsciiSpace(src_[k]))
                ++k;
            char before = '\0';
            if (k < src_.size() && (src_[k] == '-' || src_[k] == '+'))
                before = src_[k++];
            if (src_.compare(k, 2, "%}") != 0)
                continue;
            std::string text = src_.substr(pos_, tag - pos_);
            if (sign == '-') {
                text = pyStrip(text, std::nullopt, false, true);
            } else if (sign != '+' && options_.lstripBlocks) {
                const size_t nl = text.rfind('\n');
                const size_t lineStart = nl == std::string::npos ? 0 : nl + 1;
                if (lineStart > 0 && allPyWhitespace(std::string_view(text).substr(lineStart)))
                    text.resize(lineStart);
            }
            emitText(std::move(text), line_);
            finishBlockEnd(k, before);
            return;
        }
    }

    void lexTag(bool variable)
    {
        tokens_.push_back(Token{variable ? TokenType::VarBegin : TokenType::BlockBegin, {}, line_});
        const int startLine = line_;
        std::vector<char> brackets;
        bool afterDot = false;
        while (true) {
            while (pos_ < src_.size() && isAsciiSpace(src_[pos_])) {
                if (src_[pos_] == '\n')
                    ++line_;
                ++pos_;
            }
            if (pos_ >= src_.size())
                throw RenderError(variable ? "unexpected end of template: '{{' is never closed with '}}'"
                                           : "unexpected end of template: '{%' is never closed with '%}'",
                    startLine);
            if (brackets.empty() && lexTagEnd(variable))
                return;
            lexToken(brackets, afterDot);
        }
    }

    bool lexTagEnd(bool variable)
    {
        const char* close = variable ? "}}" : "%}";
        char marker = '\0';
        size_t at = pos_;
        if ((src_[at] == '-' || (src_[at] == '+' && !variable)) && src_.compare(at + 1, 2, close) == 0)
            marker = src_[at++];
        else if (src_.compare(at, 2, close) != 0)
            return false;
        tokens_.push_back(Token{variable ? TokenType::VarEnd : TokenType::BlockEnd, {}, line_});
        if (variable) {
            size_t end = at + 2;
            if (marker == '-')
                while (end < src_.size() && isAsciiSpace(src_[end]))
                    ++end;
            countLines(at, end);
            lineStarting_ = src_[end - 1] == '\n';
            pos_ = end;
        } else {
            finishBlockEnd(at, marker);
        }
        return true;
    }

    void lexToken(std::vector<char>& brackets, bool& afterDot)
    {
        const char c = src_[pos_];
        const bool wasAfterDot = afterDot;
        afterDot = false;
        if (isDigit(c)) {
            lexNumber(!wasAfterDot);
            return;
        }
        if (isNameStart(c)) {
            size_t end = pos_;
            while (end < src_.size() && isNameChar(src_[end]))
                ++end;
            tokens_.push_back(Token{TokenType::Name, src_.substr(pos_, end - pos_), line_});
            pos_ = end;
            return;
        }
        if (c == '\'' || c == '"') {
            lexString(c);
            return;
        }
        static const char* const twoCharOps[] = {"**", "//", "==", "!=", ">=", "<="};
        for (const char* op : twoCharOps) {
            if (src_.compare(pos_, 2, op) == 0) {
                tokens_.push_back(Token{TokenType::Operator, op, line_});
                pos_ += 2;
                return;
            }
        }
        if (std::string_view("+-*/%~<>=()[]{},.:|;").find(c) == std::string_view::npos)
            throw RenderError(std::string("unexpected character '") + c + "' inside a tag", line_);
        if (c == '(' || c == '[' || c == '{') {
            brackets.push_back(c);
        } else if (c == ')' || c == ']' || c == '}') {
            const char open = c == ')' ? '(' : c == ']' ? '[' : '{';
            if (brackets.empty() || brackets.back() != open)
                throw RenderError(std::string("unexpected '") + c + "'", line_);
            brackets.pop_back();
        }
        afterDot = c == '.';
        tokens_.push_back(Token{TokenType::Operator, std::string(1, c), line_});
        ++pos_;
    }

    // Digits with optional `_` separators; returns the end offset.
    size_t scanDigits(size_t i) const
    {
        if (i >= src_.size() || !isDigit(src_[i]))
            return std::string::npos;
        while (i < src_.size() && (isDigit(src_[i]) || (src_[i] == '_' && i + 1 < src_.size() && isDigit(src_[i + 1]))))
            ++i;
        return i;
    }

    void lexNumber(bool allowFloat)
    {
        size_t end = scanDigits(pos_);
        bool isFloat = false;
        if (allowFloat) {
            if (end < src_.size() && src_[end] == '.') {
                const size_t fracEnd = scanDigits(end + 1);
                if (fracEnd != std::string::npos) {
                    end = fracEnd;
                    isFloat = true;
                }
            }
            if (end < src_.size() && (src_[end] == 'e' || src_[end] == 'E')) {
                size_t k = end + 1;
                if (k < src_.size() && (src_[k] == '+' || src_[k] == '-'))
                    ++k;
                const size_t expEnd = scanDigits(k);
                if (expEnd != std::string::npos) {
                    end = expEnd;
                    isFloat = true;
                }
            }
        }
        std::string digits;
        for (size_t i = pos_; i < end; ++i)
            if (src_[i] != '_')
                digits += src_[i];
        Token token{isFloat ? TokenType::Float : TokenType::Integer, digits, line_};
        if (isFloat)
            token.floatValue = std::strtod(digits.c_str(), nullptr);
        else
            token.intValue = std::strtoll(digits.c_str(), nullptr, 10);
        tokens_.push_back(std::move(token));
        pos_ = end;
    }

    void lexString(char quote)
    {
        const int startLine = line_;
        size_t i = pos_ + 1;
        while (i < src_.size() && src_[i] != quote) {
            if (src_[i] == '\\')
                ++i;
            ++i;
        }
        if (i >= src_.size())
            throw RenderError("unterminated string literal", startLine);
        const std::string body = src_.substr(pos_ + 1, i - pos_ - 1);
        tokens_.push_back(Token{TokenType::String, decodeStringLiteral(body, startLine), startLine});
        countLines(pos_, i + 1);
        pos_ = i + 1;
    }

    std::string src_;
    LexOptions options_;
    std::vector<Token> tokens_;
    size_t pos_ = 0;
    int line_ = 1;
    bool lineStarting_ = true;
};

} // namespace

std::vector<Token> tokenize(std::string_view source, const LexOptions& options)
{
    return Lexer(normalizeSource(source), options).run();
}

} // namespace hearth::tmpl
