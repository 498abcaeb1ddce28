# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# What Windows adds to the tree (docs/platforms.md): the tests that run there, which CTest runs
# under CMAKE_CROSSCOMPILING_EMULATOR (Wine, from scripts/cross.sh windows): every unit test file,
# and integration tests of what Windows does its own way (a linked binary, its output, run, send,
# the outbox). The package is installed as on every system (cmake/install-rules.cmake), with the
# module's DLL in bin/.
message(STATUS "gtest-webhook: on Windows the unit tests and Windows' own integration tests are "
               "built; the POSIX integration suites are not (docs/platforms.md)")

if(GTEST_WEBHOOK_BUILD_TESTS)
  include(CTest)
  find_package(GTest REQUIRED)
  include(GoogleTest)
  set(GTEST_WEBHOOK_HTTPLIB_DIR "" CACHE PATH "A directory with the single-header httplib.h")
  # The module's tests, with the receivers of the other systems' tests (cpp-httplib on Winsock).
  add_executable(windows_net_tests tests/unit/transport_test.cpp)
  target_include_directories(windows_net_tests PRIVATE tests/support)
  target_include_directories(windows_net_tests SYSTEM PRIVATE ${GTEST_WEBHOOK_HTTPLIB_DIR})
  target_compile_definitions(windows_net_tests PRIVATE GTEST_WEBHOOK_VERSION="${PROJECT_VERSION}")
  target_include_directories(windows_net_tests PRIVATE reporter/src)
  target_link_libraries(windows_net_tests PRIVATE gtest_webhook::reporter GTest::gtest_main
                                                  Threads::Threads)
  gtest_webhook_warnings(windows_net_tests)
  # The other unit tests, the same files as on the other systems (what in them is POSIX's is not
  # compiled here): the payload, the formats, the pages and dashboards, signing and signatures'
  # verification, the readers of result files, the stream model, what the copier keeps of each
  # test's output, how processes' results are merged and assembled into one report, the history,
  # the configuration, hardening, the network module's loader, and delivery (retries, `when`,
  # the outbox, over WinHTTP to receivers on 127.0.0.1).
  add_executable(windows_unit_tests tests/unit/payload_test.cpp tests/unit/text_test.cpp
                                    tests/unit/dashboards_test.cpp tests/unit/render_test.cpp
                                    tests/unit/verify_test.cpp tests/unit/sources_test.cpp
                                    tests/unit/stream_model_test.cpp tests/unit/output_test.cpp
                                    tests/unit/ci_pages_test.cpp tests/unit/merge_test.cpp
                                    tests/unit/assemble_test.cpp tests/unit/history_test.cpp
                                    tests/unit/stability_test.cpp
                                    tests/unit/config_test.cpp tests/unit/delivery_test.cpp
                                    tests/unit/hardening_test.cpp tests/unit/net_module_test.cpp
                                    tests/unit/signing_test.cpp
                                    tests/support/temp_dir.cpp tests/support/private_state.cpp)
  target_include_directories(windows_unit_tests PRIVATE tests/support reporter/src)
  target_include_directories(windows_unit_tests SYSTEM PRIVATE ${GTEST_WEBHOOK_HTTPLIB_DIR})
  target_compile_definitions(windows_unit_tests PRIVATE GTEST_WEBHOOK_VERSION="${PROJECT_VERSION}"
    FOREIGN_MODULE="$<TARGET_FILE:foreign_module>"
    OLDER_LAYOUT_MODULE="$<TARGET_FILE:older_layout_module>")
  target_link_libraries(windows_unit_tests PRIVATE gtest_webhook_inputs gtest_webhook::reporter
                                                   GTest::gtest_main nlohmann_json::nlohmann_json
                                                   Threads::Threads)
  gtest_webhook_warnings(windows_unit_tests)
  # Network modules the loader must refuse: of another build, and of this release's older layout.
  foreach(module foreign_module older_layout_module)
    add_library(${module} SHARED tests/fixtures/${module}.cpp)
    target_include_directories(${module} PRIVATE reporter/src reporter/include)
    target_compile_features(${module} PRIVATE cxx_std_17)
  endforeach()
  target_compile_definitions(older_layout_module PRIVATE GTEST_WEBHOOK_VERSION="${PROJECT_VERSION}")
  add_dependencies(windows_unit_tests foreign_module older_layout_module)
  # The platform layer's contract, the same file as on the other systems.
  add_executable(windows_platform_tests tests/unit/platform_files_test.cpp
                                        tests/unit/platform_process_test.cpp)
  target_include_directories(windows_platform_tests SYSTEM PRIVATE ${GTEST_WEBHOOK_HTTPLIB_DIR})
  target_link_libraries(windows_platform_tests PRIVATE gtest_webhook_platform GTest::gtest_main
                                                       Threads::Threads)
  gtest_webhook_warnings(windows_platform_tests)
  # A binary linked with gtest_webhook::auto, run as CI runs it, reporting to a receiver.
  add_executable(windows_linked_fixture tests/windows/linked_fixture.cpp)
  target_link_libraries(windows_linked_fixture PRIVATE GTest::gtest_main gtest_webhook::auto ws2_32)
  # The same tests in a plain GoogleTest binary, which `run` follows from the outside.
  add_executable(windows_plain_fixture tests/windows/linked_fixture.cpp)
  target_link_libraries(windows_plain_fixture PRIVATE GTest::gtest_main ws2_32)
  add_executable(windows_linked_tests tests/windows/linked_test.cpp)
  target_include_directories(windows_linked_tests PRIVATE tests/support)
  target_include_directories(windows_linked_tests SYSTEM PRIVATE ${GTEST_WEBHOOK_HTTPLIB_DIR})
  target_compile_definitions(windows_linked_tests PRIVATE
    LINKED_FIXTURE="$<TARGET_FILE:windows_linked_fixture>"
    PLAIN_FIXTURE="$<TARGET_FILE:windows_plain_fixture>"
    GTEST_WEBHOOK_COMMAND="$<TARGET_FILE:gtest_webhook_cli>")
  target_link_libraries(windows_linked_tests PRIVATE gtest_webhook_platform GTest::gtest_main
                                                     nlohmann_json::nlohmann_json Threads::Threads)
  add_dependencies(windows_linked_tests windows_linked_fixture windows_plain_fixture
                   gtest_webhook_cli)
  gtest_webhook_warnings(windows_linked_tests)
  # One process for each program: under Wine each start costs about two seconds.
  add_test(NAME windows.net COMMAND windows_net_tests)
  add_test(NAME windows.platform COMMAND windows_platform_tests)
  add_test(NAME windows.unit COMMAND windows_unit_tests)
  add_test(NAME windows.linked COMMAND windows_linked_tests)
  set_tests_properties(windows.net windows.platform windows.unit PROPERTIES TIMEOUT 300 LABELS unit)
  set_tests_properties(windows.linked PROPERTIES TIMEOUT 300 LABELS integration)
endif()
