#pragma once

// A TCP forwarder on a fixed local port, for "offline" tests: the Hub
// client points at the port, which refuses connections (offline) until
// the test starts forwarding it to the fake hub (back online).

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

namespace hearth::test {

class HubProxy : public QObject {
public:
    // A port nothing listens on (yet).
    static quint16 freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

    explicit HubProxy(quint16 port) : port_(port)
    {
        connect(&server_, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* client = server_.nextPendingConnection()) {
                auto* upstream = new QTcpSocket(client);
                connect(client, &QTcpSocket::readyRead, upstream, [client, upstream] {
                    upstream->write(client->readAll());
                });
                connect(upstream, &QTcpSocket::readyRead, client, [client, upstream] {
                    client->write(upstream->readAll());
                });
                connect(upstream, &QTcpSocket::connected, client, [client, upstream] {
                    upstream->write(client->readAll());
                });
                connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
                connect(client, &QTcpSocket::disconnected, client, [client] { client->deleteLater(); });
                upstream->connectToHost(QHostAddress::LocalHost, target_);
            }
        });
    }

    QString endpoint() const { return QString("http://127.0.0.1:%1").arg(port_); }
    bool forwardTo(quint16 target)
    {
        target_ = target;
        return server_.listen(QHostAddress::LocalHost, port_);
    }
    void stop() { server_.close(); }

private:
    QTcpServer server_;
    quint16 port_ = 0;
    quint16 target_ = 0;
};

} // namespace hearth::test
