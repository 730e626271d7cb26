#pragma once

// Helpers shared by the chat template and reasoning tests.

#include <QString>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace hearth::test {

inline std::string readTextFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline std::vector<nlohmann::ordered_json> readJsonLines(const std::string& path)
{
    std::vector<nlohmann::ordered_json> lines;
    std::istringstream in(readTextFile(path));
    for (std::string line; std::getline(in, line);)
        if (!line.empty())
            lines.push_back(nlohmann::ordered_json::parse(line));
    return lines;
}

// Where two renderings part, with some context on both sides, escaped so
// that whitespace differences are visible.
inline QByteArray firstDifference(const std::string& expected, const std::string& actual)
{
    size_t i = 0;
    while (i < expected.size() && i < actual.size() && expected[i] == actual[i])
        ++i;
    const size_t from = i > 60 ? i - 60 : 0;
    auto excerpt = [&](const std::string& s) {
        return nlohmann::json(s.substr(std::min(from, s.size()), 160))
            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    return QByteArray("first difference at byte ") + QByteArray::number(qulonglong(i)) + " (expected " +
        QByteArray::number(qulonglong(expected.size())) + " bytes, got " +
        QByteArray::number(qulonglong(actual.size())) + ")\n   expected: " + QByteArray::fromStdString(excerpt(expected)) +
        "\n   actual:   " + QByteArray::fromStdString(excerpt(actual));
}

} // namespace hearth::test

// Compares two std::strings and, on mismatch, fails with the first differing offset.
#define HEARTH_COMPARE_TEXT(actual, expected)                                              \
    do {                                                                                   \
        const std::string hearthActual_ = (actual);                                        \
        const std::string hearthExpected_ = (expected);                                    \
        if (hearthActual_ != hearthExpected_)                                              \
            QFAIL(hearth::test::firstDifference(hearthExpected_, hearthActual_).constData()); \
    } while (false)
