# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# One version everywhere: CHANGELOG.md's newest release is the project's version (CMake's
# package, the network module, the User-Agent all take it from project()), and
# `gtest-webhook --version` says it. The changelog keeps the Keep a Changelog form (an
# Unreleased section first, then `## [x.y.z] - YYYY-MM-DD`), the docs name the current release,
# and the installed package carries the license and the changelog, and names the license in its
# pkg-config file.
# cmake -DSOURCE=… -DVERSION=… -DLICENSE=… -DCLI=… -DPREFIX=… -P check_version.cmake
function(fail what)
  message(FATAL_ERROR "release version: ${what}")
endfunction()

file(STRINGS "${SOURCE}/CHANGELOG.md" headings REGEX "^## \\[")
list(LENGTH headings count)
if(count LESS 2)
  fail("CHANGELOG.md has no Unreleased section and released version: ${headings}")
endif()
list(GET headings 0 unreleased)
list(GET headings 1 newest)
if(NOT unreleased STREQUAL "## [Unreleased]")
  fail("CHANGELOG.md does not start with `## [Unreleased]` but `${unreleased}`")
endif()
foreach(heading IN LISTS headings)
  if(NOT heading STREQUAL unreleased AND
     NOT heading MATCHES "^## \\[[0-9]+\\.[0-9]+\\.[0-9]+\\] - [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$")
    fail("CHANGELOG.md: `${heading}` is not `## [x.y.z] - YYYY-MM-DD`")
  endif()
endforeach()
if(NOT newest MATCHES "^## \\[${VERSION}\\] ")
  fail("the project is ${VERSION}, CHANGELOG.md's newest release is `${newest}`")
endif()

execute_process(COMMAND "${CLI}" --version OUTPUT_VARIABLE said RESULT_VARIABLE result)
if(NOT result EQUAL 0 OR NOT said MATCHES "^gtest-webhook ${VERSION}\n")
  fail("`gtest-webhook --version` says `${said}` (exit ${result}), not ${VERSION}")
endif()

# The docs' recipes fetch the current release, and the README shows its User-Agent.
foreach(page docs/integration.md docs/getting-googletest.md docs/platforms.md README.md)
  set(wanted "gtest-webhook-${VERSION}.tar.gz")
  if(page STREQUAL "README.md")
    set(wanted "gtest-webhook/${VERSION},")
  endif()
  file(READ "${SOURCE}/${page}" text)
  string(FIND "${text}" "${wanted}" at)
  if(at EQUAL -1)
    fail("${page} does not name ${wanted} (docs/releasing.md, step 2)")
  endif()
endforeach()

foreach(document LICENSE CHANGELOG.md)
  file(SHA256 "${SOURCE}/${document}" wanted)
  set(installed "${PREFIX}/share/doc/gtest_webhook/${document}")
  if(NOT EXISTS "${installed}")
    fail("the package does not install ${document} as ${installed}")
  endif()
  file(SHA256 "${installed}" got)
  if(NOT got STREQUAL wanted)
    fail("${installed} is not ${SOURCE}/${document}")
  endif()
endforeach()
# The CMake package's promise (SameMajorVersion, CHANGELOG.md): any request of this major version
# up to this version is met, nothing of another major version or newer than this one.
string(REGEX MATCH "^[0-9]+" major "${VERSION}")
math(EXPR next_major "${major} + 1")
foreach(request_and_wanted "${VERSION};TRUE" "${major}.0.0;TRUE" "${next_major}.0.0;FALSE" "${VERSION}.1;FALSE")
  list(GET request_and_wanted 0 PACKAGE_FIND_VERSION)
  list(GET request_and_wanted 1 wanted)
  string(REPLACE "." ";" parts "${PACKAGE_FIND_VERSION}")
  list(GET parts 0 PACKAGE_FIND_VERSION_MAJOR)
  set(PACKAGE_VERSION_COMPATIBLE "")
  include("${PREFIX}/lib/cmake/gtest_webhook/gtest_webhookConfigVersion.cmake")
  if(NOT PACKAGE_VERSION_COMPATIBLE STREQUAL wanted)
    fail("find_package(gtest_webhook ${PACKAGE_FIND_VERSION}) against ${VERSION}: compatible is "
         "`${PACKAGE_VERSION_COMPATIBLE}`, wanted ${wanted}")
  endif()
endforeach()

file(GLOB pc_files "${PREFIX}/lib*/pkgconfig/gtest_webhook.pc" "${PREFIX}/lib/*/pkgconfig/gtest_webhook.pc")
foreach(pc IN LISTS pc_files)
  file(STRINGS "${pc}" license REGEX "^License: ")
  if(NOT license STREQUAL "License: ${LICENSE}")
    fail("${pc} says `${license}`, not `License: ${LICENSE}`")
  endif()
endforeach()
message(STATUS "release version: ${VERSION} in CHANGELOG.md, --version and the package (${LICENSE})")
