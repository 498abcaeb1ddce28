include(CMakePackageConfigHelpers)

set(GTEST_WEBHOOK_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/gtest_webhook")

install(DIRECTORY reporter/include/ listener/include/
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(TARGETS gtest_webhook_reporter gtest_webhook_listener gtest_webhook_auto gtest_webhook_cli
        EXPORT gtest_webhook_targets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
        OBJECTS DESTINATION "${CMAKE_INSTALL_LIBDIR}/gtest_webhook-objects")
# The network module is loaded, never linked: no development name link, not in the export set.
install(TARGETS gtest_webhook_net LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" NAMELINK_SKIP)
install(EXPORT gtest_webhook_targets
        NAMESPACE gtest_webhook::
        DESTINATION "${GTEST_WEBHOOK_CMAKE_DIR}")

configure_package_config_file(cmake/gtest_webhookConfig.cmake.in
  "${PROJECT_BINARY_DIR}/gtest_webhookConfig.cmake"
  INSTALL_DESTINATION "${GTEST_WEBHOOK_CMAKE_DIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/gtest_webhookConfigVersion.cmake"
  COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/gtest_webhookConfig.cmake"
              "${PROJECT_BINARY_DIR}/gtest_webhookConfigVersion.cmake"
        DESTINATION "${GTEST_WEBHOOK_CMAKE_DIR}")

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
include(CPack)
