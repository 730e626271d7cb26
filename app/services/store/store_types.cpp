#include "services/store/store_types.h"

#include <array>
#include <utility>

namespace hearth::store {
namespace {

// Names as stored in the database (and in exported JSON): never rename.
constexpr std::array<std::pair<Role, const char*>, 3> kRoles{{
    {Role::System, "system"}, {Role::User, "user"}, {Role::Assistant, "assistant"}}};

constexpr std::array<std::pair<FinishReason, const char*>, 6> kReasons{{
    {FinishReason::None, ""},
    {FinishReason::Stop, "stop"},
    {FinishReason::Length, "length"},
    {FinishReason::Cancelled, "cancelled"},
    {FinishReason::Error, "error"},
    {FinishReason::Streaming, "streaming"}}};

} // namespace

QString roleName(Role role)
{
    for (const auto& [value, name] : kRoles)
        if (value == role)
            return QString::fromLatin1(name);
    return {};
}

std::optional<Role> roleFromName(const QString& name)
{
    for (const auto& [value, text] : kRoles)
        if (name == QLatin1String(text))
            return value;
    return std::nullopt;
}

QString finishReasonName(FinishReason reason)
{
    for (const auto& [value, name] : kReasons)
        if (value == reason)
            return QString::fromLatin1(name);
    return {};
}

std::optional<FinishReason> finishReasonFromName(const QString& name)
{
    for (const auto& [value, text] : kReasons)
        if (name == QLatin1String(text))
            return value;
    return std::nullopt;
}

} // namespace hearth::store
