# Warnings for our own targets only; with GTEST_WEBHOOK_DEVELOPER they are errors.
function(gtest_webhook_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                             -Wno-sign-conversion -Wnon-virtual-dtor)
    if(GTEST_WEBHOOK_DEVELOPER)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()
