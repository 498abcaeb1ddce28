# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# The listener (gtest_webhook::listener) and its start-up registration (gtest_webhook::auto),
# compiled in the project that links them, against that project's GoogleTest and with its
# compiler and flags, so that a test binary never holds two GoogleTests nor a listener built
# against another release's headers. One function for every way a project gets gtest-webhook:
# this project's own build and a project that adds it with add_subdirectory or FetchContent
# call it with the source tree; the installed package's config file calls it with the sources
# it installs (share/gtest_webhook/src).
#
# The GoogleTest linked is the project's own build of it when there is one (the `gtest` target
# of add_subdirectory or FetchContent, which 1.11 and later also call GTest::gtest), else an
# installed one (GTest::gtest of find_package(GTest), or GTest::GTest of older CMake). The
# choice is made when the build is generated, so a project may make its GoogleTest targets
# before or after it finds or adds gtest-webhook.
#
# The listener is C++17 inside; nothing of that reaches the code that links it (a C++14 test
# suite links gtest_webhook::auto unchanged).

include_guard(GLOBAL)

# The GoogleTest target to link, as a generator expression: empty when the project has none.
set(GTEST_WEBHOOK_GOOGLETEST
    "$<IF:$<TARGET_EXISTS:gtest>,gtest,$<IF:$<TARGET_EXISTS:GTest::gtest>,GTest::gtest,$<$<TARGET_EXISTS:GTest::GTest>:GTest::GTest>>>")

# Says, at the end of the directory it was deferred to, when no GoogleTest target can be seen
# there; with `find`, looks for an installed GoogleTest first (as this package's config file
# always did for a project that did not look for one itself).
function(_gtest_webhook_check_googletest find)
  if(TARGET gtest OR TARGET GTest::gtest OR TARGET GTest::GTest)
    return()
  endif()
  if(find)
    find_package(GTest QUIET)
    if(TARGET GTest::gtest OR TARGET GTest::GTest)
      return()
    endif()
  endif()
  message(WARNING "gtest-webhook: no GoogleTest target (gtest, GTest::gtest) can be seen from "
                  "${CMAKE_CURRENT_SOURCE_DIR}: gtest_webhook::listener and gtest_webhook::auto "
                  "cannot be built. Call find_package(GTest), or add GoogleTest with FetchContent "
                  "or add_subdirectory, in the directory that finds or adds gtest-webhook, or "
                  "above it.")
endfunction()

# gtest_webhook_listener_targets(ROOT <dir> [RUN_PATH <dir>] [EXCLUDE_FROM_ALL]
#                                [FIND_GOOGLETEST])
#   ROOT: the directory holding listener/ (src, include), reporter/src and platform/.
#   RUN_PATH: a run path for the binaries that link them (where the network module is built).
#   EXCLUDE_FROM_ALL: built only for a binary that links them (a project that uses only the
#     command needs no GoogleTest).
#   FIND_GOOGLETEST: the installed package's way: GoogleTest is looked at from the calling
#     directory when it is done, and an installed one looked for when the project made none
#     visible. Without it, from the top directory when the whole project is done.
function(gtest_webhook_listener_targets)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "EXCLUDE_FROM_ALL;FIND_GOOGLETEST" "ROOT;RUN_PATH" "")
  set(root "${ARG_ROOT}")
  add_library(gtest_webhook_listener STATIC
    "${root}/listener/src/listener.cpp"
    "${root}/listener/src/report_sink.cpp"
    "${root}/listener/src/collect_sink.cpp"
    "${root}/listener/src/output_capture.cpp")
  add_library(gtest_webhook::listener ALIAS gtest_webhook_listener)
  set_target_properties(gtest_webhook_listener PROPERTIES
    OUTPUT_NAME gtest_webhook_listener
    POSITION_INDEPENDENT_CODE ON
    CXX_EXTENSIONS OFF)
  target_compile_features(gtest_webhook_listener PRIVATE cxx_std_17)
  target_include_directories(gtest_webhook_listener
    PUBLIC "$<BUILD_INTERFACE:${root}/listener/include>"
    PRIVATE "${root}/listener/src" "${root}/reporter/src" "${root}")
  target_link_libraries(gtest_webhook_listener PUBLIC gtest_webhook::reporter
                                                      "${GTEST_WEBHOOK_GOOGLETEST}")
  if(ARG_RUN_PATH)
    target_link_options(gtest_webhook_listener INTERFACE "LINKER:-rpath,${ARG_RUN_PATH}")
  endif()

  # An object library: its object file is linked into every binary that names it, so the
  # start-up registration survives static linking (a static library member nobody references
  # would be dropped by the linker).
  add_library(gtest_webhook_auto OBJECT "${root}/listener/src/auto_register.cpp")
  add_library(gtest_webhook::auto ALIAS gtest_webhook_auto)
  set_target_properties(gtest_webhook_auto PROPERTIES POSITION_INDEPENDENT_CODE ON
                                                      CXX_EXTENSIONS OFF)
  target_compile_features(gtest_webhook_auto PRIVATE cxx_std_17)
  target_link_libraries(gtest_webhook_auto PUBLIC gtest_webhook_listener)

  if(ARG_EXCLUDE_FROM_ALL)
    set_target_properties(gtest_webhook_listener gtest_webhook_auto PROPERTIES
                          EXCLUDE_FROM_ALL ON)
  endif()
  if(ARG_FIND_GOOGLETEST)
    cmake_language(DEFER CALL _gtest_webhook_check_googletest ON)
  else()
    cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL _gtest_webhook_check_googletest OFF)
  endif()
endfunction()
