# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# Runs a consumer's test binary the way CI would (reporting, with a signed report to send to a
# port where nothing listens, so that it must find the network module as a user's binary finds
# it), then checks the payload it wrote. Used by the package and sub-project consumers and by
# the recipes of docs/getting-googletest.md.
# cmake -DBINARY=… -DREPORT=… -DTESTS=<count> -DNAME=<report name> [-DSKIPPED=<count>]
#       [-DSTATE=<state directory>] -P check_report.cmake
file(REMOVE "${REPORT}")
set(state)
if(STATE)
  set(state GTEST_WEBHOOK_STATE_DIR=${STATE})
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env GTEST_WEBHOOK_OUTPUT=${REPORT}
                        GTEST_WEBHOOK_URL=http://127.0.0.1:9/hook GTEST_WEBHOOK_SECRET=s
                        GTEST_WEBHOOK_RETRIES=0 ${state} "${BINARY}"
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${BINARY} exited with ${result}:\n${output}\n${errors}")
endif()
if(errors MATCHES "cannot load" OR NOT errors MATCHES "deliver")
  message(FATAL_ERROR "the network module was not used:\n${errors}")
endif()
if(NOT EXISTS "${REPORT}")
  message(FATAL_ERROR "no payload written: the start-up registration did not happen")
endif()
file(READ "${REPORT}" payload)
string(JSON tests GET "${payload}" tests)
string(JSON skip GET "${payload}" skip)
string(JSON stable GET "${payload}" buildStable)
string(JSON name GET "${payload}" name)
if(NOT DEFINED SKIPPED)
  set(SKIPPED ${skip})
endif()
if(NOT tests EQUAL TESTS OR NOT skip EQUAL SKIPPED OR NOT stable STREQUAL "ON"
   OR NOT name STREQUAL NAME)
  message(FATAL_ERROR
          "unexpected payload (wanted tests=${TESTS}, skip=${SKIPPED}, name=${NAME}):\n${payload}")
endif()
message(STATUS "report ok: ${name}, tests=${tests}, skip=${skip}, buildStable=${stable}")
