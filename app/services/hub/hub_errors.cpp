#include "services/hub/hub_errors.h"

#include <curl/curl.h>

namespace hearth::hub {

QString describeTransportError(const HttpResult& result)
{
    QString detail = QString::fromStdString(result.curlError);
    if (detail.isEmpty()) // never end the sentence on nothing
        detail = result.curlCode != 0 ? QString::fromUtf8(curl_easy_strerror(CURLcode(result.curlCode)))
                                      : QString("the server sent no usable answer");
    switch (result.curlCode) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        detail = "the server name could not be resolved (" + detail + "). Are you offline?";
        break;
    case CURLE_COULDNT_CONNECT:
        detail = "the connection was refused or failed (" + detail + ")";
        break;
    case CURLE_OPERATION_TIMEDOUT:
        detail = "the connection timed out (" + detail + ")";
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
        detail = "the secure connection could not be verified (" + detail + ")";
        break;
    default:
        break;
    }
    return "Can't reach Hugging Face: " + detail;
}

QString describeHttpError(const HttpResult& result, const QString& what)
{
    const std::string code = result.header("x-error-code");
    const long status = result.status;
    if (code == "RepoNotFound" || code == "EntryNotFound" || status == 404)
        return "Not found on Hugging Face: " + what + " (HTTP " + QString::number(status) +
               "). Check the name; private models need a token in Settings.";
    if (code == "GatedRepo" || status == 401 || status == 403)
        return QString(kGatedMessage) + " (HTTP " + QString::number(status) + ")";
    if (status == 429)
        return "Hugging Face is limiting how many requests we make (HTTP 429). Try again in a few minutes.";
    if (status >= 500)
        return "Hugging Face had a server problem (HTTP " + QString::number(status) + "). Try again later.";
    return "Hugging Face refused the request for " + what + " (HTTP " + QString::number(status) + ")";
}

QString describeFailure(const HttpResult& result, const QString& what)
{
    if (result.status >= 400)
        return describeHttpError(result, what);
    // Our own callback stopped it (the answer was not what we can use): not
    // a connection problem, and curl's "Failure writing output" would mislead.
    if (result.abortedByCallback)
        return "Hugging Face sent an answer for " + what + " that could not be used (HTTP " +
               QString::number(result.status) + ")";
    return describeTransportError(result);
}

bool isRetryable(const HttpResult& result)
{
    if (result.cancelled)
        return false;
    if (result.status == 408 || result.status == 429 || result.status >= 500)
        return true;
    if (result.status >= 400)
        return false;
    switch (result.curlCode) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
        return true;
    default:
        return false;
    }
}

int retryAfterSeconds(const HttpResult& result)
{
    bool ok = false;
    const int seconds = QString::fromStdString(result.header("retry-after")).toInt(&ok);
    return ok && seconds >= 0 ? seconds : -1;
}

} // namespace hearth::hub
