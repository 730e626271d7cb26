#include "services/hub/curl_worker.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>

namespace hearth::hub {
namespace {

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string trimmed(std::string text)
{
    const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
    text.erase(text.begin(), std::find_if(text.begin(), text.end(), notSpace));
    text.erase(std::find_if(text.rbegin(), text.rend(), notSpace).base(), text.end());
    return text;
}

} // namespace

struct CurlWorker::Transfer {
    RequestId id = 0;
    HttpRequest request;
    HttpResult result;
    CURL* easy = nullptr;
    curl_slist* headerList = nullptr;
    HeaderMap currentHeaders; // of the response being received
    bool deliveringBody = false;
    char errorBuffer[CURL_ERROR_SIZE] = {};

    ~Transfer()
    {
        if (easy)
            curl_easy_cleanup(easy);
        curl_slist_free_all(headerList);
    }

    static size_t onHeaderLine(char* data, size_t size, size_t count, void* self)
    {
        auto* t = static_cast<Transfer*>(self);
        const size_t bytes = size * count;
        const std::string line(data, bytes);
        if (line.rfind("HTTP/", 0) == 0) { // a new response (after a redirect or 100)
            t->currentHeaders.clear();
            t->deliveringBody = false;
            return bytes;
        }
        if (line == "\r\n" || line == "\n") {
            long status = 0;
            curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
            const bool redirect = t->request.followRedirects && status >= 300 && status < 400 &&
                                  t->currentHeaders.count("location");
            if (status < 200 || redirect)
                return bytes; // not the final response: curl goes on by itself
            t->result.status = status;
            t->result.headers = t->currentHeaders;
            t->deliveringBody = true;
            if (t->request.onResponse && !t->request.onResponse(status, t->result.headers)) {
                t->result.abortedByCallback = true;
                return 0;
            }
            return bytes;
        }
        const auto colon = line.find(':');
        if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
            t->currentHeaders[name] = trimmed(line.substr(colon + 1));
        }
        return bytes;
    }

    static size_t onBodyData(char* data, size_t size, size_t count, void* self)
    {
        auto* t = static_cast<Transfer*>(self);
        const size_t bytes = size * count;
        if (!t->deliveringBody)
            return bytes; // body of a redirect or an interim response
        if (t->request.onBody) {
            if (!t->request.onBody(data, bytes)) {
                t->result.abortedByCallback = true;
                return 0;
            }
            return bytes;
        }
        if (t->result.body.size() + bytes > t->request.maxBodyBytes) {
            t->result.abortedByCallback = true;
            return 0;
        }
        t->result.body.append(data, bytes);
        return bytes;
    }

    // False when libcurl could not make a handle (out of memory).
    bool configure()
    {
        easy = curl_easy_init();
        if (!easy)
            return false;
        curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
        // Redirects are followed, but the Authorization header is only ever
        // sent to the host (and port) of the original URL: libcurl's default
        // without CURLOPT_UNRESTRICTED_AUTH. The Hub's signed CDN URLs need no
        // token, and the token must not leak to another host.
        curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1L : 0L);
        curl_easy_setopt(easy, CURLOPT_MAXREDIRS, 10L);
        curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMs);
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, request.stallTimeoutSeconds);
        if (request.totalTimeoutMs > 0)
            curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, request.totalTimeoutMs);
        if (request.acceptCompressed)
            curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
        if (!request.userAgent.empty())
            curl_easy_setopt(easy, CURLOPT_USERAGENT, request.userAgent.c_str());
        for (const std::string& header : request.headers)
            headerList = curl_slist_append(headerList, header.c_str());
        if (!request.acceptCompressed)
            headerList = curl_slist_append(headerList, "Accept-Encoding: identity");
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headerList);
        curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &Transfer::onHeaderLine);
        curl_easy_setopt(easy, CURLOPT_HEADERDATA, this);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Transfer::onBodyData);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, this);
        curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errorBuffer);
        curl_easy_setopt(easy, CURLOPT_PRIVATE, this);
        return true;
    }
};

CurlWorker::CurlWorker()
{
    initCurlOnce();
    multi_ = curl_multi_init();
    thread_ = std::thread([this] { run(); });
}

CurlWorker::~CurlWorker()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    curl_multi_wakeup(static_cast<CURLM*>(multi_));
    thread_.join();
    curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

CurlWorker::RequestId CurlWorker::submit(HttpRequest request)
{
    auto transfer = std::make_unique<Transfer>();
    transfer->request = std::move(request);
    RequestId id = 0;
    {
        std::lock_guard lock(mutex_);
        id = nextId_++;
        transfer->id = id;
        pending_.push_back(std::move(transfer));
    }
    curl_multi_wakeup(static_cast<CURLM*>(multi_));
    return id;
}

void CurlWorker::cancel(RequestId id)
{
    {
        std::lock_guard lock(mutex_);
        cancels_.push_back(id);
    }
    curl_multi_wakeup(static_cast<CURLM*>(multi_));
}

void CurlWorker::finish(std::unique_ptr<Transfer> transfer)
{
    if (transfer->easy)
        curl_multi_remove_handle(static_cast<CURLM*>(multi_), transfer->easy);
    if (transfer->request.onDone)
        transfer->request.onDone(transfer->result);
}

void CurlWorker::startPending(std::deque<std::unique_ptr<Transfer>>& pending)
{
    for (auto& transfer : pending) {
        // A request that cannot start ends at once, so nobody waits on it forever.
        if (!transfer->configure() ||
            curl_multi_add_handle(static_cast<CURLM*>(multi_), transfer->easy) != CURLM_OK) {
            transfer->result.curlCode = CURLE_FAILED_INIT;
            transfer->result.curlError = "the network library could not start the request";
            finish(std::move(transfer));
            continue;
        }
        const RequestId id = transfer->id;
        active_[id] = std::move(transfer);
    }
    pending.clear();
}

void CurlWorker::run()
{
    CURLM* multi = static_cast<CURLM*>(multi_);
    for (;;) {
        std::deque<std::unique_ptr<Transfer>> pending;
        std::vector<RequestId> cancels;
        bool stopping = false;
        {
            std::lock_guard lock(mutex_);
            pending.swap(pending_);
            cancels.swap(cancels_);
            stopping = stopping_;
        }
        if (stopping) {
            for (auto& t : pending)
                active_[t->id] = std::move(t);
            for (auto& [id, t] : active_)
                cancels.push_back(id);
        } else {
            startPending(pending);
        }
        for (RequestId id : cancels) {
            const auto it = active_.find(id);
            if (it == active_.end())
                continue;
            std::unique_ptr<Transfer> transfer = std::move(it->second);
            active_.erase(it);
            transfer->result.cancelled = true;
            transfer->result.curlCode = CURLE_ABORTED_BY_CALLBACK;
            transfer->result.curlError = "cancelled";
            finish(std::move(transfer));
        }
        if (stopping)
            return;

        int running = 0;
        curl_multi_perform(multi, &running);
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
            if (message->msg != CURLMSG_DONE)
                continue;
            Transfer* raw = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &raw);
            const CURLcode code = message->data.result;
            const auto it = active_.find(raw->id);
            std::unique_ptr<Transfer> transfer = std::move(it->second);
            active_.erase(it);
            transfer->result.curlCode = int(code);
            if (code != CURLE_OK)
                transfer->result.curlError =
                    transfer->errorBuffer[0] ? transfer->errorBuffer : curl_easy_strerror(code);
            if (transfer->result.status == 0)
                curl_easy_getinfo(transfer->easy, CURLINFO_RESPONSE_CODE, &transfer->result.status);
            finish(std::move(transfer));
        }
        curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
}

} // namespace hearth::hub
