#pragma once

// Access to the shared test fixtures in ../shared (never committed).
// A test that needs one skips with a clear message when the folder is
// absent, and fails instead when HEARTH_REQUIRE_FIXTURES=1 (as in CI).

#include <QtTest>
#include <QFileInfo>
#include <QString>
#include <cstdlib>

namespace hearth::test {

inline QString sharedDir()
{
    if (const char* env = std::getenv("HEARTH_SHARED_DIR"); env && *env)
        return QString::fromUtf8(env);
    return QStringLiteral(HEARTH_SHARED_DIR);
}

inline QString sharedPath(const QString& relative)
{
    return sharedDir() + QLatin1Char('/') + relative;
}

inline bool fixturesRequired()
{
    const char* env = std::getenv("HEARTH_REQUIRE_FIXTURES");
    return env && QByteArray(env) == "1";
}

} // namespace hearth::test

// Resolves `relative` inside ../shared into the std::string `var`, or
// skips (fails under HEARTH_REQUIRE_FIXTURES=1) when it is missing.
#define HEARTH_REQUIRE_SHARED(var, relative)                                         \
    const QString var##_qpath = hearth::test::sharedPath(QStringLiteral(relative));  \
    if (!QFileInfo::exists(var##_qpath)) {                                           \
        const QByteArray why = "shared fixture missing: " + var##_qpath.toUtf8() +   \
            " (the ../shared folder is not beside this checkout)";                   \
        if (hearth::test::fixturesRequired())                                         \
            QFAIL(why.constData());                                                   \
        QSKIP(why.constData());                                                       \
    }                                                                                 \
    const std::string var = var##_qpath.toStdString()
