// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "capture/collect_format.h"

#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "json_writer.h"

namespace gtest_webhook::detail {
namespace {

void Member(std::string& out, std::string_view key) {
  out += ",\"";
  out.append(key);
  out += "\":";
}

void StringMember(std::string& out, std::string_view key, std::string_view value) {
  Member(out, key);
  AppendJsonString(out, value);
}

void IntMember(std::string& out, std::string_view key, std::int64_t value) {
  Member(out, key);
  AppendInt(out, value);
}

void TypeOpen(std::string& out, std::string_view type) {
  out += R"({"t":")";
  out.append(type);
  out += '"';
}

}  // namespace

void AppendHeaderRecord(std::string& out, const CollectHeader& header) {
  out.append(kCollectMagic);
  StringMember(out, "id", header.id);
  StringMember(out, "binary", header.binary);
  StringMember(out, "host", header.host);
  IntMember(out, "pid", header.pid);
  IntMember(out, "startedAt", header.started_at_ms);
  Member(out, "shard");
  if (header.shard) {
    out += R"({"index":)";
    AppendInt(out, header.shard->index);
    out += R"(,"total":)";
    AppendInt(out, header.shard->total);
    out += '}';
  } else {
    out += "null";
  }
  StringMember(out, "filter", header.filter);
  out += '}';
}

void AppendIterationRecord(std::string& out, int iteration, std::optional<std::int64_t> seed) {
  TypeOpen(out, "iteration");
  IntMember(out, "n", iteration);
  Member(out, "seed");
  if (seed) {
    AppendInt(out, *seed);
  } else {
    out += "null";
  }
  out += '}';
}

void AppendPhaseRecord(std::string& out, const std::string& suite, const std::string& phase) {
  TypeOpen(out, "phase");
  StringMember(out, "suite", suite);
  StringMember(out, "name", phase);
  out += '}';
}

void AppendStartRecord(std::string& out, const std::string& suite, const std::string& name,
                       std::int64_t at_ms) {
  TypeOpen(out, "start");
  StringMember(out, "suite", suite);
  StringMember(out, "name", name);
  IntMember(out, "at", at_ms);
  out += '}';
}

void AppendPartRecord(std::string& out, std::string_view message) {
  TypeOpen(out, "part");
  StringMember(out, "message", message);
  out += '}';
}

void AppendCaseRecord(std::string& out, const TestCase& test) {
  TypeOpen(out, "case");
  StringMember(out, "suite", test.class_name);
  StringMember(out, "name", test.name);
  StringMember(out, "status", ToString(test.status));
  IntMember(out, "time", test.time_ms);
  if (!test.message.empty()) StringMember(out, "message", test.message);
  if (!test.file.empty()) StringMember(out, "file", test.file);
  if (test.line > 0) IntMember(out, "line", test.line);
  if (test.iteration != 0) IntMember(out, "iteration", test.iteration);
  if (!test.output.empty()) StringMember(out, "output", test.output);
  if (test.tagged_bug) out += R"(,"bug":true)";
  if (test.quarantined) out += R"(,"quarantined":true)";
  if (test.outside_test) out += R"(,"outside":true)";
  if (!test.properties.empty()) {
    Member(out, "properties");
    out += '[';
    for (std::size_t i = 0; i < test.properties.size(); ++i) {
      out += i == 0 ? "[" : ",[";
      AppendJsonString(out, test.properties[i].first);
      out += ',';
      AppendJsonString(out, test.properties[i].second);
      out += ']';
    }
    out += ']';
  }
  out += '}';
}

void AppendTailRecord(std::string& out, std::uint32_t test, std::string_view output) {
  TypeOpen(out, "tail");
  IntMember(out, "test", test);
  StringMember(out, "output", output);
  out += '}';
}

void AppendOutputRecord(std::string& out, std::uint32_t test, std::string_view summary,
                        std::string_view output) {
  TypeOpen(out, "output");
  IntMember(out, "test", test);
  if (!summary.empty()) StringMember(out, "summary", summary);
  StringMember(out, "output", output);
  out += '}';
}

void AppendFullRecord(std::string& out, std::int64_t at_ms, std::string_view why) {
  TypeOpen(out, "full");
  IntMember(out, "at", at_ms);
  StringMember(out, "why", why);
  out += '}';
}

void AppendEndRecord(std::string& out, RunStatus status, std::int64_t at_ms, int iterations,
                     int disabled) {
  TypeOpen(out, "end");
  StringMember(out, "status", ToString(status));
  IntMember(out, "at", at_ms);
  IntMember(out, "iterations", iterations);
  IntMember(out, "disabled", disabled);
  out += '}';
}

std::string SignalRecordPrefix(int signal, const std::string& name) {
  std::string out;
  TypeOpen(out, "signal");
  IntMember(out, "signal", signal);
  StringMember(out, "name", name);
  Member(out, "at");
  return out;
}

std::string ExitRecordPrefix() {
  std::string out;
  TypeOpen(out, "exit");
  Member(out, "at");
  return out;
}

std::string DescribeSignal(const std::string& name) {
  static const std::pair<const char*, const char*> kDescriptions[] = {
      {"SIGABRT", "Aborted"},
      {"SIGALRM", "Alarm clock"},
      {"SIGBUS", "Bus error"},
      {"SIGFPE", "Floating point exception"},
      {"SIGHUP", "Hangup"},
      {"SIGILL", "Illegal instruction"},
      {"SIGINT", "Interrupt"},
      {"SIGKILL", "Killed"},
      {"SIGPIPE", "Broken pipe"},
      {"SIGQUIT", "Quit"},
      {"SIGSEGV", "Segmentation fault"},
      {"SIGSYS", "Bad system call"},
      {"SIGTERM", "Terminated"},
      {"SIGTRAP", "Trace/breakpoint trap"},
      {"SIGUSR1", "User defined signal 1"},
      {"SIGUSR2", "User defined signal 2"},
      {"SIGXCPU", "CPU time limit exceeded"},
      {"SIGXFSZ", "File size limit exceeded"},
  };
  for (const auto& [known, description] : kDescriptions) {
    if (name == known) return name + " (" + description + ")";
  }
  return name;
}

}  // namespace gtest_webhook::detail
