# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# CPack's post-build script (CPACK_POST_BUILD_SCRIPTS): writes each package it made into
# SHA256SUMS in the directory the packages go to, in the form `sha256sum -c` checks, keeping the
# lines of the other packages there (the source archive and the Debian package of a release
# share the file). CPACK_PACKAGE_FILES are still in CPack's staging directory, with the same
# bytes.
set(sums_file "${CPACK_PACKAGE_DIRECTORY}/SHA256SUMS")
foreach(package IN LISTS CPACK_PACKAGE_FILES)
  get_filename_component(name "${package}" NAME)
  set(kept "")
  set(lines "")
  if(EXISTS "${sums_file}")
    file(STRINGS "${sums_file}" kept)
  endif()
  foreach(line IN LISTS kept)
    string(FIND "${line}" "  " at)
    math(EXPR at "${at} + 2")
    string(SUBSTRING "${line}" ${at} -1 other)
    if(NOT other STREQUAL name)
      list(APPEND lines "${line}")
    endif()
  endforeach()
  file(SHA256 "${package}" sum)
  list(APPEND lines "${sum}  ${name}")
  list(JOIN lines "\n" text)
  file(WRITE "${sums_file}" "${text}\n")
  message(STATUS "gtest-webhook: ${sums_file}: ${name}")
endforeach()
