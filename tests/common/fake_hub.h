#pragma once

// Starts tests/fakehub/fake_hub.py (a local stand-in for huggingface.co on
// 127.0.0.1) for one test, talks to its control endpoint, and stops it at
// the end. Needs HEARTH_FAKE_HUB_SCRIPT and HEARTH_PYTHON defined by the
// test's CMake, and libcurl (tests that link hearth_app have it).

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>

#include <curl/curl.h>

namespace hearth::test {

class FakeHub {
public:
    FakeHub() = default;
    FakeHub(const FakeHub&) = delete;
    FakeHub& operator=(const FakeHub&) = delete;
    ~FakeHub() { stop(); }

    // Starts the server and waits (up to `timeoutMs`) for its ports.
    // `fixture`: a JSON file describing the repos; empty for the built-in one.
    bool start(const QString& fixture = {}, int timeoutMs = 15000)
    {
        QStringList args{QStringLiteral(HEARTH_FAKE_HUB_SCRIPT)};
        if (!fixture.isEmpty())
            args << "--fixture" << fixture;
        process_.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process_.start(QStringLiteral(HEARTH_PYTHON), args);
        if (!process_.waitForStarted(timeoutMs))
            return false;
        while (!process_.canReadLine())
            if (!process_.waitForReadyRead(timeoutMs))
                return false;
        const QJsonObject ports = QJsonDocument::fromJson(process_.readLine()).object();
        hubPort_ = ports.value("hub").toInt();
        cdnPort_ = ports.value("cdn").toInt();
        return hubPort_ > 0 && cdnPort_ > 0;
    }

    // Closing stdin ends the server; kill it if it lingers.
    void stop()
    {
        if (process_.state() == QProcess::NotRunning)
            return;
        process_.closeWriteChannel();
        if (!process_.waitForFinished(3000)) {
            process_.kill();
            process_.waitForFinished(3000);
        }
    }

    QString endpoint() const { return QString("http://127.0.0.1:%1").arg(hubPort_); }
    int hubPort() const { return hubPort_; }
    int cdnPort() const { return cdnPort_; }

    // Fault injection, e.g. {"where": "cdn", "repo": r, "file": f, "kind": "drop"}.
    bool addFault(const QJsonObject& fault) { return post("/_control/fault", QJsonDocument(fault).toJson()); }
    bool reset() { return post("/_control/reset", "{}"); }

    // Every request seen so far: {server, method, path, headers{lower-case}}.
    QJsonArray requests()
    {
        std::string body;
        if (!call("/_control/requests", nullptr, &body))
            return {};
        return QJsonDocument::fromJson(QByteArray::fromStdString(body)).array();
    }

    // The content the fake hub serves for a file (same generator as the script).
    static QByteArray fileContent(const QString& repo, const QString& path, qint64 size);

private:
    bool post(const char* path, const QByteArray& json) { return call(path, &json, nullptr); }

    bool call(const char* path, const QByteArray* postBody, std::string* out)
    {
        CURL* curl = curl_easy_init();
        if (!curl)
            return false;
        const std::string url = endpoint().toStdString() + path;
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        if (postBody) {
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, postBody->constData());
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(postBody->size()));
        }
        std::string sink;
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, +[](char* d, size_t s, size_t n, void* user) {
            static_cast<std::string*>(user)->append(d, s * n);
            return s * n;
        });
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, out ? out : &sink);
        const CURLcode code = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);
        return code == CURLE_OK && status == 200;
    }

    QProcess process_;
    int hubPort_ = 0;
    int cdnPort_ = 0;
};

} // namespace hearth::test

#include <QCryptographicHash>

inline QByteArray hearth::test::FakeHub::fileContent(const QString& repo, const QString& path, qint64 size)
{
    QByteArray out;
    const QByteArray seed = (repo + '/' + path).toUtf8();
    for (int i = 0; out.size() < size; ++i)
        out += QCryptographicHash::hash(seed + ':' + QByteArray::number(i), QCryptographicHash::Sha256);
    out.truncate(size);
    return out;
}
