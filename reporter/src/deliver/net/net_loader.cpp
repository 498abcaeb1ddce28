// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>

#include "deliver/net/net_module.h"
#include "platform/library.h"

// Set by the build: the module's file name (libgtest_webhook_net.so.0) and the library
// directory of the install prefix it was configured with.
#ifndef GTEST_WEBHOOK_NET_MODULE
#error "GTEST_WEBHOOK_NET_MODULE must name the network module's file"
#endif
#ifndef GTEST_WEBHOOK_NET_LIBRARIES
#error "GTEST_WEBHOOK_NET_LIBRARIES must name what the network module sends and signs with"
#endif
#ifndef GTEST_WEBHOOK_INSTALL_LIBDIR
#error "GTEST_WEBHOOK_INSTALL_LIBDIR must name the installed library directory"
#endif

namespace gtest_webhook::detail {
namespace {

using Entry = const NetModule* (*)();

// The module at `candidate`, or nullptr with `why` (what is wrong, without the candidate).
const NetModule* TryLoad(const std::string& candidate, std::string& why) {
  void* library = platform::OpenLibrary(candidate, why);
  if (library == nullptr) {
    // The loader's messages start with the name they were given.
    if (why.rfind(candidate + ": ", 0) == 0) why.erase(0, candidate.size() + 2);
    return nullptr;
  }
  // POSIX guarantees that a symbol's address converts to a function pointer.
  const auto entry = reinterpret_cast<Entry>(platform::FindSymbol(library, kNetModuleEntry));
  if (entry == nullptr) {
    why = std::string("not a gtest-webhook network module (it has no ") + kNetModuleEntry + ")";
    return nullptr;
  }
  const NetModule* module = entry();
  if (std::string_view(module->build) != kNetModuleBuild) {
    why = std::string("from ") + module->build + ", not " + kNetModuleBuild;
    return nullptr;
  }
  return module;
}

}  // namespace

const NetModule* LoadNetModule(const std::vector<std::string>& candidates, std::string& why) {
  // Each problem once, after the candidates that had it: "a, b: not found; c: …".
  std::vector<std::pair<std::string, std::string>> problems;
  for (const auto& candidate : candidates) {
    std::string problem;
    if (const NetModule* module = TryLoad(candidate, problem)) return module;
    const auto same = std::find_if(problems.begin(), problems.end(),
                                   [&problem](const auto& seen) { return seen.second == problem; });
    if (same == problems.end()) {
      problems.emplace_back(candidate, problem);
    } else {
      same->first += ", " + candidate;
    }
  }
  why = std::string("cannot load the network module ") + GTEST_WEBHOOK_NET_MODULE +
        " (it sends and signs with " GTEST_WEBHOOK_NET_LIBRARIES ")";
  if (problems.empty()) why += ": nowhere to look";
  for (std::size_t i = 0; i < problems.size(); ++i) {
    why += (i == 0 ? ": " : "; ") + problems[i].first + ": " + problems[i].second;
  }
  return nullptr;
}

std::vector<std::string> NetModuleCandidates() {
  std::vector<std::string> candidates;
  const auto add = [&candidates](const std::string& candidate) {
    if (std::find(candidates.begin(), candidates.end(), candidate) == candidates.end()) {
      candidates.push_back(candidate);
    }
  };
  const auto here = platform::DirectoryOfThisCode();
  if (!here.empty()) add(here + "/" + GTEST_WEBHOOK_NET_MODULE);
  add(GTEST_WEBHOOK_NET_MODULE);
  // Where the program's own libraries are found, also looked at here: a
  // sanitizer that intercepts dlopen makes the loader look in its own run path, not ours.
  for (const auto& directory : platform::RunPaths())
    add(directory + "/" + GTEST_WEBHOOK_NET_MODULE);
  add(std::string(GTEST_WEBHOOK_INSTALL_LIBDIR) + "/" + GTEST_WEBHOOK_NET_MODULE);
  return candidates;
}

namespace {

enum class Tls { kUnknown, kNone, kExpected };
std::atomic<Tls> g_tls{Tls::kUnknown};

}  // namespace

void ExpectTls(bool tls) {
  if (tls) {
    g_tls = Tls::kExpected;
    return;
  }
  // One process, one configuration: a process told of https once keeps it.
  auto unknown = Tls::kUnknown;
  g_tls.compare_exchange_strong(unknown, Tls::kNone);
}

const NetModule* Net(std::string& why) {
  static const NetModule* module = nullptr;
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    module = LoadNetModule(NetModuleCandidates(), failure);
    if (module != nullptr) module->prepare(g_tls != Tls::kNone);
  });
  if (module == nullptr) why = failure;
  return module;
}

}  // namespace gtest_webhook::detail
