// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "state/outbox.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "model/text.h"
#include "state/state_dir.h"

namespace gtest_webhook::detail {
namespace {

constexpr std::string_view kMagic = "gtest-webhook outbox 1";
constexpr std::string_view kMagicFamily = "gtest-webhook outbox ";
constexpr std::string_view kSuffix = ".report";
constexpr const char* kCountFile = "dispatches";
constexpr const char* kOutboxes = "outbox";
// The most of a file's start that is read for its header (the report's name is in it).
constexpr std::uint64_t kHeaderBytes = 1U << 20U;

bool IsReportName(const std::string& name) {
  return name.size() > kSuffix.size() && name.front() != '.' &&
         name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

std::string Mebibytes(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
}

// Why the first line of an outbox file, `first`, is not this version's magic line.
std::string WrongMagic(const std::string& first, bool complete) {
  if (!complete && std::string(kMagic).rfind(first, 0) == 0) return "it is cut short";
  if (first.rfind(kMagicFamily, 0) == 0) {
    return "it is an outbox file of another version ('" + first.substr(0, 40) + "')";
  }
  return "it does not start like an outbox file";
}

// Fills `report` from the JSON `header` line; false, with `why`, when it lacks what is needed.
bool ParseHeader(const std::string& header, WaitingReport& report, std::string& why) {
  const auto json = nlohmann::json::parse(header, nullptr, false);
  if (!json.is_object()) {
    why = "its header is not a JSON object";
    return false;
  }
  try {
    report.id = json.value("id", "");
    report.created_at_ms = json.value("createdAtMs", std::int64_t{0});
    report.event_type = json.value("eventType", "");
    report.report_name = json.value("reportName", "");
    report.build_stable = json.value("buildStable", false);
    report.first_dispatch = json.value("firstDispatch", std::int64_t{0});
    report.body_bytes = json.value("bodyBytes", std::uint64_t{0});
  } catch (const nlohmann::json::exception&) {
    why = "a field of its header has the wrong type";
    return false;
  }
  if (report.id.empty() || report.event_type.empty()) {
    why = "its header names no report id or event";
    return false;
  }
  return true;
}

// Reads the header of the waiting report `name` in `box`; false, with `why`, when it is not one.
bool ReadHeader(const platform::Directory& box, const std::string& name, WaitingReport& report,
                std::string& why) {
  std::string start;
  std::uint64_t size = 0;
  if (box.ReadStart(name, kHeaderBytes, start, size, why) != platform::ReadOutcome::kRead) {
    why = "it cannot be read (" + why + ")";
    return false;
  }
  if (size == 0) {
    why = "it is empty";
    return false;
  }
  const auto magic_end = start.find('\n');
  const auto first = start.substr(0, magic_end);
  if (first != kMagic) {
    why = WrongMagic(first, magic_end != std::string::npos);
    return false;
  }
  const auto header_end = start.find('\n', magic_end + 1);
  if (header_end == std::string::npos) {
    why = "it is cut short within its header";
    return false;
  }
  if (!ParseHeader(start.substr(magic_end + 1, header_end - magic_end - 1), report, why)) {
    return false;
  }
  report.name = name;
  report.path = box.PathOf(name);
  const std::uint64_t expected = header_end + 1 + report.body_bytes;
  if (size != expected) {
    why = size < expected
              ? "it is cut short: " + std::to_string(size - header_end - 1) + " of the " +
                    std::to_string(report.body_bytes) + " body bytes its header announces"
              : "it holds more than the " + std::to_string(report.body_bytes) +
                    " body bytes its header announces";
    return false;
  }
  return true;
}

std::int64_t ReadCount(const platform::Directory& box) {
  std::string text;
  std::string why;
  if (box.Read(kCountFile, 64, text, why) != platform::ReadOutcome::kRead) return 0;
  char* end = nullptr;
  const long long count = std::strtoll(text.c_str(), &end, 10);
  return end != text.c_str() && count > 0 && count < (1LL << 40) ? count : 0;
}

}  // namespace

std::string DescribeWaiting(const std::string& id, std::int64_t created_at_ms) {
  return "report " + id + " of " + FormatUtc(created_at_ms);
}

std::unique_ptr<Outbox> Outbox::For(const Options& options, std::size_t index, std::string& why,
                                    const OutboxLimits& limits) {
  auto state = OpenStateDirectory(options, why);
  if (!state) return nullptr;
  std::unique_ptr<Outbox> outbox(new Outbox());
  outbox->hash_ = ReporterHash(options, index);
  outbox->directory_ = state->PathOf(kOutboxes) + "/" + outbox->hash_;
  outbox->state_ = std::move(state);
  outbox->limits_ = limits;
  return outbox;
}

std::unique_ptr<platform::Directory> Outbox::Outboxes(bool create, std::string& why,
                                                      std::vector<std::string>& notes) const {
  return state_->Child(kOutboxes, create, why, notes);
}

std::unique_ptr<platform::Directory> Outbox::Box(bool create, std::string& why,
                                                 std::vector<std::string>& notes) const {
  const auto outboxes = Outboxes(create, why, notes);
  return outboxes ? outboxes->Child(hash_, create, why, notes) : nullptr;
}

std::vector<std::string> Outbox::Strangers(const Options& options) {
  std::string why;
  std::vector<std::string> strangers;
  auto state = OpenStateDirectory(options, why);
  std::vector<std::string> notes;
  const auto outboxes = state ? state->Child(kOutboxes, false, why, notes) : nullptr;
  std::vector<std::string> names;
  if (!outboxes || !outboxes->List(names, why)) return strangers;
  std::vector<std::string> known;
  for (std::size_t i = 0; i < options.reporters.size(); ++i) {
    known.push_back(ReporterHash(options, i));
  }
  for (const auto& name : names) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    const auto box = outboxes->Child(name, false, why, notes);
    std::vector<std::string> reports;
    if (box && (!ReportNames(*box, reports, why) || !reports.empty())) {
      strangers.push_back(box->path());
    }
  }
  std::sort(strangers.begin(), strangers.end());
  return strangers;
}

Outbox::~Outbox() { Unlock(); }

bool Outbox::ReportNames(const platform::Directory& box, std::vector<std::string>& names,
                         std::string& why) {
  std::vector<std::string> all;
  if (!box.List(all, why)) return false;
  for (auto& name : all) {
    if (IsReportName(name)) names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());  // named by creation time: oldest first
  return true;
}

bool Outbox::MayHoldReports() const {
  std::string why;
  std::vector<std::string> notes;
  const auto box = Box(false, why, notes);
  if (!box) return !why.empty();  // one that cannot be opened may hold reports: Waiting says why
  std::vector<std::string> names;
  return !ReportNames(*box, names, why) || !names.empty();
}

std::size_t Outbox::Count() const {
  std::string why;
  std::vector<std::string> notes;
  const auto box = Box(false, why, notes);
  std::vector<std::string> names;
  if (box) ReportNames(*box, names, why);
  return names.size();
}

bool Outbox::Lock(std::chrono::steady_clock::time_point deadline, std::string& why,
                  std::vector<std::string>& warnings) {
  const auto outboxes = Outboxes(true, why, warnings);
  box_ = outboxes ? outboxes->Child(hash_, true, why, warnings) : nullptr;
  if (!box_) return false;
  lock_ = outboxes->Lock(hash_ + ".lock", deadline, why, warnings);
  if (!lock_) {
    box_.reset();
    return false;
  }
  dispatch_ = ReadCount(*box_) + 1;
  return true;
}

void Outbox::Unlock() {
  if (!lock_) return;
  std::string why;
  std::vector<std::string> names;
  if (ReportNames(*box_, names, why) && names.empty()) {
    box_->Remove(kCountFile, why);  // an empty outbox counts from the start again
  } else if (auto writer = box_->Write(kCountFile, platform::Access::kPrivate, why)) {
    writer->Write(std::to_string(dispatch_) + "\n");
    writer->Commit(false);  // a count lost in a crash only shortens "waited N dispatches"
  }
  lock_.reset();
  box_.reset();
}

std::vector<WaitingReport> Outbox::Waiting(std::vector<std::string>& warnings) {
  auto reports = Read(warnings);
  // A count lost (or never written, when the outbox was empty) is at least what the reports say.
  for (const auto& report : reports) dispatch_ = std::max(dispatch_, report.first_dispatch + 1);
  return reports;
}

std::vector<WaitingReport> Outbox::Read(std::vector<std::string>& warnings) {
  std::string why;
  std::vector<std::string> names;
  if (!ReportNames(*box_, names, why)) {
    warnings.push_back("cannot read the outbox '" + directory_ + "' (" + why +
                       "); its waiting reports stay there");
    return {};
  }
  std::vector<WaitingReport> reports;
  for (const auto& name : names) {
    WaitingReport report;
    if (ReadHeader(*box_, name, report, why)) {
      reports.push_back(std::move(report));
      continue;
    }
    std::string unmoved;
    const bool moved = box_->Rename(name, name + ".corrupt", unmoved);
    moved_aside_ += moved ? 1 : 0;
    warnings.push_back("the outbox file '" + box_->PathOf(name) + "' is not a waiting report (" +
                       why + "); " +
                       (moved ? "it was moved aside to '" + name + ".corrupt' and is not sent"
                              : "it cannot be moved aside (" + unmoved + ") and is not sent"));
  }
  Enforce(reports, warnings);
  return reports;
}

bool Outbox::ReadBody(const WaitingReport& report, std::string& body, std::string& why) const {
  std::string bytes;
  std::string unread;
  const bool read = box_ && box_->Read(report.name, kHeaderBytes + report.body_bytes, bytes,
                                       unread) == platform::ReadOutcome::kRead;
  if (!read || bytes.size() < report.body_bytes) {
    why = "cannot read '" + report.path + "'" + (unread.empty() ? "" : " (" + unread + ")");
    return false;
  }
  body = bytes.substr(bytes.size() - report.body_bytes);
  return true;
}

void Outbox::Remove(const WaitingReport& report, std::vector<std::string>& warnings) {
  std::string why;
  if (box_ && !box_->Remove(report.name, why)) {
    warnings.push_back("cannot remove '" + report.path + "' from the outbox (" + why +
                       "); it may be sent again, with the same webhook-id");
  }
}

void Outbox::Enforce(std::vector<WaitingReport>& reports, std::vector<std::string>& warnings) {
  std::uint64_t bytes = 0;
  for (const auto& report : reports) bytes += report.body_bytes;
  std::size_t dropped = 0;
  while (reports.size() - dropped > limits_.reports || bytes > limits_.bytes) {
    const auto& oldest = reports[dropped++];
    bytes -= oldest.body_bytes;
    std::string why;
    box_->Remove(oldest.name, why);
    warnings.push_back(
        "the outbox '" + directory_ + "' is full (at most " + std::to_string(limits_.reports) +
        " reports, " + Mebibytes(limits_.bytes) + "): dropped the oldest waiting " +
        DescribeWaiting(oldest.id, oldest.created_at_ms) + " (" + oldest.report_name + ")");
  }
  reports.erase(reports.begin(), reports.begin() + static_cast<std::ptrdiff_t>(dropped));
}

bool Outbox::Keep(const Body& body, const WaitingReport& report, std::string& why,
                  std::vector<std::string>& warnings) {
  if (body.size() > limits_.bytes) {
    why = "it is larger than the outbox's " + Mebibytes(limits_.bytes);
    return false;
  }
  auto box = box_ ? nullptr : Box(true, why, warnings);
  const platform::Directory* in = box_ ? box_.get() : box.get();
  if (in == nullptr) return false;
  const nlohmann::json header = {{"id", report.id},
                                 {"createdAt", FormatUtc(report.created_at_ms)},
                                 {"createdAtMs", report.created_at_ms},
                                 {"eventType", report.event_type},
                                 {"reportName", report.report_name},
                                 {"buildStable", report.build_stable},
                                 {"firstDispatch", lock_ ? dispatch_ : ReadCount(*in) + 1},
                                 {"bodyBytes", body.size()}};
  char stamp[24];
  std::snprintf(stamp, sizeof stamp, "%015lld", static_cast<long long>(report.created_at_ms));
  const auto name = stamp + ("-" + report.id) + std::string(kSuffix);
  auto writer = in->Write(name, platform::Access::kPrivate, why);
  if (!writer) return false;
  writer->Write(std::string(kMagic) + "\n" +
                header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  ForEachPiece(body, [&writer](std::string_view piece) { writer->Write(piece); });
  why = writer->Commit();
  if (!why.empty()) return false;
  // The bounds, now if no one is sending from the outbox; else its sender enforces them.
  if (lock_) {
    Read(warnings);
    return true;
  }
  const auto outboxes = Outboxes(false, why, warnings);
  if (const auto own = outboxes ? outboxes->Lock(hash_ + ".lock", {}, why, warnings) : nullptr) {
    box_ = std::move(box);
    Read(warnings);
    box_.reset();
  }
  why.clear();
  return true;
}

}  // namespace gtest_webhook::detail
