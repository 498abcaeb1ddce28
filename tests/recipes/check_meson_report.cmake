# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# Checks the one report of `gtest-webhook run -- meson test`: both binaries of the Meson build,
# each test process once, every test of each.
file(READ "${REPORT}" payload)
string(JSON tests GET "${payload}" tests)
string(JSON processes GET "${payload}" run processes)
string(JSON binaries GET "${payload}" run binaries)
string(JSON skip GET "${payload}" skip)
string(JSON stable GET "${payload}" buildStable)
if(NOT tests EQUAL 4 OR NOT processes EQUAL 2 OR NOT skip EQUAL 1 OR NOT stable STREQUAL "ON"
   OR NOT binaries MATCHES "linked_test" OR NOT binaries MATCHES "plain_test")
  message(FATAL_ERROR "unexpected report of the Meson build:\n${payload}")
endif()
message(STATUS "report ok: ${tests} tests from ${processes} processes of ${binaries}")
