// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The network module's loader: it finds the module of this build, and when it cannot, says
// where it looked and what was wrong with each place.

#include "deliver/net/net_module.h"

#include <gtest/gtest.h>

#include <fstream>

#include "system_words.h"
#include "temp_dir.h"

namespace gtest_webhook::detail {
namespace {

TEST(NetModule, TheModuleOfThisBuildIsFound) {
  std::string why;
  const NetModule* module = LoadNetModule(NetModuleCandidates(), why);
  ASSERT_NE(module, nullptr) << why;
  EXPECT_STREQ(module->build, kNetModuleBuild);
  EXPECT_NE(std::string(kNetModuleBuild).find(GTEST_WEBHOOK_STANDARD_LIBRARY), std::string::npos);
  EXPECT_EQ(Net(why), module);
}

TEST(NetModule, EveryPlaceLookedInIsNamedWithItsProblem) {
  testing::TempDir dir;
  const std::string module = testing::kNetModuleFile;
  const auto missing = dir.File("missing/" + module);
  const auto text = dir.File("text-" + module);
  std::ofstream(text) << "not a shared library\n";
  const auto elsewhere = dir.File("elsewhere/" + module);
  const std::string library = testing::kSomeLibrary;
  std::string why;
  EXPECT_EQ(LoadNetModule({missing, elsewhere, text, library, FOREIGN_MODULE}, why), nullptr);
  EXPECT_EQ(why.rfind("cannot load the network module " + module, 0), 0U) << why;
  // The same problem is said once, after every place that had it.
  const auto both = why.find(missing + ", " + elsewhere + ": ");
  ASSERT_NE(both, std::string::npos) << why;
  const auto said = why.substr(both, why.find(';', both) - both);
  EXPECT_NE(said.find(testing::kNoSuchModule), std::string::npos) << why;
  EXPECT_NE(why.find(text + ": "), std::string::npos) << why;
  EXPECT_NE(why.find(library + ": not a gtest-webhook network module"), std::string::npos) << why;
  EXPECT_NE(why.find(std::string(FOREIGN_MODULE) +
                     ": from gtest-webhook 0.0.0 (another build), not " + kNetModuleBuild),
            std::string::npos)
      << why;
}

// An older package of this release, installed where the loader looks first, has the same build
// but another layout: its entry point's number tells it apart, and it is passed over.
TEST(NetModule, AModuleOfAnotherLayoutIsPassedOver) {
  std::string why;
  EXPECT_EQ(LoadNetModule({OLDER_LAYOUT_MODULE}, why), nullptr);
  EXPECT_NE(why.find(std::string(OLDER_LAYOUT_MODULE) +
                     ": not a gtest-webhook network module (it has no " + kNetModuleEntry + ")"),
            std::string::npos)
      << why;
  auto candidates = NetModuleCandidates();
  candidates.insert(candidates.begin(), OLDER_LAYOUT_MODULE);
  const NetModule* module = LoadNetModule(candidates, why);
  ASSERT_NE(module, nullptr) << why;
  EXPECT_NE(module->prepare, nullptr);
}

TEST(NetModule, AnyModuleOfThisBuildAmongTheCandidatesWillDo) {
  std::string why;
  auto candidates = NetModuleCandidates();
  candidates.insert(candidates.begin(), FOREIGN_MODULE);
  EXPECT_NE(LoadNetModule(candidates, why), nullptr) << why;
}

}  // namespace
}  // namespace gtest_webhook::detail
