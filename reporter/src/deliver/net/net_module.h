// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The network module, libgtest_webhook_net.so: everything that needs libcurl or libcrypto
// (the HTTP transport and HMAC-SHA256), linked with them the ordinary way, so that `ldd` and
// `dpkg-shlibdeps` see them. The reporter loads it on first use (net_loader.cpp): a test binary
// that links gtest-webhook but reports nothing never maps libcurl, libcrypto and their ~30
// dependencies (about 6 MiB of resident memory and 10-15 ms per process).
//
// The module and the reporter come from one build and share these C++ types; kNetModuleBuild
// tells a module of another build (another release, or another standard library) apart before
// any of them is used.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gtest_webhook/transport.h"

#if defined(_LIBCPP_VERSION)
#define GTEST_WEBHOOK_STANDARD_LIBRARY "libc++"
#elif defined(__GLIBCXX__)
#define GTEST_WEBHOOK_STANDARD_LIBRARY "libstdc++"
#else
#define GTEST_WEBHOOK_STANDARD_LIBRARY "another C++ library"
#endif

namespace gtest_webhook::detail {

/// The build a module or a loader belongs to: "gtest-webhook 0.1.0 (libstdc++)".
inline constexpr char kNetModuleBuild[] =
    "gtest-webhook " GTEST_WEBHOOK_VERSION " (" GTEST_WEBHOOK_STANDARD_LIBRARY ")";

/// The name of the module's entry point: `extern "C" const NetModule* <name>()`. Its number
/// changes with NetModule's layout, so that a module with another layout but the same version
/// (an older package of this release, installed where the loader looks) is passed over rather
/// than called wrongly: v2 added `prepare`, v3 HttpRequest::method.
inline constexpr char kNetModuleEntry[] = "gtest_webhook_net_module_v3";

/// HMAC-SHA256 over a message given in pieces.
class Mac {
 public:
  virtual ~Mac() = default;
  /// Adds `bytes` to the message. Throws std::runtime_error when the library fails.
  virtual void Update(std::string_view bytes) = 0;
  /// The 32-byte digest of everything added. Call once.
  virtual std::string Digest() = 0;
};

/// What the module offers.
struct NetModule {
  /// kNetModuleBuild as the module was built; must equal the loader's.
  const char* build;
  /// The libcurl transport (see MakeCurlTransport).
  std::unique_ptr<Transport> (*make_transport)();
  /// A MAC under `key`. Throws std::runtime_error when OpenSSL provides none.
  std::unique_ptr<Mac> (*make_hmac_sha256)(std::string_view key);
  /// Called once, right after loading. Without `tls` (every URL is http://), OpenSSL is set up
  /// for HMAC only: it reads no configuration file and loads no error strings, which saves
  /// about 1 MiB of resident memory per process.
  void (*prepare)(bool tls);
};

/// Whether the reports of this process go to any https:// URL; until told, they may. Tell it
/// before the first delivery or signature: the module is prepared once, when it is loaded.
void ExpectTls(bool tls);

/// The module, loaded once, on first use; nullptr, with `why`, when it cannot be loaded (every
/// place looked in, and what went wrong there). Safe to call from several threads.
const NetModule* Net(std::string& why);

/// Loads the first of `candidates` (paths, or file names looked for the system's way) that is a
/// module of this build. nullptr, with `why` naming each candidate and its problem, when none is.
const NetModule* LoadNetModule(const std::vector<std::string>& candidates, std::string& why);

/// Where Net looks, in order: beside the file holding this code (a shared reporter library),
/// the module's file name (the caller's run path, which the installed package's CMake targets
/// set, LD_LIBRARY_PATH, the loader's cache), and the library directory of the install prefix.
std::vector<std::string> NetModuleCandidates();

}  // namespace gtest_webhook::detail
