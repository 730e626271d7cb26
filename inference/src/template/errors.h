#pragma once

// Internal error types of the template engine. Helpers deep inside a filter
// do not know where in the template they were called from, so they throw a
// RenderError without a line; the interpreter stamps the line of the
// innermost node on the way out, and ChatTemplate turns it into hearth::Error.

#include <stdexcept>
#include <string>

namespace hearth::tmpl {

class RenderError : public std::runtime_error {
public:
    explicit RenderError(const std::string& message, int line = 0)
        : std::runtime_error(message), line_(line) {}
    int line() const { return line_; }
    void setLine(int line) { line_ = line; }

private:
    int line_;
};

// raise_exception() from the template: its text reaches the user verbatim.
class RaisedError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

[[noreturn]] inline void fail(const std::string& message) { throw RenderError(message); }

} // namespace hearth::tmpl
