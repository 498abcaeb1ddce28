# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
include(CMakePackageConfigHelpers)

set(GTEST_WEBHOOK_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/gtest_webhook")
# The listener's sources, compiled by each project that links gtest_webhook::listener or
# ::auto against its own GoogleTest (cmake/gtest_webhook_listener.cmake), with the internal
# headers they include, in the layout of this source tree.
set(GTEST_WEBHOOK_SOURCES_DIR "${CMAKE_INSTALL_DATADIR}/gtest_webhook/src")

install(DIRECTORY reporter/include/ listener/include/
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
# The reporter (no GoogleTest in it) and the command; the listener is not exported: it is built
# where it is used.
install(TARGETS gtest_webhook_reporter gtest_webhook_cli
        EXPORT gtest_webhook_targets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
# The network module is loaded, never linked: no development name link, not in the export set.
# On Windows a DLL is found beside the program that loads it, or on PATH: in bin/, with the
# command (and without its import library).
if(WIN32)
  install(TARGETS gtest_webhook_net RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
elseif(GTEST_WEBHOOK_LINK_NET)
  install(TARGETS gtest_webhook_net LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" NAMELINK_SKIP)
endif()
# MinGW-w64's C++ runtime, which the command, the module and the programs built against this
# package share (C++ objects cross between them): beside them in bin/, so that a Windows machine
# needs nothing else installed.
if(MINGW)
  foreach(runtime libstdc++-6.dll libgcc_s_seh-1.dll libwinpthread-1.dll)
    execute_process(COMMAND "${CMAKE_CXX_COMPILER}" -print-file-name=${runtime}
                    OUTPUT_VARIABLE runtime_path OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(IS_ABSOLUTE "${runtime_path}" AND EXISTS "${runtime_path}")
      install(FILES "${runtime_path}" DESTINATION "${CMAKE_INSTALL_BINDIR}")
    endif()
  endforeach()
endif()
install(EXPORT gtest_webhook_targets
        NAMESPACE gtest_webhook::
        DESTINATION "${GTEST_WEBHOOK_CMAKE_DIR}")

install(DIRECTORY listener/src listener/include
        DESTINATION "${GTEST_WEBHOOK_SOURCES_DIR}/listener")
install(FILES reporter/src/escape.h DESTINATION "${GTEST_WEBHOOK_SOURCES_DIR}/reporter/src")
foreach(header model/phases.h model/process_report.h model/report.h model/summary.h
        model/test_filter.h model/text.h model/selection/gtest_args.h model/selection/quarantine.h
        capture/collect_format.h capture/stream_model.h
        capture/capture_start.h capture/test_output.h
        assemble/ci.h assemble/complete.h deliver/dispatch.h deliver/result.h render/payload.h)
  get_filename_component(folder "${header}" DIRECTORY)
  install(FILES "reporter/src/${header}"
          DESTINATION "${GTEST_WEBHOOK_SOURCES_DIR}/reporter/src/${folder}")
endforeach()
install(FILES platform/capture.h platform/files.h platform/net.h platform/process.h platform/signals.h
        DESTINATION "${GTEST_WEBHOOK_SOURCES_DIR}/platform")

configure_package_config_file(cmake/gtest_webhookConfig.cmake.in
  "${PROJECT_BINARY_DIR}/gtest_webhookConfig.cmake"
  INSTALL_DESTINATION "${GTEST_WEBHOOK_CMAKE_DIR}"
  PATH_VARS GTEST_WEBHOOK_SOURCES_DIR)
write_basic_package_version_file("${PROJECT_BINARY_DIR}/gtest_webhookConfigVersion.cmake"
  COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/gtest_webhookConfig.cmake"
              "${PROJECT_BINARY_DIR}/gtest_webhookConfigVersion.cmake"
              cmake/gtest_webhook_listener.cmake
        DESTINATION "${GTEST_WEBHOOK_CMAKE_DIR}")

# pkg-config (and Meson's dependency('gtest_webhook')), for projects on the system GoogleTest:
# a listener built here against it, and the registration as a library of its own that the link
# line pulls in by a symbol (-Wl,-u), since pkg-config cannot name an object file.
if(GTest_FOUND)
  add_library(gtest_webhook_auto_library STATIC listener/src/auto_register.cpp)
  set_target_properties(gtest_webhook_auto_library PROPERTIES OUTPUT_NAME gtest_webhook_auto
                                                              POSITION_INDEPENDENT_CODE ON)
  target_link_libraries(gtest_webhook_auto_library PRIVATE gtest_webhook_listener)
  gtest_webhook_warnings(gtest_webhook_auto_library)
  install(TARGETS gtest_webhook_listener gtest_webhook_auto_library
          ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}")
  # Relative to the .pc file's own place, so that the installed tree may move (--prefix).
  file(RELATIVE_PATH GTEST_WEBHOOK_PC_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
  string(REGEX REPLACE "/$" "" GTEST_WEBHOOK_PC_PREFIX "${GTEST_WEBHOOK_PC_PREFIX}")
  # The registration's symbol as the linker names it: Mach-O puts an underscore before C names.
  set(GTEST_WEBHOOK_PC_SYMBOL_PREFIX "")
  if(APPLE)
    set(GTEST_WEBHOOK_PC_SYMBOL_PREFIX "_")
  endif()
  configure_file(cmake/gtest_webhook.pc.in "${PROJECT_BINARY_DIR}/gtest_webhook.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/gtest_webhook.pc"
          DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
else()
  message(STATUS "gtest-webhook: no system GoogleTest; the pkg-config listener is not installed")
endif()

# The license and the changelog, in the package's documents (share/doc/gtest_webhook). The Debian
# package's preset puts them where Debian's policy wants them (/usr/share/doc/gtest-webhook) and
# adds the license as `copyright`, in Debian's machine-readable form.
install(FILES LICENSE CHANGELOG.md DESTINATION "${CMAKE_INSTALL_DOCDIR}")
option(GTEST_WEBHOOK_DEBIAN_COPYRIGHT "Install LICENSE as Debian's copyright file" OFF)
if(GTEST_WEBHOOK_DEBIAN_COPYRIGHT)
  file(STRINGS LICENSE license_lines)
  set(copyright "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
                "Upstream-Name: gtest-webhook\n\nFiles: *\n"
                "Copyright: 2026 The gtest-webhook developers\n"
                "License: ${GTEST_WEBHOOK_LICENSE}\n")
  foreach(line IN LISTS license_lines)
    if(line STREQUAL "")
      set(line ".")
    endif()
    list(APPEND copyright " ${line}\n")
  endforeach()
  list(JOIN copyright "" copyright)
  file(WRITE "${PROJECT_BINARY_DIR}/copyright" "${copyright}")
  install(FILES "${PROJECT_BINARY_DIR}/copyright" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
endif()

# The Debian package: `cmake --workflow --preset package` (prefix /usr, so libraries go to the
# multiarch directory) writes build/package/gtest-webhook_<version>_<arch>.deb. dpkg-shlibdeps
# reads what the command and the network module link, so Depends names libcurl4 and libssl3
# (libcrypto's package); what a project needs to build against the static libraries and the
# CMake package (GoogleTest, nlohmann/json) is named here.
set(CPACK_PACKAGE_NAME gtest-webhook)
set(CPACK_PACKAGE_VENDOR gtest-webhook)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "gtest-webhook developers")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libgtest-dev, nlohmann-json3-dev")
# Registers the module with the loader's cache (ldconfig trigger), so it is found by name too.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")

# The source release: `cmake --build build --target package_source` writes
# gtest-webhook-<version>.tar.gz (the source tree as git tracks it: no .git, nothing that
# .gitignore names) and SHA256SUMS beside it, which FetchContent pins with URL_HASH
# (docs/releasing.md).
set(CPACK_VERBATIM_VARIABLES ON)  # the patterns below reach cpack as written
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_PACKAGE_FILE_NAME "gtest-webhook-${PROJECT_VERSION}")
string(REGEX REPLACE "([][+.*()^$?|\\])" "\\\\\\1" source_dir_regex "${PROJECT_SOURCE_DIR}")
set(CPACK_SOURCE_IGNORE_FILES "^${source_dir_regex}/\\.git(/|$)"
    "^${source_dir_regex}/(.*/)?build/" "^${source_dir_regex}/out/" "\\.tmp\\.")
# Every package made (the source archive, the Debian package) gets its line in SHA256SUMS.
set(CPACK_POST_BUILD_SCRIPTS "${PROJECT_SOURCE_DIR}/cmake/sha256sums.cmake")
include(CPack)
