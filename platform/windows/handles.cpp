// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "platform/windows/handles.h"

#include <aclapi.h>
#include <sddl.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "platform/windows/text.h"

namespace gtest_webhook::platform::windows {
namespace {

// Memory the system allocated with LocalAlloc.
struct LocalFreer {
  void operator()(void* memory) const { LocalFree(memory); }
};
using LocalMemory = std::unique_ptr<void, LocalFreer>;

// This process's user, as a SID in its own buffer.
const std::vector<unsigned char>& CurrentUser() {
  static const std::vector<unsigned char> user = [] {
    std::vector<unsigned char> sid;
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return sid;
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    std::vector<unsigned char> buffer(size);
    if (size > 0 && GetTokenInformation(token, TokenUser, buffer.data(), size, &size)) {
      PSID own = reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid;
      const auto* bytes = static_cast<const unsigned char*>(own);
      sid.assign(bytes, bytes + GetLengthSid(own));
    }
    CloseHandle(token);
    return sid;
  }();
  return user;
}

PSID CurrentUserSid() {
  return const_cast<unsigned char*>(CurrentUser().data());  // the API takes no const SID
}

// "S-1-5-18" …
std::string SidText(PSID sid) {
  LPWSTR text = nullptr;
  if (!ConvertSidToStringSidW(sid, &text)) return "an unknown user";
  const LocalMemory owned(text);
  return Narrow(text);
}

// "DOMAIN\name", or the SID when it has no name here.
std::string SidName(PSID sid) {
  wchar_t name[256];
  wchar_t domain[256];
  DWORD name_size = 256;
  DWORD domain_size = 256;
  SID_NAME_USE use{};
  if (!LookupAccountSidW(nullptr, sid, name, &name_size, domain, &domain_size, &use)) {
    return SidText(sid);
  }
  return domain_size > 0 ? Narrow(domain) + "\\" + Narrow(name) : Narrow(name);
}

bool IsWellKnown(PSID sid, WELL_KNOWN_SID_TYPE type) { return IsWellKnownSid(sid, type) != 0; }

// Whoever may always write anywhere: the system and the administrators.
bool IsMachineOwner(PSID sid) {
  return IsWellKnown(sid, WinLocalSystemSid) || IsWellKnown(sid, WinBuiltinAdministratorsSid);
}

// The groups that hold every user of the machine.
bool IsEveryUser(PSID sid) {
  return IsWellKnown(sid, WinWorldSid) || IsWellKnown(sid, WinAuthenticatedUserSid) ||
         IsWellKnown(sid, WinBuiltinUsersSid) || IsWellKnown(sid, WinAnonymousSid);
}

constexpr ACCESS_MASK kWriteRights = FILE_ADD_FILE | FILE_ADD_SUBDIRECTORY | FILE_DELETE_CHILD |
                                     WRITE_DAC | WRITE_OWNER | DELETE | GENERIC_WRITE | GENERIC_ALL;

// Who, other than those `use` allows, an access list lets write in the directory; empty when
// no one.
std::string OtherWriter(const ACL& list, DirectoryUse use) {
  for (DWORD i = 0; i < list.AceCount; ++i) {
    void* entry = nullptr;
    if (!GetAce(const_cast<ACL*>(&list), i, &entry)) continue;
    const auto* header = static_cast<const ACE_HEADER*>(entry);
    if (header->AceType != ACCESS_ALLOWED_ACE_TYPE || (header->AceFlags & INHERIT_ONLY_ACE) != 0) {
      continue;
    }
    const auto* allowed = static_cast<const ACCESS_ALLOWED_ACE*>(entry);
    if ((allowed->Mask & kWriteRights) == 0) continue;
    PSID sid = const_cast<DWORD*>(&allowed->SidStart);
    const bool trusted = use == DirectoryUse::kPrivate
                             ? EqualSid(sid, CurrentUserSid()) || IsMachineOwner(sid) ||
                                   IsWellKnown(sid, WinCreatorOwnerRightsSid)
                             : !IsEveryUser(sid);
    if (!trusted) return SidName(sid);
  }
  return {};
}

}  // namespace

std::string LastError() { return ErrorText(GetLastError()); }

std::string KindWords(Kind kind) {
  switch (kind) {
    case Kind::kMissing:
      return "missing";
    case Kind::kFile:
      return "a regular file";
    case Kind::kDirectory:
      return "a directory";
    case Kind::kLink:
      return "a symbolic link or junction";
    case Kind::kDevice:
      return "a device";
    case Kind::kPipe:
      return "a pipe";
    case Kind::kOther:
      break;
  }
  return "not a regular file";
}

Kind KindAt(const std::string& path) {
  if (IsDeviceName(path)) return Kind::kDevice;
  WIN32_FILE_ATTRIBUTE_DATA data{};
  if (!GetFileAttributesExW(Wide(path).c_str(), GetFileExInfoStandard, &data)) {
    const auto error = GetLastError();
    return error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND ? Kind::kMissing
                                                                          : Kind::kOther;
  }
  if ((data.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0) return Kind::kLink;
  if ((data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0) return Kind::kDirectory;
  return Kind::kFile;
}

Kind KindOf(HANDLE handle) {
  switch (GetFileType(handle)) {
    case FILE_TYPE_DISK:
      break;
    case FILE_TYPE_CHAR:
      return Kind::kDevice;
    case FILE_TYPE_PIPE:
      return Kind::kPipe;
    default:
      return Kind::kOther;
  }
  BY_HANDLE_FILE_INFORMATION info{};
  if (!GetFileInformationByHandle(handle, &info)) return Kind::kOther;
  if ((info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0) return Kind::kLink;
  if ((info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0) return Kind::kDirectory;
  return Kind::kFile;
}

bool IsDeviceName(const std::string& path) {
  for (const char* prefix : {"\\\\.\\", "//./", "\\\\?\\GLOBALROOT", "\\??\\"}) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  // The DOS device names are devices in every directory, with any extension, and with a colon
  // after them (`COM1:`).
  std::string name = path;
  while (!name.empty() && name.back() == ':') name.pop_back();
  const auto slash = name.find_last_of("\\/:");
  std::string stem = name.substr(slash == std::string::npos ? 0 : slash + 1);
  stem = stem.substr(0, stem.find('.'));
  while (!stem.empty() && stem.back() == ' ') stem.pop_back();
  std::transform(stem.begin(), stem.end(), stem.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (const char* device : {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}) {
    if (stem == device) return true;
  }
  return stem.size() == 4 && (stem.rfind("COM", 0) == 0 || stem.rfind("LPT", 0) == 0) &&
         stem[3] >= '0' && stem[3] <= '9';
}

Handle OpenFile(const std::string& path, DWORD access, DWORD disposition, bool follow,
                std::string& why, DWORD flags) {
  flags |= FILE_FLAG_BACKUP_SEMANTICS;  // which also opens a directory, to say what it is
  if (!follow) flags |= FILE_FLAG_OPEN_REPARSE_POINT;
  Handle handle(CreateFileW(Wide(path).c_str(), access,
                            FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                            disposition, flags, nullptr));
  if (!handle) why = LastError();
  return handle;
}

ReadPiece PieceReader(HANDLE handle) {
  return [handle](char* buffer, std::size_t size, std::string& why) -> std::int64_t {
    DWORD read = 0;
    const auto piece = static_cast<DWORD>(std::min<std::size_t>(size, 1U << 30U));
    if (ReadFile(handle, buffer, piece, &read, nullptr)) return read;
    if (GetLastError() == ERROR_BROKEN_PIPE || GetLastError() == ERROR_HANDLE_EOF) return 0;
    why = LastError();
    return -1;
  };
}

std::string WriteAll(HANDLE handle, std::string_view bytes) {
  while (!bytes.empty()) {
    DWORD written = 0;
    const auto piece = static_cast<DWORD>(std::min<std::size_t>(bytes.size(), 1U << 30U));
    if (!WriteFile(handle, bytes.data(), piece, &written, nullptr)) return LastError();
    if (written == 0) return "nothing could be written";
    bytes.remove_prefix(written);
  }
  return {};
}

std::int64_t SizeOf(HANDLE handle) {
  LARGE_INTEGER size{};
  return GetFileSizeEx(handle, &size) ? size.QuadPart : -1;
}

SECURITY_ATTRIBUTES* AttributesFor(Access access) {
  if (access == Access::kShared) return nullptr;
  // This user and the system, full control, for what is inside too; nothing inherited.
  static SECURITY_ATTRIBUTES attributes = [] {
    SECURITY_ATTRIBUTES made{sizeof(SECURITY_ATTRIBUTES), nullptr, FALSE};
    const auto text = L"D:P(A;OICI;FA;;;" + Wide(SidText(CurrentUserSid())) + L")(A;OICI;FA;;;SY)";
    ConvertStringSecurityDescriptorToSecurityDescriptorW(text.c_str(), SDDL_REVISION_1,
                                                         &made.lpSecurityDescriptor, nullptr);
    return made;
  }();
  return attributes.lpSecurityDescriptor != nullptr ? &attributes : nullptr;
}

std::string Untrusted(HANDLE handle, DirectoryUse use) {
  PSID owner = nullptr;
  PACL list = nullptr;
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  const auto read = GetSecurityInfo(handle, SE_FILE_OBJECT,
                                    OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner,
                                    nullptr, &list, nullptr, &descriptor);
  const LocalMemory owned(descriptor);
  if (read != ERROR_SUCCESS) return "its access list cannot be read (" + ErrorText(read) + ")";
  if (use == DirectoryUse::kPrivate && owner != nullptr && !EqualSid(owner, CurrentUserSid()) &&
      !IsMachineOwner(owner)) {
    return "it belongs to " + SidName(owner) + ", not to this user (" + SidName(CurrentUserSid()) +
           "); use a directory of your own";
  }
  if (list == nullptr) {
    return "it has no access list, so every user can write in it; use a directory that only you "
           "can write to";
  }
  const auto writer = OtherWriter(*list, use);
  if (writer.empty()) return {};
  if (use == DirectoryUse::kPrivate) {
    return writer +
           " can write in it (its access list); make it private, as ssh wants of "
           "~/.ssh: icacls DIR /inheritance:r /grant:r %USERNAME%:(OI)(CI)F";
  }
  return writer +
         " can write in it and could add or replace results; use a directory that "
         "only you can write to";
}

std::string TemporaryName(const std::string& name) {
  static std::atomic<unsigned> counter{0};
  thread_local std::mt19937_64 random{std::random_device{}()};
  char suffix[48];
  std::snprintf(suffix, sizeof suffix, ".%lu.%u.%08llx", GetCurrentProcessId(),
                counter.fetch_add(1), static_cast<unsigned long long>(random() & 0xffffffffULL));
  return "." + name + suffix;
}

std::string ReplaceFile(const std::string& from, const std::string& to) {
  for (int attempt = 0;; ++attempt) {
    if (MoveFileExW(Wide(from).c_str(), Wide(to).c_str(),
                    MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
      return {};
    }
    const auto error = GetLastError();
    if (attempt >= 50 || (error != ERROR_ACCESS_DENIED && error != ERROR_SHARING_VIOLATION)) {
      return ErrorText(error);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

namespace {

// The byte the writer's lock covers.
constexpr DWORD kWriterMarkHigh = 0x40000000;

}  // namespace

bool LockWriterMark(HANDLE file, DWORD flags) {
  OVERLAPPED at{};
  at.OffsetHigh = kWriterMarkHigh;
  return LockFileEx(file, flags | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &at) != 0;
}

void UnlockWriterMark(HANDLE file) {
  OVERLAPPED at{};
  at.OffsetHigh = kWriterMarkHigh;
  UnlockFileEx(file, 0, 1, 0, &at);
}

HANDLE InheritedHandles::Add(HANDLE handle) {
  if (handle == nullptr || handle == INVALID_HANDLE_VALUE) return handle;
  for (const auto& [original, duplicate] : duplicates_) {
    if (original == handle) return duplicate.get();
  }
  HANDLE duplicate = nullptr;
  if (!DuplicateHandle(GetCurrentProcess(), handle, GetCurrentProcess(), &duplicate, 0, TRUE,
                       DUPLICATE_SAME_ACCESS)) {
    return handle;
  }
  duplicates_.emplace_back(handle, Handle(duplicate));
  values_.push_back(duplicate);
  return duplicate;
}

bool InheritedHandles::Attach(STARTUPINFOEXW& startup, std::string& why) {
  startup.StartupInfo.cb = sizeof startup;
  if (values_.empty()) return true;
  SIZE_T size = 0;
  InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
  attributes_.assign(size, '\0');
  auto* list = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(attributes_.data());
  if (!InitializeProcThreadAttributeList(list, 1, 0, &size)) {
    why = LastError();
    attributes_.clear();
    return false;
  }
  if (!UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, values_.data(),
                                 values_.size() * sizeof(HANDLE), nullptr, nullptr)) {
    why = LastError();
    return false;
  }
  startup.lpAttributeList = list;
  return true;
}

InheritedHandles::~InheritedHandles() {
  if (!attributes_.empty()) {
    DeleteProcThreadAttributeList(
        reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(attributes_.data()));
  }
}

}  // namespace gtest_webhook::platform::windows
