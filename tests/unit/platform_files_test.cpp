// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The contract of platform/files.h, the same on every system: the state directory's files are
// replaced whole, read within bounds, locked, listed and appended to as the reporter relies on.
// Built into unit_tests on Linux and into windows_platform_tests for Windows (run under Wine).

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/files.h"

#ifdef _WIN32
#include <aclapi.h>
#include <sddl.h>
#include <windows.h>
#else
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace gtest_webhook::platform {
namespace {

using Clock = std::chrono::steady_clock;

// Lets every user write in the directory at `path`: mode 0777, or an access list granting
// Everyone full control.
void LetEveryoneWrite(const std::string& path) {
#ifdef _WIN32
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  ASSERT_TRUE(ConvertStringSecurityDescriptorToSecurityDescriptorW(
      L"D:(A;OICI;FA;;;WD)", SDDL_REVISION_1, &descriptor, nullptr));
  BOOL present = FALSE;
  BOOL defaulted = FALSE;
  PACL list = nullptr;
  GetSecurityDescriptorDacl(descriptor, &present, &list, &defaulted);
  std::wstring wide(path.begin(), path.end());
  ASSERT_EQ(SetNamedSecurityInfoW(wide.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr,
                                  nullptr, list, nullptr),
            static_cast<DWORD>(ERROR_SUCCESS));
  LocalFree(descriptor);
#else
  ASSERT_EQ(::chmod(path.c_str(), 0777), 0);
#endif
}

// Makes `link` a symbolic link to the file `target`; false when this system or user cannot.
bool MakeLink(const std::string& target, const std::string& link) {
#ifdef _WIN32
  const std::wstring wide_target(target.begin(), target.end());
  const std::wstring wide_link(link.begin(), link.end());
  if (!CreateSymbolicLinkW(wide_link.c_str(), wide_target.c_str(),
                           SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE)) {
    return false;
  }
  const DWORD attributes = GetFileAttributesW(wide_link.c_str());
  return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0;
#else
  return ::symlink(target.c_str(), link.c_str()) == 0;
#endif
}

// A name that is a device on this system.
#ifdef _WIN32
constexpr const char* kDevice = "NUL";
#else
constexpr const char* kDevice = "/dev/null";
#endif

class PlatformFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    temp_ = TempDirectory::Create("gtest-webhook-files-", why);
    ASSERT_NE(temp_, nullptr) << why;
    directory_ = Directory::Open(temp_->path() + "/state", DirectoryUse::kPrivate, why);
    ASSERT_NE(directory_, nullptr) << why;
  }

  void Put(const std::string& name, const std::string& bytes) {
    std::string why;
    const auto writer = directory_->Write(name, Access::kPrivate, why);
    ASSERT_NE(writer, nullptr) << why;
    writer->Write(bytes);
    ASSERT_EQ(writer->Commit(), "");
  }

  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    std::string why;
    EXPECT_TRUE(directory_->List(names, why)) << why;
    std::sort(names.begin(), names.end());
    return names;
  }

  std::unique_ptr<TempDirectory> temp_;
  std::unique_ptr<Directory> directory_;
};

TEST_F(PlatformFiles, AFileIsReplacedWholeAndReadWithinItsBound) {
  Put("history.json", "first");
  Put("history.json", "second, longer");
  std::string bytes;
  std::string why;
  EXPECT_EQ(directory_->Read("history.json", 1024, bytes, why), ReadOutcome::kRead) << why;
  EXPECT_EQ(bytes, "second, longer");
  EXPECT_EQ(directory_->SizeOf("history.json"), 14);
  EXPECT_EQ(directory_->Read("history.json", 4, bytes, why), ReadOutcome::kRefused);
  EXPECT_NE(why.find("more than the 4 bytes"), std::string::npos) << why;
  std::uint64_t size = 0;
  EXPECT_EQ(directory_->ReadStart("history.json", 6, bytes, size, why), ReadOutcome::kRead);
  EXPECT_EQ(bytes, "second");
  EXPECT_EQ(size, 14U);
  EXPECT_EQ(directory_->Read("missing.json", 1024, bytes, why), ReadOutcome::kMissing);
  // Nothing but the file: no temporary file is left beside it.
  EXPECT_EQ(Names(), std::vector<std::string>{"history.json"});
}

TEST_F(PlatformFiles, AWriterThatIsNotCommittedLeavesNothing) {
  std::string why;
  {
    const auto writer = directory_->Write("outbox.json", Access::kPrivate, why);
    ASSERT_NE(writer, nullptr) << why;
    writer->Write("half");
  }
  EXPECT_TRUE(Names().empty());
}

TEST_F(PlatformFiles, NamesAreRenamedRemovedAndToldApart) {
  Put("a", "1");
  std::string why;
  ASSERT_TRUE(directory_->Rename("a", "b", why)) << why;
  std::vector<std::string> notes;
  ASSERT_NE(directory_->Child("folder", true, why, notes), nullptr) << why;
  EXPECT_TRUE(notes.empty());
  EXPECT_EQ(Names(), (std::vector<std::string>{"b", "folder"}));
  EXPECT_TRUE(directory_->IsDirectory("folder"));
  EXPECT_FALSE(directory_->IsDirectory("b"));
  EXPECT_EQ(directory_->SizeOf("folder"), -1);
  EXPECT_EQ(directory_->Child("absent", false, why, notes), nullptr);
  EXPECT_EQ(why, "");  // missing, and not asked for: no complaint
  EXPECT_EQ(directory_->Child("b", true, why, notes), nullptr);
  EXPECT_NE(why.find("not a directory"), std::string::npos) << why;
  ASSERT_TRUE(directory_->Remove("b", why)) << why;
  EXPECT_TRUE(directory_->Remove("b", why)) << "a name already gone is removed";
  EXPECT_EQ(Names(), std::vector<std::string>{"folder"});
}

TEST_F(PlatformFiles, ALockIsExclusiveUntilItGoes) {
  std::string why;
  std::vector<std::string> notes;
  auto held = directory_->Lock("state.lock", Clock::now(), why, notes);
  ASSERT_NE(held, nullptr) << why;
  EXPECT_EQ(
      directory_->Lock("state.lock", Clock::now() + std::chrono::milliseconds(50), why, notes),
      nullptr);
  EXPECT_EQ(why, "another process held it until the deadline");
  held.reset();
  EXPECT_NE(directory_->Lock("state.lock", Clock::now(), why, notes), nullptr) << why;
  EXPECT_TRUE(notes.empty());
}

TEST_F(PlatformFiles, AnAppendFileKeepsEveryRecordAndSaysItIsBeingWritten) {
  std::string why;
  auto file = AppendFile::Create(*directory_, "process.jsonl", "{\"first\":1}", why);
  ASSERT_NE(file, nullptr) << why;
  EXPECT_TRUE(IsBeingWritten(file->path()));
  // Past several growth steps of the mapping.
  const std::string record(1000, 'x');
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(file->Append(record)) << i << ": " << file->why();
  EXPECT_TRUE(file->AppendReserved("{\"last\":", "true", "}"));
  file->Close();
  EXPECT_FALSE(IsBeingWritten(file->path()));
  std::string bytes;
  ASSERT_EQ(directory_->Read("process.jsonl", 1 << 20, bytes, why), ReadOutcome::kRead) << why;
  const auto expected_size = 12 + 300 * 1001 + 14;
  ASSERT_EQ(bytes.size(), static_cast<std::size_t>(expected_size)) << "cut to what was written";
  EXPECT_EQ(bytes.substr(0, 12), "{\"first\":1}\n");
  EXPECT_EQ(bytes.substr(bytes.size() - 14), "{\"last\":true}\n");
  EXPECT_FALSE(file->Append("after"));
  EXPECT_EQ(Names(), std::vector<std::string>{"process.jsonl"});
}

TEST_F(PlatformFiles, AppendingAddsToTheEndAndKnowsWhatWasThere) {
  const auto path = directory_->PathOf("log.txt");
  EXPECT_EQ(AppendToFile(path, "one\n"), "");
  std::uint64_t seen = 99;
  EXPECT_EQ(AppendToFile(path,
                         [&](std::uint64_t held) {
                           seen = held;
                           return std::string("two\n");
                         }),
            "");
  EXPECT_EQ(seen, 4U);
  std::string bytes;
  std::string why;
  ASSERT_EQ(ReadRegularFile(path, 100, bytes, why), ReadOutcome::kRead) << why;
  EXPECT_EQ(bytes, "one\ntwo\n");
}

TEST_F(PlatformFiles, APathANamedFileIsReplacedAndADeviceWrittenInPlace) {
  const auto path = directory_->PathOf("report.xml");
  std::string why;
  for (const char* text : {"<a/>", "<bb/>"}) {
    const auto writer = FileWriter::Open(path, Access::kShared, why);
    ASSERT_NE(writer, nullptr) << why;
    writer->Write(text);
    ASSERT_EQ(writer->Commit(), "");
  }
  std::string bytes;
  ASSERT_EQ(ReadRegularFile(path, 100, bytes, why), ReadOutcome::kRead) << why;
  EXPECT_EQ(bytes, "<bb/>");
  const auto device = FileWriter::Open(kDevice, Access::kShared, why);
  ASSERT_NE(device, nullptr) << why;
  device->Write("discarded");
  EXPECT_EQ(device->Commit(), "");
  EXPECT_EQ(FileWriter::Open(directory_->path(), Access::kShared, why), nullptr);
  EXPECT_NE(why.find("directory"), std::string::npos) << why;
}

TEST_F(PlatformFiles, OnlyRegularFilesAreRead) {
  std::string bytes;
  std::string why;
  EXPECT_EQ(ReadRegularFile(kDevice, 100, bytes, why), ReadOutcome::kRefused);
  EXPECT_NE(why.find("not a regular file"), std::string::npos) << why;
  EXPECT_EQ(ReadRegularFile(directory_->path(), 100, bytes, why), ReadOutcome::kRefused);
  EXPECT_NE(why.find("directory"), std::string::npos) << why;
  EXPECT_EQ(ReadRegularFile(directory_->PathOf("none"), 100, bytes, why), ReadOutcome::kMissing);
  EXPECT_FALSE(FileHoldsAny(kDevice, {"x"}, 100));
#ifdef _WIN32
  // Told by its name, never opened: opening a serial port may do something of its own.
  for (const char* device : {"COM1:", "C:\\work\\aux.txt", "\\\\.\\pipe\\x"}) {
    EXPECT_EQ(ReadRegularFile(device, 100, bytes, why), ReadOutcome::kRefused) << device;
    EXPECT_EQ(why, "it names a device, which is not opened, not a regular file") << device;
  }
#endif
}

TEST_F(PlatformFiles, ANeedleIsFoundAcrossPiecesWithinTheBound) {
  // The needle straddles the first 1 MiB piece's end.
  Put("big.log", std::string((1U << 20U) - 3, '.') + "AddressSanitizer" + "tail");
  const auto path = directory_->PathOf("big.log");
  EXPECT_TRUE(FileHoldsAny(path, {"nothing", "AddressSanitizer"}, 4U << 20U));
  EXPECT_FALSE(FileHoldsAny(path, {"AddressSanitizer"}, 1U << 20U)) << "beyond the bound";
  EXPECT_FALSE(FileHoldsAny(path, {"absent"}, 4U << 20U));
}

TEST_F(PlatformFiles, ADirectoryOthersCanWriteInIsRefusedSayingHowToFixIt) {
  const auto path = temp_->path() + "/shared";
  std::string why;
  ASSERT_TRUE(MakeDirectories(path, Access::kPrivate, why)) << why;
  EXPECT_NE(Directory::Open(path, DirectoryUse::kPrivate, why), nullptr) << why;
  LetEveryoneWrite(path);
  EXPECT_EQ(Directory::Open(path, DirectoryUse::kPrivate, why), nullptr);
  EXPECT_NE(why.find("can write in it"), std::string::npos) << why;
  EXPECT_EQ(Directory::Open(path, DirectoryUse::kBuild, why), nullptr);
  EXPECT_NE(why.find("only you can write to"), std::string::npos) << why;
}

TEST_F(PlatformFiles, ALinkWhereOurFileGoesIsNeverFollowed) {
  const auto outside = temp_->path() + "/outside";
  ASSERT_EQ(AppendToFile(outside, "theirs"), "");
  if (!MakeLink(outside, directory_->PathOf("history.json")) ||
      !MakeLink(outside, directory_->PathOf("state.lock"))) {
    // Windows lets only administrators and developer mode make links; Wine 8 makes none that
    // it then sees as one (docs/platforms.md).
    GTEST_SKIP() << "no symbolic link can be made here";
  }
  std::string bytes;
  std::string why;
  EXPECT_EQ(directory_->Read("history.json", 100, bytes, why), ReadOutcome::kRefused);
  EXPECT_NE(why.find("not followed"), std::string::npos) << why;
  Put("history.json", "ours");
  std::vector<std::string> notes;
  EXPECT_NE(directory_->Lock("state.lock", Clock::now(), why, notes), nullptr) << why;
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_NE(notes[0].find("it was removed, not followed"), std::string::npos) << notes[0];
  ASSERT_EQ(ReadRegularFile(outside, 100, bytes, why), ReadOutcome::kRead) << why;
  EXPECT_EQ(bytes, "theirs");
  ASSERT_EQ(directory_->Read("history.json", 100, bytes, why), ReadOutcome::kRead) << why;
  EXPECT_EQ(bytes, "ours");
}

TEST(PlatformTime, CalendarTimeInUtcGoesBothWays) {
  const std::time_t when = 1796083200;  // 2026-12-01T00:00:00Z
  const auto calendar = UtcCalendar(when);
  EXPECT_EQ(calendar.tm_year, 126);
  EXPECT_EQ(calendar.tm_mon, 11);
  EXPECT_EQ(calendar.tm_mday, 1);
  EXPECT_EQ(FromUtcCalendar(calendar), when);
}

TEST(PlatformProcess, NamesItsExecutableWithoutItsDirectoryOrExtension) {
  const auto name = ExecutableName();
  EXPECT_FALSE(name.empty());
  EXPECT_EQ(name.find_first_of("/\\"), std::string::npos) << name;
  EXPECT_EQ(name.find(".exe"), std::string::npos) << name;
  EXPECT_GT(ProcessId(), 0);
}

TEST(PlatformPaths, AFileAndAProgramAreNamedAsTheSystemSeparatesPaths) {
  EXPECT_EQ(FileNameOf("results/unit_tests.json"), "unit_tests.json");
  EXPECT_EQ(FileNameOf("unit_tests"), "unit_tests");
  EXPECT_EQ(ProgramNameOf("/build/tests/unit_tests"), "unit_tests");
#ifdef _WIN32
  EXPECT_EQ(FileNameOf(R"(C:\build\results\unit_tests.json)"), "unit_tests.json");
  EXPECT_EQ(ProgramNameOf(R"(C:\build\tests\unit_tests.exe)"), "unit_tests");
  EXPECT_EQ(ProgramNameOf("C:/build/tests/Unit_Tests.EXE"), "Unit_Tests");
#else
  // A backslash is a character of a name here.
  EXPECT_EQ(FileNameOf(R"(results/a\b.json)"), R"(a\b.json)");
  EXPECT_EQ(ProgramNameOf("tests/unit_tests.exe"), "unit_tests.exe");
#endif
}

TEST_F(PlatformFiles, TheUserCacheDirectoryComesFromTheSystemsOwnVariable) {
#ifdef _WIN32
  const std::string variable = "LOCALAPPDATA";
#else
  const std::string variable = "HOME";
#endif
  const auto home = temp_->path();
  const auto lookup = [&](std::map<std::string, std::string> variables) {
    return [variables](const std::string& name) -> std::optional<std::string> {
      const auto found = variables.find(name);
      if (found == variables.end()) return std::nullopt;
      return found->second;
    };
  };
  std::string why;
  const auto cache = UserCacheDirectory(lookup({{variable, home}}), why);
  EXPECT_EQ(cache.rfind(home, 0), 0U) << cache << ": " << why;
  EXPECT_EQ(UserCacheDirectory(lookup({}), why), "");
  EXPECT_EQ(why, variable + " is not set");
  EXPECT_EQ(UserCacheDirectory(lookup({{variable, home + "/absent"}}), why), "");
  EXPECT_EQ(why, variable + " '" + home + "/absent' is not a directory");
}

TEST(PlatformTemp, ATemporaryDirectoryGoesWithEverythingInIt) {
  std::string why;
  std::string path;
  {
    const auto temp = TempDirectory::Create("gtest-webhook-temp-", why);
    ASSERT_NE(temp, nullptr) << why;
    path = temp->path();
    EXPECT_EQ(AppendToFile(path + "/file", "x"), "");
  }
  std::string bytes;
  EXPECT_EQ(ReadRegularFile(path + "/file", 10, bytes, why), ReadOutcome::kMissing);
}

}  // namespace
}  // namespace gtest_webhook::platform
