#pragma once

// Small builders shared by the chat store tests.

#include "services/store/store_types.h"

#include <QString>

namespace hearth::test {

inline store::Message userMessage(const QString& text)
{
    store::Message m;
    m.role = store::Role::User;
    m.content = text;
    return m;
}

inline store::Message assistantMessage(const QString& text, const QString& model = "qwen3-0.6b")
{
    store::Message m;
    m.role = store::Role::Assistant;
    m.content = text;
    m.model = model;
    m.finishReason = store::FinishReason::Stop;
    m.stats = {12, 34, 56.5, 789.25, 21.75};
    return m;
}

inline store::Chat chatTitled(const QString& title)
{
    store::Chat chat;
    chat.title = title;
    return chat;
}

} // namespace hearth::test
