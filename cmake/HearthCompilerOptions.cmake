# Warning and sanitizer flags shared by every Hearth target.
# Targets opt in with hearth_target_defaults(<target>) so that
# third-party code (generated Qt sources aside) is never held to them.

add_library(hearth_compiler_options INTERFACE)
target_compile_options(hearth_compiler_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor
    # Vulkan structs are set up as `VkFoo info{VK_STRUCTURE_TYPE_FOO};` with the
    # rest zeroed on purpose; -Wextra would flag every one of them.
    -Wno-missing-field-initializers
    $<$<BOOL:${HEARTH_WERROR}>:-Werror>)

if(HEARTH_SANITIZE)
    target_compile_options(hearth_compiler_options INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(hearth_compiler_options INTERFACE -fsanitize=address,undefined)
endif()

function(hearth_target_defaults target)
    target_link_libraries(${target} PRIVATE hearth_compiler_options)
endfunction()
