#pragma once

// Collects every warning and error Qt prints (QML binding errors, layout
// loops, missing properties) so a UI test can fail on any of them.
// Install with `g_previous = qInstallMessageHandler(collectMessages);`.

#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace hearth::test {

inline QStringList g_messages;
inline QtMessageHandler g_previous = nullptr;

inline void collectMessages(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type != QtDebugMsg && type != QtInfoMsg)
        g_messages << message;
    if (g_previous)
        g_previous(type, context, message);
}

} // namespace hearth::test
