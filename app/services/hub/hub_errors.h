#pragma once

// Turns what went wrong talking to the Hub into a sentence for the user,
// and says whether trying again later can help.

#include "services/hub/http_request.h"

#include <QString>

namespace hearth::hub {

inline const char* const kGatedMessage =
    "This model is gated: accept its license on huggingface.co and add a token in Settings";

// Connection-level failures (curl codes): "Can't reach Hugging Face: ...".
QString describeTransportError(const HttpResult& result);
// HTTP error statuses; `what` names the thing asked for ("model x/y").
QString describeHttpError(const HttpResult& result, const QString& what);
// The message for any failed result (transport or HTTP >= 400).
QString describeFailure(const HttpResult& result, const QString& what);
// Whether a failed result is worth retrying: dropped or timed-out
// connections, 408, 429 and 5xx.
bool isRetryable(const HttpResult& result);
// Seconds from a Retry-After header holding a number; -1 when absent.
int retryAfterSeconds(const HttpResult& result);

} // namespace hearth::hub
