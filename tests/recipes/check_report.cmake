# Runs a recipe's test binary the way CI would (reporting, with a signed report to send to a
# port where nothing listens, so that the network module must be found as a user's binary finds
# it), then checks the payload it wrote.
# cmake -DBINARY=… -DREPORT=… -DSTATE=… -DTESTS=<count> -DNAME=<report name> -P check_report.cmake
file(REMOVE "${REPORT}")
execute_process(COMMAND ${CMAKE_COMMAND} -E env GTEST_WEBHOOK_OUTPUT=${REPORT}
                        GTEST_WEBHOOK_URL=http://127.0.0.1:9/hook GTEST_WEBHOOK_SECRET=s3cret
                        GTEST_WEBHOOK_RETRIES=0 GTEST_WEBHOOK_STATE_DIR=${STATE} "${BINARY}"
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${BINARY} exited with ${result}:\n${output}\n${errors}")
endif()
if(errors MATCHES "cannot load" OR NOT errors MATCHES "failed to deliver")
  message(FATAL_ERROR "the network module was not used:\n${errors}")
endif()
if(NOT EXISTS "${REPORT}")
  message(FATAL_ERROR "no payload written: the start-up registration did not happen")
endif()
file(READ "${REPORT}" payload)
string(JSON tests GET "${payload}" tests)
string(JSON stable GET "${payload}" buildStable)
string(JSON name GET "${payload}" name)
if(NOT tests EQUAL TESTS OR NOT stable STREQUAL "ON" OR NOT name STREQUAL NAME)
  message(FATAL_ERROR "unexpected payload (wanted tests=${TESTS}, name=${NAME}):\n${payload}")
endif()
message(STATUS "report ok: ${name}, tests=${tests}, buildStable=${stable}")
