# Warning and sanitizer flags shared by every Hearth target.
# Targets opt in with hearth_target_defaults(<target>). Targets that also
# compile generated code (the QML module) take the sanitizers for the whole
# target and the warnings only on our own files: hearth_source_warnings().

set(HEARTH_WARNING_FLAGS
    -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor
    # Vulkan structs are set up as `VkFoo info{VK_STRUCTURE_TYPE_FOO};` with the
    # rest zeroed on purpose; -Wextra would flag every one of them.
    -Wno-missing-field-initializers)
if(HEARTH_WERROR)
    list(APPEND HEARTH_WARNING_FLAGS -Werror)
endif()

add_library(hearth_sanitizers INTERFACE)
if(HEARTH_SANITIZE)
    target_compile_options(hearth_sanitizers INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(hearth_sanitizers INTERFACE -fsanitize=address,undefined)
endif()

add_library(hearth_compiler_options INTERFACE)
target_compile_options(hearth_compiler_options INTERFACE ${HEARTH_WARNING_FLAGS})
target_link_libraries(hearth_compiler_options INTERFACE hearth_sanitizers)

function(hearth_target_defaults target)
    target_link_libraries(${target} PRIVATE hearth_compiler_options)
endfunction()

function(hearth_source_warnings)
    set_source_files_properties(${ARGN} PROPERTIES COMPILE_OPTIONS "${HEARTH_WARNING_FLAGS}")
endfunction()
