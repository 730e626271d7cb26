#include "services/hub/hub_client.h"

#include "hearth/error.h"
#include "services/hub/curl_worker.h"
#include "services/hub/hub_errors.h"
#include "services/hub/hub_json.h"

#include <QPromise>
#include <QRegularExpression>
#include <QUrlQuery>

#include <algorithm>

namespace hearth::hub {
namespace {

// API answers are small; a stuck one should fail, not hang the UI.
constexpr long kApiTimeoutMs = 60000;

template <typename T>
void failPromise(QPromise<T>& promise, const QString& message)
{
    promise.setException(std::make_exception_ptr(Error(message.toStdString())));
    promise.finish();
}

QString sortKey(SearchSort sort)
{
    switch (sort) {
    case SearchSort::Likes: return "likes";
    case SearchSort::Recent: return "lastModified";
    case SearchSort::Downloads: break;
    }
    return "downloads";
}

} // namespace

HubClient::HubClient(HubConfig config) : config_(std::move(config)), worker_(std::make_unique<CurlWorker>()) {}

HubClient::~HubClient() = default;

bool HubClient::isValidRepoId(const QString& repoId)
{
    static const QRegularExpression pattern(R"(^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$)");
    return pattern.match(repoId).hasMatch() && !repoId.contains("..");
}

QFuture<SearchPage> HubClient::search(const SearchQuery& query)
{
    QUrlQuery params;
    params.addQueryItem("filter", "gguf");
    if (!query.text.trimmed().isEmpty())
        params.addQueryItem("search", query.text.trimmed());
    params.addQueryItem("sort", sortKey(query.sort));
    params.addQueryItem("direction", "-1");
    params.addQueryItem("limit", QString::number(std::clamp(query.limit, 1, 100)));
    // Pin the fields we show: without expand the Hub picks its own subset.
    for (const char* field : {"author", "downloads", "likes", "lastModified", "gated", "tags"})
        params.addQueryItem("expand[]", field);
    return fetchPage(config_.url("/api/models?" + params.query(QUrl::FullyEncoded)));
}

QFuture<SearchPage> HubClient::nextPage(const QString& nextUrl)
{
    // The Link header comes from the server; only follow it on our own
    // endpoint so the token never goes anywhere else.
    if (!nextUrl.startsWith(config_.endpoint + '/')) {
        QPromise<SearchPage> promise;
        promise.start();
        failPromise(promise, "The next page of results points outside " + config_.endpoint + ": " + nextUrl);
        return promise.future();
    }
    return fetchPage(nextUrl.toStdString());
}

QFuture<SearchPage> HubClient::fetchPage(const std::string& url)
{
    auto promise = std::make_shared<QPromise<SearchPage>>();
    promise->start();
    HttpRequest request;
    request.url = url;
    request.headers = config_.authHeaders();
    request.userAgent = config_.userAgent();
    request.totalTimeoutMs = kApiTimeoutMs;
    request.onDone = [promise](const HttpResult& result) {
        if (!result.transportOk() || result.status >= 400)
            return failPromise(*promise, describeFailure(result, "the model search"));
        try {
            promise->addResult(parseSearchPage(QByteArray::fromStdString(result.body), result.header("link")));
            promise->finish();
        } catch (const Error& e) {
            failPromise(*promise, QString::fromUtf8(e.what()));
        }
    };
    worker_->submit(std::move(request));
    return promise->future();
}

QFuture<RepoDetails> HubClient::repoDetails(const QString& repoId)
{
    auto promise = std::make_shared<QPromise<RepoDetails>>();
    promise->start();
    if (!isValidRepoId(repoId)) {
        failPromise(*promise, "'" + repoId + "' is not a Hugging Face model name (expected publisher/name)");
        return promise->future();
    }
    HttpRequest info;
    info.url = config_.url("/api/models/" + repoId + "?blobs=true");
    info.headers = config_.authHeaders();
    info.userAgent = config_.userAgent();
    info.totalTimeoutMs = kApiTimeoutMs;
    HttpRequest readme = info;
    readme.url = config_.resolveUrl(repoId, "README.md");
    readme.maxBodyBytes = 4u << 20;

    // Two requests one after the other: the model info, then its card. A
    // missing README is no error; a missing model is.
    CurlWorker* worker = worker_.get();
    info.onDone = [promise, repoId, worker, readme](const HttpResult& result) mutable {
        if (!result.transportOk() || result.status >= 400)
            return failPromise(*promise, describeFailure(result, "model " + repoId));
        auto details = std::make_shared<RepoDetails>();
        try {
            *details = parseModelInfo(QByteArray::fromStdString(result.body));
        } catch (const Error& e) {
            return failPromise(*promise, QString::fromUtf8(e.what()));
        }
        readme.onDone = [promise, details](const HttpResult& card) {
            if (card.transportOk() && card.status == 200)
                details->readme = QString::fromUtf8(card.body);
            promise->addResult(*details);
            promise->finish();
        };
        worker->submit(std::move(readme));
    };
    worker_->submit(std::move(info));
    return promise->future();
}

} // namespace hearth::hub
