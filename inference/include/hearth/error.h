#pragma once

#include <stdexcept>
#include <string>

namespace hearth {

// The one exception type the engine throws. Its message is written for the
// person using the app: it says what went wrong and, where possible, what to do.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace hearth
