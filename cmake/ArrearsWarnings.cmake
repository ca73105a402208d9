# Warnings for the project's own targets; errors only when arrears is the top-level project.
function(arrears_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
  if(ARREARS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
