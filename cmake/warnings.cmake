# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# The settings of our own targets: standard C++17 (never the GNU dialect, so the code builds with
# any conforming compiler), kept to the target so that no project that links it is made to
# compile its own code as C++17; and warnings, which GTEST_WEBHOOK_DEVELOPER makes errors.
function(gtest_webhook_warnings target)
  target_compile_features(${target} PRIVATE cxx_std_17)
  set_target_properties(${target} PROPERTIES CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON
                                             CXX_EXTENSIONS OFF)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                             -Wno-sign-conversion -Wnon-virtual-dtor)
    if(GTEST_WEBHOOK_DEVELOPER)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  elseif(MSVC)
    # Untested here (docs/platforms.md): MSVC's level 4, and standard conformance.
    target_compile_options(${target} PRIVATE /W4 /permissive- /utf-8)
    if(GTEST_WEBHOOK_DEVELOPER)
      target_compile_options(${target} PRIVATE /WX)
    endif()
  endif()
endfunction()
