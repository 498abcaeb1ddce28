# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# Configures and builds the project with this build's generator, type and flags (so that a
# sanitizer build stays one), against the installed package in PREFIX.
# cmake -DSOURCE=… -DBINARY=… -DPREFIX=… -DGENERATOR=… -DBUILD_TYPE=… -DCXX_FLAGS=… -DLINKER_FLAGS=…
#       [-DCONSUMER_OPTIONS=-DCMAKE_CXX_COMPILER=…;-DGTest_DIR=…] -P build.cmake
file(REMOVE_RECURSE "${BINARY}")
execute_process(
  COMMAND ${CMAKE_COMMAND} -S "${SOURCE}" -B "${BINARY}" -G "${GENERATOR}"
          "-DCMAKE_PREFIX_PATH=${PREFIX}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
          "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}" ${CONSUMER_OPTIONS}
  RESULT_VARIABLE configured)
if(NOT configured EQUAL 0)
  message(FATAL_ERROR "configuring the build project failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${BINARY}" RESULT_VARIABLE built)
if(NOT built EQUAL 0)
  message(FATAL_ERROR "building the build project failed")
endif()
