#include "net.h"

namespace {

constexpr gtest_webhook::detail::NetModule kModule{gtest_webhook::detail::kNetModuleBuild,
                                                   &gtest_webhook::net::MakeTransport,
                                                   &gtest_webhook::net::MakeHmacSha256};

}  // namespace

// The module's one visible symbol, found by name (kNetModuleEntry) when the module is loaded.
extern "C" __attribute__((visibility("default"))) const gtest_webhook::detail::NetModule*
gtest_webhook_net_module_v1() {
  return &kModule;
}
