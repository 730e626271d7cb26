#pragma once

// Runs HTTP transfers with libcurl's multi interface on one background
// thread, so nothing blocks the thread that asks. TLS verification stays on
// (libcurl's default); only http and https are allowed, also on redirects.

#include "services/hub/http_request.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace hearth::hub {

class CurlWorker {
public:
    using RequestId = std::uint64_t;

    CurlWorker();
    // Stops the thread; transfers still running finish as cancelled.
    ~CurlWorker();
    CurlWorker(const CurlWorker&) = delete;
    CurlWorker& operator=(const CurlWorker&) = delete;

    // Queues a request; its onDone runs on the worker thread when it ends.
    RequestId submit(HttpRequest request);
    // Stops a request; its onDone then runs with cancelled = true. Harmless
    // for a request that already ended.
    void cancel(RequestId id);

private:
    struct Transfer;

    void run();
    void startPending(std::deque<std::unique_ptr<Transfer>>& pending);
    void finish(std::unique_ptr<Transfer> transfer);

    void* multi_ = nullptr; // CURLM*
    std::mutex mutex_;
    std::deque<std::unique_ptr<Transfer>> pending_;
    std::vector<RequestId> cancels_;
    bool stopping_ = false;
    RequestId nextId_ = 1;
    std::map<RequestId, std::unique_ptr<Transfer>> active_; // worker thread only
    std::thread thread_;
};

} // namespace hearth::hub
