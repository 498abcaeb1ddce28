// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The pieces the hostile cases (tests/hostile) rest on, one by one: escaping what is printed,
// bounded reads of regular files only, directories that never follow a link, durations that
// cannot overflow, URL schemes.

#include <gtest/gtest.h>
#ifndef _WIN32
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "escape.h"
#include "model/report.h"
#include "model/text.h"
#include "model/url.h"
#include "platform/files.h"
#include "system_words.h"
#include "temp_dir.h"

namespace gtest_webhook::detail {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::TempDir;

std::string EscapeControls(std::string_view text) { return Escaped(text, Target::kTerminal); }

TEST(EscapeControls, LeavesTextAndUtf8AloneAndEscapesEveryControl) {
  EXPECT_EQ(EscapeControls("plain text\twith a tab, Grüße, 世界 ✓"),
            "plain text\twith a tab, Grüße, 世界 ✓");
  EXPECT_EQ(EscapeControls("a\nb\rc\x1b[2Jd\x7f"), "a\\nb\\rc\\x1b[2Jd\\x7f");
  EXPECT_EQ(EscapeControls(std::string("nul\0end", 7)), "nul\\x00end");
  EXPECT_EQ(EscapeControls("c1 \xc2\x9b csi, \xc2\x85 nel"), "c1 \\u009b csi, \\u0085 nel");
  // Bytes that are not UTF-8 (a lone byte, an overlong form, a surrogate) are shown as bytes.
  EXPECT_EQ(EscapeControls("\xff \xc0\x8a \xed\xa0\x80"), "\\xff \\xc0\\x8a \\xed\\xa0\\x80");
  EXPECT_EQ(EscapeControls("cut \xe4\xb8"), "cut \\xe4\\xb8");
}

TEST(PrintLine, PrintsOneLineWhateverTheText) {
  std::ostringstream out;
  detail::PrintLine(out, "gtest-webhook: x\ngtest-webhook: delivered to FAKE");
  EXPECT_EQ(out.str(), "gtest-webhook: x\\ngtest-webhook: delivered to FAKE\n");
  detail::LinePrinter once(out);
  once.Print("same");
  once.Print("same");
  once.Print("other");
  EXPECT_EQ(out.str().substr(out.str().find('\n') + 1), "same\nother\n");
}

TEST(MillisecondsOf, IsNeverNegativeAndNeverOverflows) {
  EXPECT_EQ(MillisecondsOf(0.25), 250);
  EXPECT_EQ(MillisecondsOf("1.5s"), 1500);
  EXPECT_EQ(MillisecondsOf(-3.0), 0);
  EXPECT_EQ(MillisecondsOf(std::numeric_limits<double>::quiet_NaN()), 0);
  EXPECT_EQ(MillisecondsOf(std::numeric_limits<double>::infinity()), 0);
  EXPECT_EQ(MillisecondsOf("garbage"), 0);
  const auto century = MillisecondsOf(100.0 * 366 * 86400);
  EXPECT_EQ(MillisecondsOf(1e308), century);
  EXPECT_GT(century, 0);
}

TEST(WebhookUrls, AnotherSchemeIsNamed) {
  EXPECT_EQ(detail::ValidateWebhookUrl("file:///etc/passwd"),
            "its scheme 'file' is not http or https");
  EXPECT_EQ(detail::ValidateWebhookUrl("FTP://host/x"), "its scheme 'ftp' is not http or https");
  EXPECT_EQ(detail::ValidateWebhookUrl("https://hooks.example/x"), "");
  EXPECT_EQ(detail::ValidateWebhookUrl("hooks.example/x"),
            "it has no scheme (expected http:// or https://)");
}

TEST(ReadRegularFile, ReadsFilesWithinTheBoundAndRefusesEverythingElse) {
  TempDir dir;
  std::ofstream(dir.File("small")) << "12345";
  std::string bytes;
  std::string why;
  EXPECT_EQ(platform::ReadRegularFile(dir.File("small"), 5, bytes, why),
            platform::ReadOutcome::kRead);
  EXPECT_EQ(bytes, "12345");
  EXPECT_EQ(platform::ReadRegularFile(dir.File("small"), 4, bytes, why),
            platform::ReadOutcome::kRefused);
  EXPECT_EQ(why, "it holds 5 bytes, more than the 4 bytes that is read of it");
  EXPECT_EQ(platform::ReadRegularFile(dir.File("none"), 4, bytes, why),
            platform::ReadOutcome::kMissing);
#ifndef _WIN32  // (Windows has no FIFO in its file system.)
  ASSERT_EQ(::mkfifo(dir.File("fifo").c_str(), 0600), 0);
  EXPECT_EQ(platform::ReadRegularFile(dir.File("fifo"), 4, bytes, why),
            platform::ReadOutcome::kRefused);
  EXPECT_EQ(why, "it is a FIFO, not a regular file");
#endif
  EXPECT_EQ(platform::ReadRegularFile(testing::kDevice, 4, bytes, why),
            platform::ReadOutcome::kRefused);
  EXPECT_EQ("(" + why + ")", testing::kNotAFile);
  EXPECT_EQ(platform::ReadRegularFile(dir.path(), 4, bytes, why), platform::ReadOutcome::kRefused);
  EXPECT_EQ(why, "it is a directory, not a regular file");
}

// How `run` tells an executable that links a sanitizer's runtime: a needle cut by the end of a
// read is still found, nothing is found past the bound, and a FIFO is never read.
TEST(FileHoldsAny, FindsANeedleAcrossPiecesWithinItsBoundAndNeverReadsAFifo) {
  TempDir dir;
  const auto path = dir.File("exe");
  std::string bytes((1U << 20U) - 3, 'x');  // the needle straddles the first 1 MiB piece
  bytes += "__asan_init";
  std::ofstream(path, std::ios::binary) << bytes;
  EXPECT_TRUE(platform::FileHoldsAny(path, {"libasan.so", "__asan_init"}, 4U << 20U));
  EXPECT_FALSE(platform::FileHoldsAny(path, {"__tsan_init"}, 4U << 20U));
  EXPECT_FALSE(platform::FileHoldsAny(path, {"__asan_init"}, (1U << 20U) + 4));  // past the bound
  EXPECT_TRUE(platform::FileHoldsAny(path, {"__asan_init"}, (1U << 20U) + 8));
  EXPECT_FALSE(platform::FileHoldsAny(dir.File("missing"), {"x"}, 1U << 20U));
#ifndef _WIN32
  const auto fifo = dir.File("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_FALSE(platform::FileHoldsAny(fifo, {"x"}, 1U << 20U));
#endif
}

TEST(DescribeBytes, SaysSizesTheWayPeopleReadThem) {
  EXPECT_EQ(platform::DescribeBytes(12), "12 bytes");
  EXPECT_EQ(platform::DescribeBytes(1024), "1 KiB");
  EXPECT_EQ(platform::DescribeBytes(1536), "1.5 KiB");
  EXPECT_EQ(platform::DescribeBytes(256ULL << 20U), "256 MiB");
}

// A directory that belongs to this user and that only it can write to.
std::unique_ptr<platform::Directory> Private(const TempDir& dir, std::string& why) {
  return platform::Directory::Open(dir.path(), platform::DirectoryUse::kPrivate, why);
}

// Mode bits, symbolic links and FIFOs: POSIX's. (Windows' own, access lists and links it makes,
// are in platform_files_test.cpp.)
#ifndef _WIN32
TEST(Directory, RefusesWhatOthersCanWriteToSayingHowToFixIt) {
  TempDir dir;
  std::string why;
  EXPECT_NE(Private(dir, why), nullptr) << why;
  fs::permissions(dir.path(), fs::perms::group_write, fs::perm_options::add);
  EXPECT_EQ(Private(dir, why), nullptr);
  EXPECT_EQ(why,
            "other users can write in it (mode 0720); make it private with chmod go-w, as "
            "ssh wants of ~/.ssh");
  // A build's folder may be its group's, not everyone's.
  EXPECT_NE(platform::Directory::Open(dir.path(), platform::DirectoryUse::kBuild, why), nullptr);
  fs::permissions(dir.path(), fs::perms::others_write, fs::perm_options::add);
  EXPECT_EQ(platform::Directory::Open(dir.path(), platform::DirectoryUse::kBuild, why), nullptr);
  EXPECT_NE(why.find("every user can write in it (mode 0722)"), std::string::npos) << why;
}

TEST(Directory, CreatesMissingFoldersPrivate) {
  TempDir dir;
  std::string why;
  const auto path = dir.File("a/b/state");
  ASSERT_NE(platform::Directory::Open(path, platform::DirectoryUse::kPrivate, why), nullptr) << why;
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_all);
}

TEST(Directory, ReplacesALinkItWritesOverAndNeverReadsThroughOne) {
  TempDir dir;
  TempDir elsewhere;
  std::ofstream(elsewhere.File("victim")) << "precious";
  fs::create_symlink(elsewhere.File("victim"), dir.File("state.json"));
  std::string why;
  const auto directory = Private(dir, why);
  ASSERT_NE(directory, nullptr);
  std::string bytes;
  EXPECT_EQ(directory->Read("state.json", 100, bytes, why), platform::ReadOutcome::kRefused);
  EXPECT_EQ(why, "it is a symbolic link, which is not followed");
  auto writer = directory->Write("state.json", platform::Access::kPrivate, why);
  ASSERT_NE(writer, nullptr) << why;
  writer->Write("ours");
  EXPECT_EQ(writer->Commit(), "");
  EXPECT_EQ(ReadFile(elsewhere.File("victim")), "precious");
  EXPECT_FALSE(fs::is_symlink(fs::symlink_status(dir.File("state.json"))));
  EXPECT_EQ(ReadFile(dir.File("state.json")), "ours");
  EXPECT_EQ(fs::status(dir.File("state.json")).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
}

TEST(Directory, RemovesALinkWhereALockOrAFolderGoesAndSaysSo) {
  TempDir dir;
  TempDir elsewhere;
  fs::create_symlink(elsewhere.File("created"), dir.File("x.lock"));
  fs::create_symlink(elsewhere.path(), dir.File("outbox"));
  std::string why;
  const auto directory = Private(dir, why);
  ASSERT_NE(directory, nullptr);
  std::vector<std::string> notes;
  {
    const auto lock = directory->Lock("x.lock", std::chrono::steady_clock::now(), why, notes);
    ASSERT_NE(lock, nullptr) << why;
    EXPECT_FALSE(fs::exists(elsewhere.File("created")));
  }
  EXPECT_FALSE(fs::exists(fs::symlink_status(dir.File("x.lock"))));  // gone with the lock
  EXPECT_EQ(directory->Child("outbox", false, why, notes), nullptr);
  EXPECT_EQ(why, "'" + dir.File("outbox") + "' is a symbolic link, not a directory");
  const auto outbox = directory->Child("outbox", true, why, notes);
  ASSERT_NE(outbox, nullptr) << why;
  EXPECT_TRUE(fs::is_directory(fs::symlink_status(dir.File("outbox"))));
  EXPECT_TRUE(fs::is_empty(elsewhere.path()));
  ASSERT_EQ(notes.size(), 2U);
  EXPECT_EQ(notes[0], "'" + dir.File("x.lock") +
                          "' was a symbolic link; it was removed, not "
                          "followed");
}

#endif

TEST(Directory, ALockIsExclusiveUntilItGoes) {
  TempDir dir;
  std::string why;
  const auto directory = Private(dir, why);
  std::vector<std::string> notes;
  auto held = directory->Lock("x.lock", std::chrono::steady_clock::now(), why, notes);
  ASSERT_NE(held, nullptr);
  EXPECT_EQ(directory->Lock("x.lock", std::chrono::steady_clock::now(), why, notes), nullptr);
  EXPECT_EQ(why, "another process held it until the deadline");
  held.reset();
  EXPECT_NE(directory->Lock("x.lock", std::chrono::steady_clock::now(), why, notes), nullptr);
}

#ifndef _WIN32
TEST(FileWriter, NeverBlocksOnAFifoThatNoProcessReads) {
  TempDir dir;
  ASSERT_EQ(::mkfifo(dir.File("fifo").c_str(), 0600), 0);
  std::string why;
  EXPECT_EQ(platform::FileWriter::Open(dir.File("fifo"), platform::Access::kShared, why), nullptr);
  EXPECT_EQ(why, "it is a FIFO that no process reads");
  EXPECT_EQ(platform::AppendToFile(dir.File("fifo"), "record\n"),
            "it is a FIFO that no process reads");
  EXPECT_EQ(platform::FileWriter::Open(dir.path(), platform::Access::kShared, why), nullptr);
  EXPECT_EQ(why, "it is a directory, not a file");
}
#endif

}  // namespace
}  // namespace gtest_webhook::detail
