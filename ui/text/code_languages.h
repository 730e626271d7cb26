#pragma once

#include <QSet>
#include <QString>
#include <QStringView>

namespace hearth::ui {

// What the code highlighter needs to know about one programming language.
// The word sets hold views of static string literals, so lookups need no
// allocation.
struct CodeLanguage {
    QString name; ///< Canonical name, e.g. "cpp" for "c++", "cxx" and "hpp".
    QSet<QStringView> keywords;
    QSet<QStringView> types;
    QSet<QStringView> builtins; ///< Functions and commands coloured as calls.
    QSet<QStringView> literals; ///< true, false, null, None...
    QStringView lineComment;    ///< "//", "#", "--"; empty if none.
    QStringView blockCommentStart; ///< "/*"; empty if none.
    QStringView blockCommentEnd;
    QStringView quotes;          ///< Characters that open a string.
    QStringView multiLineQuotes; ///< Of those, the ones whose strings may span lines.
    bool tripleQuotedStrings = false; ///< Python's """ and '''.
    bool caseInsensitive = false;     ///< SQL; the word sets are lower case.
    bool capitalizedTypes = false;    ///< "Foo" is a type (C++, Java, Python, Rust...).
    bool preprocessor = false;        ///< C's "#include" lines.
    bool decorators = false;          ///< "@name" (Python decorators, Java annotations).
    bool attributes = false;          ///< Rust's "#[derive(...)]".
    bool macros = false;              ///< Rust's "println!" is a call.
    bool shellVariables = false;      ///< "$HOME", "${name}".
    bool hashCommentNeedsSpace = false; ///< Shell: "#" starts a comment only at a word start.
    bool objectKeys = false;          ///< JSON: a string before ':' is a key.
    bool charLiterals = false;        ///< Rust: ' starts a char literal only as 'x' or '\n' ('a is a lifetime).
    bool identifierDollar = false;    ///< JavaScript: '$' is part of names.
};

// The language for a fence's info word ("py", "C++", "shell"...), or nullptr
// when Hearth does not colour it.
const CodeLanguage* findCodeLanguage(QStringView name);

} // namespace hearth::ui
