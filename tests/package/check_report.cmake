# Runs the consumer with GTEST_WEBHOOK_OUTPUT set and checks the payload it wrote. It also has a
# signed report to send (to a port where nothing should listen: whether it arrives does not
# matter here), so it must find the network module as the user's binary would.
file(REMOVE "${OUTPUT}")
execute_process(COMMAND ${CMAKE_COMMAND} -E env GTEST_WEBHOOK_OUTPUT=${OUTPUT}
                        GTEST_WEBHOOK_URL=http://127.0.0.1:9/hook GTEST_WEBHOOK_SECRET=s3cret
                        GTEST_WEBHOOK_RETRIES=0 "${BINARY}"
                RESULT_VARIABLE result ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "consumer_test exited with ${result}: ${errors}")
endif()
if(errors MATCHES "cannot load" OR NOT errors MATCHES "deliver")
  message(FATAL_ERROR "the network module was not used: ${errors}")
endif()
if(NOT EXISTS "${OUTPUT}")
  message(FATAL_ERROR "no payload written: auto-registration did not happen")
endif()
file(READ "${OUTPUT}" payload)
string(JSON tests GET "${payload}" tests)
string(JSON skip GET "${payload}" skip)
string(JSON stable GET "${payload}" buildStable)
string(JSON name GET "${payload}" name)
if(NOT tests EQUAL 3 OR NOT skip EQUAL SKIPPED OR NOT stable STREQUAL "ON"
   OR NOT name STREQUAL "consumer_test")
  message(FATAL_ERROR "unexpected payload: ${payload}")
endif()
message(STATUS "payload ok: tests=${tests} skip=${skip} buildStable=${stable}")
