#pragma once

// One HTTP request for CurlWorker and what came back. Callbacks run on the
// worker's thread: they must be quick and must not touch objects that live
// on another thread except through queued calls or atomics.

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace hearth::hub {

// Response headers with lower-cased names (the last value wins).
using HeaderMap = std::map<std::string, std::string>;

struct HttpResult {
    int curlCode = 0;       // CURLcode; 0 when the transfer itself worked
    std::string curlError;  // curl's text for curlCode, empty when it worked
    long status = 0;        // HTTP status of the final response (0: none arrived)
    HeaderMap headers;      // of the final response
    std::string body;       // when the request had no onBody callback
    bool cancelled = false; // CurlWorker::cancel() stopped it
    bool abortedByCallback = false; // onResponse or onBody returned false

    bool transportOk() const { return curlCode == 0; }
    std::string header(const std::string& lowerName) const
    {
        const auto it = headers.find(lowerName);
        return it == headers.end() ? std::string() : it->second;
    }
};

struct HttpRequest {
    std::string url;
    std::vector<std::string> headers; // "Name: value"
    std::string userAgent;
    bool followRedirects = true;
    bool acceptCompressed = true; // false for file downloads: bytes must be the file's bytes
    long connectTimeoutMs = 15000;
    long stallTimeoutSeconds = 30; // abort when below 1 byte/s for this long
    long totalTimeoutMs = 0;       // 0: no limit (downloads); API calls set one
    std::size_t maxBodyBytes = 32u << 20; // cap for collected bodies

    // The final response's status and headers (redirects are skipped).
    // Returning false aborts the transfer.
    std::function<bool(long status, const HeaderMap& headers)> onResponse;
    // Body bytes of the final response; without it the body is collected
    // into HttpResult::body. Returning false aborts the transfer.
    std::function<bool(const char* data, std::size_t size)> onBody;
    // Always called exactly once, last.
    std::function<void(const HttpResult& result)> onDone;
};

} // namespace hearth::hub
