# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# What is built for Windows so far (docs/platforms.md): the network module, a DLL on the
# system's own WinHTTP and BCrypt; the reporter's loader of it; and the module's tests, which
# CTest runs under CMAKE_CROSSCOMPILING_EMULATOR (Wine, from scripts/cross.sh windows); and
# platform/windows, with its tests. The listener, the command and the rest of the reporter are
# not built here yet (docs/platforms.md).
message(STATUS "gtest-webhook: on Windows only the network module, the platform layer "
               "and their tests are built so far (docs/platforms.md)")
# Every program beside the module's DLL: a program's own directory is where Windows looks first.
set(CMAKE_RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin)
add_subdirectory(net)

# The platform layer, as much of it as is written for Windows: files and directories (access
# lists, locks, mapped append files), processes (a job object, console control events),
# sockets (event-driven, their owner from the TCP table) and shared libraries.
add_library(gtest_webhook_platform STATIC
  platform/common/append_records.cpp
  platform/common/marked_streams.cpp
  platform/common/process.cpp
  platform/common/reading.cpp
  platform/windows/append_file.cpp
  platform/windows/capture.cpp
  platform/windows/directory.cpp
  platform/windows/files.cpp
  platform/windows/handles.cpp
  platform/windows/library.cpp
  platform/windows/net.cpp
  platform/windows/process.cpp
  platform/windows/signals.cpp
  platform/windows/text.cpp)
target_include_directories(gtest_webhook_platform PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(gtest_webhook_platform PUBLIC advapi32 ws2_32 iphlpapi)
gtest_webhook_warnings(gtest_webhook_platform)

# The loader, as the reporter has it (reporter/src/deliver/net): what a program that sends
# reports uses to reach the module.
add_library(gtest_webhook_net_loader STATIC
  reporter/src/deliver/net/net_loader.cpp
  reporter/src/deliver/net/transport.cpp)
target_link_libraries(gtest_webhook_net_loader PUBLIC gtest_webhook_platform)
target_include_directories(gtest_webhook_net_loader PUBLIC
  ${PROJECT_SOURCE_DIR}/reporter/include ${PROJECT_SOURCE_DIR}/reporter/src ${PROJECT_SOURCE_DIR})
target_compile_definitions(gtest_webhook_net_loader PRIVATE
  GTEST_WEBHOOK_VERSION="${PROJECT_VERSION}"
  GTEST_WEBHOOK_NET_MODULE="${GTEST_WEBHOOK_NET_FILE_NAME}"
  GTEST_WEBHOOK_NET_LIBRARIES="${GTEST_WEBHOOK_NET_LIBRARIES}"
  GTEST_WEBHOOK_INSTALL_LIBDIR="${CMAKE_INSTALL_FULL_BINDIR}")
add_dependencies(gtest_webhook_net_loader gtest_webhook_net)
gtest_webhook_warnings(gtest_webhook_net_loader)

if(GTEST_WEBHOOK_INSTALL)
  # A DLL is found beside the program that loads it: in bin/.
  install(TARGETS gtest_webhook_net RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

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
  target_link_libraries(windows_net_tests PRIVATE gtest_webhook_net_loader GTest::gtest_main
                                                  ws2_32 Threads::Threads)
  gtest_webhook_warnings(windows_net_tests)
  # The platform layer's contract, the same file as on the other systems.
  add_executable(windows_platform_tests tests/unit/platform_files_test.cpp
                                        tests/unit/platform_process_test.cpp)
  target_include_directories(windows_platform_tests SYSTEM PRIVATE ${GTEST_WEBHOOK_HTTPLIB_DIR})
  target_link_libraries(windows_platform_tests PRIVATE gtest_webhook_platform GTest::gtest_main
                                                       Threads::Threads)
  gtest_webhook_warnings(windows_platform_tests)
  # One process for each program: under Wine each start costs about two seconds.
  add_test(NAME windows.net COMMAND windows_net_tests)
  add_test(NAME windows.platform COMMAND windows_platform_tests)
  set_tests_properties(windows.net windows.platform PROPERTIES TIMEOUT 300 LABELS unit)
endif()
