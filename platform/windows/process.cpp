// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Processes on Windows (docs/platforms.md): a command runs in a job object that holds every
// process it starts, in a console process group of its own; console control events (Ctrl+C,
// Ctrl+Break, the console closing) play the part of SIGINT and SIGTERM.

#include "platform/process.h"

// clang-format off
#include <windows.h>
#include <shellapi.h>
// clang-format on

#include <atomic>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <utility>

#include "platform/windows/handles.h"
#include "platform/windows/tee_pipes.h"
#include "platform/windows/text.h"

namespace gtest_webhook::platform {
namespace {

using windows::Narrow;
using windows::Wide;

// What a job's processes end with when the tree is ended at once: what Windows gives a console
// process that Ctrl+C ended.
constexpr DWORD kEndedByUs = 0xC000013A;

// `argument` quoted so that the C runtime's parser (CommandLineToArgvW) gives it back as it is.
std::wstring Quoted(const std::wstring& argument) {
  if (!argument.empty() && argument.find_first_of(L" \t\n\v\"") == std::wstring::npos) {
    return argument;
  }
  std::wstring quoted = L"\"";
  std::size_t backslashes = 0;
  for (const wchar_t c : argument) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    // Backslashes before a quote are doubled, and the quote escaped; elsewhere they are as is.
    quoted.append(c == L'"' ? backslashes * 2 + 1 : backslashes, L'\\');
    backslashes = 0;
    quoted += c;
  }
  quoted.append(backslashes * 2, L'\\');
  return quoted + L"\"";
}

// This process's environment as `NAME=VALUE` strings (the drive entries, `=C:=…`, included).
std::vector<std::string> OwnEnvironment() {
  std::vector<std::string> entries;
  wchar_t* block = GetEnvironmentStringsW();
  if (block == nullptr) return entries;
  for (const wchar_t* entry = block; *entry != L'\0'; entry += wcslen(entry) + 1) {
    entries.push_back(Narrow(entry));
  }
  FreeEnvironmentStringsW(block);
  return entries;
}

// The name of an entry; the drive entries (`=C:`) keep their leading `=`.
std::string NameOf(const std::string& entry) { return entry.substr(0, entry.find('=', 1)); }

// Windows compares variable names without case.
std::string Folded(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::vector<std::string> ChildEnvironment(
    const std::vector<std::pair<std::string, std::string>>& changes) {
  std::map<std::string, std::string> changed;
  for (const auto& [name, value] : changes) changed[Folded(name)] = name + "=" + value;
  std::vector<std::string> entries;
  for (auto& entry : OwnEnvironment()) {
    if (changed.count(Folded(NameOf(entry))) == 0) entries.push_back(std::move(entry));
  }
  for (auto& [folded, entry] : changed) entries.push_back(std::move(entry));
  return entries;
}

std::wstring EnvironmentBlock(const std::vector<std::string>& variables) {
  std::wstring block;
  for (const auto& variable : variables) block += Wide(variable) + L'\0';
  return block + L'\0';
}

}  // namespace

std::wstring windows::EnvironmentBlockWith(
    const std::vector<std::pair<std::string, std::string>>& changes) {
  return EnvironmentBlock(ChildEnvironment(changes));
}

namespace {

std::string CurrentDirectory() {
  wchar_t directory[MAX_PATH];
  const DWORD length = GetCurrentDirectoryW(MAX_PATH, directory);
  return length > 0 && length < MAX_PATH ? Narrow(std::wstring(directory, length)) : "";
}

HANDLE g_wake = nullptr;  // CancelSignals' event
std::atomic<int> g_first{0};
std::atomic<int> g_count{0};
std::atomic<int> g_exit_code{-1};

void CALLBACK OnChildEnded(void* /*context*/, BOOLEAN /*timed_out*/) {
  if (g_wake != nullptr) SetEvent(g_wake);
}

// A job that holds the tree: every process the command starts is in it (unless it asks to
// break away), and closing the job's last handle ends them all.
HANDLE MakeJob() {
  HANDLE job = CreateJobObjectW(nullptr, nullptr);
  if (job == nullptr) return nullptr;
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits);
  return job;
}

}  // namespace

std::unique_ptr<ChildProcess> ChildProcess::Start(
    const std::vector<std::string>& argv,
    const std::vector<std::pair<std::string, std::string>>& environment, std::string& why) {
  return Spawn(argv[0], argv, ChildEnvironment(environment), "", why);
}

std::unique_ptr<ChildProcess> ChildProcess::Spawn(const std::string& program,
                                                  std::vector<std::string> arguments,
                                                  std::vector<std::string> variables,
                                                  const std::string& directory, std::string& why) {
  std::wstring command_line = Quoted(Wide(program));
  for (std::size_t i = 1; i < arguments.size(); ++i)
    command_line += L" " + Quoted(Wide(arguments[i]));
  auto block = EnvironmentBlock(variables);
  const auto wide_directory = Wide(directory);
  std::unique_ptr<ChildProcess> child(new ChildProcess());
  child->job_ = MakeJob();
  // The command writes where this process does (a pipe, a file, the console, the tee of its
  // output), and inherits nothing else of it.
  windows::InheritedHandles inherited;
  STARTUPINFOEXW startup{};
  startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  startup.StartupInfo.hStdInput = inherited.Add(GetStdHandle(STD_INPUT_HANDLE));
  startup.StartupInfo.hStdOutput = inherited.Add(GetStdHandle(STD_OUTPUT_HANDLE));
  startup.StartupInfo.hStdError = inherited.Add(GetStdHandle(STD_ERROR_HANDLE));
  if (!inherited.Attach(startup, why)) {
    why = "cannot start a process: " + why;
    return nullptr;
  }
  PROCESS_INFORMATION started{};
  // Suspended until it is in the job, so that nothing it starts escapes; a process group of its
  // own, so that Ctrl+Break reaches it and not us.
  if (!CreateProcessW(nullptr, command_line.data(), nullptr, nullptr, inherited.inherit(),
                      CREATE_SUSPENDED | CREATE_NEW_PROCESS_GROUP | CREATE_UNICODE_ENVIRONMENT |
                          EXTENDED_STARTUPINFO_PRESENT,
                      block.data(), directory.empty() ? nullptr : wide_directory.c_str(),
                      &startup.StartupInfo, &started)) {
    const auto error = GetLastError();
    if (error != ERROR_FILE_NOT_FOUND && error != ERROR_PATH_NOT_FOUND &&
        error != ERROR_BAD_EXE_FORMAT && error != ERROR_ACCESS_DENIED && error != ERROR_DIRECTORY) {
      why = "cannot start a process: " + windows::ErrorText(error);
      return nullptr;
    }
    // As a shell has it: the command could not be run, and that is its exit code 127.
    child->exec_error_ = "cannot run '" + program + "'" +
                         (directory.empty() ? "" : " in " + directory) + ": " +
                         windows::ErrorText(error);
    child->status_ = Ending::Exited(127);
    return child;
  }
  if (child->job_ != nullptr) AssignProcessToJobObject(child->job_, started.hProcess);
  ResumeThread(started.hThread);
  CloseHandle(started.hThread);
  child->process_ = started.hProcess;
  child->pid_ = started.dwProcessId;
  RegisterWaitForSingleObject(&child->ended_wait_, started.hProcess, OnChildEnded, nullptr,
                              INFINITE, WT_EXECUTEONLYONCE);
  return child;
}

ProcessLaunch LaunchOfCommand(const std::vector<std::string>& argv,
                              const std::vector<std::pair<std::string, std::string>>& environment) {
  ProcessLaunch launch;
  launch.executable = argv[0];
  launch.arguments = argv;
  launch.directory = CurrentDirectory();
  for (const auto& entry : ChildEnvironment(environment)) {
    const auto name = NameOf(entry);
    launch.environment.emplace_back(
        name, entry.size() > name.size() ? entry.substr(name.size() + 1) : std::string());
  }
  return launch;
}

// Another process's command line and environment are in its memory, which is not read here:
// `run --retry-failed` cannot start such a process again on Windows (docs/platforms.md).
std::optional<ProcessLaunch> LaunchOf(std::int64_t /*pid*/) { return std::nullopt; }

bool IsRunning(std::int64_t pid) {
  if (pid <= 0 || pid > MAXDWORD) return false;
  const windows::Handle process(
      OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE, FALSE, static_cast<DWORD>(pid)));
  if (!process) return GetLastError() == ERROR_ACCESS_DENIED;
  return WaitForSingleObject(process.get(), 0) == WAIT_TIMEOUT;
}

std::vector<std::string> OwnArguments() {
  int count = 0;
  wchar_t** arguments = CommandLineToArgvW(GetCommandLineW(), &count);
  std::vector<std::string> own;
  for (int i = 0; arguments != nullptr && i < count; ++i) own.push_back(Narrow(arguments[i]));
  LocalFree(arguments);
  return own;
}

std::optional<std::string> EnvironmentVariable(const std::string& name) {
  const auto wide = Wide(name);
  std::wstring value(256, L'\0');
  while (true) {
    SetLastError(ERROR_SUCCESS);
    const DWORD length =
        GetEnvironmentVariableW(wide.c_str(), value.data(), static_cast<DWORD>(value.size()));
    if (length == 0 && GetLastError() == ERROR_ENVVAR_NOT_FOUND) return std::nullopt;
    if (length < value.size()) return Narrow(value.substr(0, length));
    value.resize(length);
  }
}

std::vector<std::string> EnvironmentNames() {
  std::vector<std::string> names;
  for (const auto& entry : OwnEnvironment()) {
    if (entry.rfind('=', 0) != 0) names.push_back(NameOf(entry));
  }
  return names;
}

ChildProcess::~ChildProcess() {
  if (ended_wait_ != nullptr) UnregisterWaitEx(ended_wait_, INVALID_HANDLE_VALUE);
  KillTree();
  if (process_ != nullptr) {
    WaitForSingleObject(process_, 5000);
    CloseHandle(process_);
  }
  if (job_ != nullptr) CloseHandle(job_);  // which ends what is left of the tree
}

std::optional<Ending> ChildProcess::Poll() {
  DWORD code = 0;
  if (!status_ && process_ != nullptr && WaitForSingleObject(process_, 0) == WAIT_OBJECT_0 &&
      GetExitCodeProcess(process_, &code)) {
    // An exception's NTSTATUS (0xC0000005 …) or a breakpoint's: the system ended it.
    const bool killed = (code & 0xC0000000U) == 0xC0000000U || code == 0x80000003U;
    status_ =
        killed ? Ending::Killed(static_cast<int>(code)) : Ending::Exited(static_cast<int>(code));
  }
  return status_;
}

void ChildProcess::SignalTree(int signal) {
  if (signal == SIGINT || signal == SIGTERM) {
    // Ctrl+Break to the command's process group: Ctrl+C cannot be sent to a group.
    if (pid_ > 0) GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, static_cast<DWORD>(pid_));
    return;
  }
  KillTree();
}

void ChildProcess::TerminateTree() { SignalTree(SIGTERM); }

void ChildProcess::KillTree() {
  if (job_ != nullptr) TerminateJobObject(job_, kEndedByUs);
  if (process_ != nullptr) TerminateProcess(process_, kEndedByUs);
}

// Capture runs no copying process on Windows yet (docs/platforms.md): nothing to wait for.
void ChildProcess::AwaitCopiers(std::chrono::milliseconds wait) {
  if (job_ == nullptr) return;
  // The processes still in the job (the first thousand: a tree rarely leaves more behind).
  struct {
    JOBOBJECT_BASIC_PROCESS_ID_LIST list;
    ULONG_PTR more[1023];
  } ids{};
  if (!QueryInformationJobObject(job_, JobObjectBasicProcessIdList, &ids, sizeof ids, nullptr)) {
    return;
  }
  const auto until = GetTickCount64() + static_cast<std::uint64_t>(wait.count());
  for (DWORD i = 0; i < ids.list.NumberOfProcessIdsInList; ++i) {
    const auto pid = static_cast<DWORD>(ids.list.ProcessIdList[i]);
    if (!windows::IsTeeCopier(pid)) continue;
    const windows::Handle copier(OpenProcess(SYNCHRONIZE, FALSE, pid));
    const auto now = GetTickCount64();
    if (copier && now < until) WaitForSingleObject(copier.get(), static_cast<DWORD>(until - now));
  }
}

namespace {

void Said(const char* text) {
  DWORD written = 0;
  WriteFile(GetStdHandle(STD_ERROR_HANDLE), text, static_cast<DWORD>(std::strlen(text)), &written,
            nullptr);
}

// Runs on a thread of its own, which the system starts for each event.
BOOL WINAPI OnControl(DWORD event) {
  const int signal = event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT ? SIGINT : SIGTERM;
  int none = 0;
  g_first.compare_exchange_strong(none, signal);
  g_count.fetch_add(1);
  const int exit_code = g_exit_code.load();
  if (exit_code >= 0) {
    Said("gtest-webhook run: stopped at once by a second signal\n");
    ExitProcess(static_cast<UINT>(exit_code));
  }
  if (g_wake != nullptr) SetEvent(g_wake);
  // The console closing, logging off, shutting down: the process ends when this returns, so
  // the run gets what is left of the system's grace (5 s) to send its report.
  if (signal == SIGTERM) Sleep(4500);
  return TRUE;
}

}  // namespace

CancelSignals::CancelSignals() {
  g_wake = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  g_first = 0;
  g_count = 0;
  g_exit_code = -1;
  SetConsoleCtrlHandler(OnControl, TRUE);
}

CancelSignals::~CancelSignals() {
  SetConsoleCtrlHandler(OnControl, FALSE);
  if (g_wake != nullptr) CloseHandle(std::exchange(g_wake, nullptr));
}

Waitable CancelSignals::waitable() const {
  return Waitable(reinterpret_cast<std::intptr_t>(g_wake));
}
int CancelSignals::first() const { return g_first.load(); }
int CancelSignals::count() const { return g_count.load(); }
void CancelSignals::Drain() const { ResetEvent(g_wake); }
void CancelSignals::ExitOnNext(int exit_code) const { g_exit_code = exit_code; }

std::string Ending::Cause() const {
  if (!killed_) return {};
  switch (static_cast<DWORD>(value_)) {
    case 0xC0000005:
      return "STATUS_ACCESS_VIOLATION";
    case 0xC00000FD:
      return "STATUS_STACK_OVERFLOW";
    case 0xC0000409:
      return "STATUS_STACK_BUFFER_OVERRUN";  // also __fastfail, and abort() in newer CRTs
    case 0xC0000094:
      return "STATUS_INTEGER_DIVIDE_BY_ZERO";
    case 0xC000001D:
      return "STATUS_ILLEGAL_INSTRUCTION";
    case 0xC0000374:
      return "STATUS_HEAP_CORRUPTION";
    case 0xC000013A:
      return "STATUS_CONTROL_C_EXIT";
    case 0x80000003:
      return "STATUS_BREAKPOINT";
    default:
      break;
  }
  char text[32];
  std::snprintf(text, sizeof text, "exception 0x%08lX", static_cast<unsigned long>(value_));
  return text;
}

int Ending::ShellCode() const { return value_; }

}  // namespace gtest_webhook::platform
