# Turns one SPIR-V binary into a C++ source holding it as 32-bit words.
# Usage: cmake -DNAME=<id> -DINPUT=<file.spv> -DOUTPUT=<file.cpp> -P EmbedSpirv.cmake

file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
math(EXPR remainder "${byte_count} % 4")
if(NOT remainder EQUAL 0 OR byte_count EQUAL 0)
    message(FATAL_ERROR "${INPUT} is not a SPIR-V module (size ${byte_count} bytes)")
endif()

# SPIR-V is a stream of little-endian words; reassemble each from its bytes.
string(REGEX MATCHALL "(..)(..)(..)(..)" words "${hex}")
set(body "")
set(column 0)
foreach(w IN LISTS words)
    string(SUBSTRING "${w}" 0 2 b0)
    string(SUBSTRING "${w}" 2 2 b1)
    string(SUBSTRING "${w}" 4 2 b2)
    string(SUBSTRING "${w}" 6 2 b3)
    string(APPEND body "0x${b3}${b2}${b1}${b0}u,")
    math(EXPR column "${column} + 1")
    if(column EQUAL 8)
        string(APPEND body "\n")
        set(column 0)
    endif()
endforeach()
math(EXPR word_count "${byte_count} / 4")

file(WRITE "${OUTPUT}" "// Generated from ${NAME}.comp by cmake/EmbedSpirv.cmake.
#include <cstddef>
#include <cstdint>
namespace hearth::shaders {
extern const std::uint32_t ${NAME}_spv[] = {
${body}
};
extern const std::size_t ${NAME}_spv_words = ${word_count};
} // namespace hearth::shaders
")
