#pragma once

// Small pieces of text the Discover and model pages show, kept apart so
// they can be tested without a network.

#include <QDateTime>
#include <QString>

namespace hearth::ui {

// "just now", "5 minutes ago", "3 days ago", "2 months ago", "1 year ago";
// "" for an invalid time.
QString relativeTimeText(const QDateTime& then, const QDateTime& now = QDateTime::currentDateTimeUtc());

// Whether a HubClient error means the Hub could not be reached at all (a
// transport failure: no network, DNS, refused connection, timeout) rather
// than an answer we did not like.
bool isOfflineError(const QString& message);

// `text` ending as a sentence (a full stop added unless it ends in . ? or !),
// so the pages can add one of their own after it.
QString asSentence(const QString& text);

// A model card ready for the Markdown view: without its YAML front matter
// ("---\nlicense: ...\n---"), images (remote pictures and badges we do not
// fetch) and HTML layout tags (<div>, <img>, <a>, <br>, comments), which
// the view would show escaped. Fenced code blocks are left as they are.
QString modelCardBody(const QString& readme);

} // namespace hearth::ui
