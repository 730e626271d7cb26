#pragma once

// Asks the Hugging Face Hub (or HF_ENDPOINT) for GGUF models and their
// files. Every call returns at once with a QFuture that a background
// thread fulfils; a failure arrives as a hearth::Error in the future (its
// message is meant for the user). Watch the future with
// QFuture::then(context, ...) or a QFutureWatcher to get the result on the
// caller's thread.

#include "services/hub/hub_config.h"
#include "services/hub/hub_types.h"

#include <QFuture>

#include <memory>

namespace hearth::hub {

class CurlWorker;

class HubClient {
public:
    explicit HubClient(HubConfig config);
    ~HubClient(); // unfinished futures end with an error
    HubClient(const HubClient&) = delete;
    HubClient& operator=(const HubClient&) = delete;

    const HubConfig& config() const { return config_; }
    // A new token (Settings) for the requests made from now on.
    void setConfig(HubConfig config) { config_ = std::move(config); }

    // GGUF repositories matching `query.text`, first page.
    QFuture<SearchPage> search(const SearchQuery& query);
    // The page a previous SearchPage::nextUrl points to.
    QFuture<SearchPage> nextPage(const QString& nextUrl);
    // Files (GGUF grouped, with sizes and SHA-256), card data and README.
    QFuture<RepoDetails> repoDetails(const QString& repoId);

    // Whether `repoId` looks like "publisher/name".
    static bool isValidRepoId(const QString& repoId);

private:
    QFuture<SearchPage> fetchPage(const std::string& url);

    HubConfig config_;
    std::unique_ptr<CurlWorker> worker_;
};

} // namespace hearth::hub
