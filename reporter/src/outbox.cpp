#include "outbox.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "state.h"

namespace gtest_webhook::detail {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMagic = "gtest-webhook outbox 1";
constexpr std::string_view kSuffix = ".report";
constexpr const char* kCountFile = "dispatches";

bool IsReportName(const std::string& name) {
  return name.size() > kSuffix.size() &&
         name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

std::string OutboxRoot(const Options& options, std::string& why) {
  const auto state = StateDirectory(options, why);
  return state.empty() ? std::string() : state + "/outbox";
}

std::string Mebibytes(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
}

// Reads the header of the waiting report at `path`; false, with `why`, when it is not one.
bool ReadHeader(const std::string& path, WaitingReport& report, std::string& why) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  std::string header;
  if (!in || !std::getline(in, magic) || !std::getline(in, header)) {
    why = in ? "it is cut short" : "it cannot be read";
    return false;
  }
  const auto json = nlohmann::json::parse(header, nullptr, false);
  if (magic != kMagic || !json.is_object()) {
    why = "it is not an outbox file of this version";
    return false;
  }
  report.path = path;
  report.id = json.value("id", "");
  report.created_at_ms = json.value("createdAtMs", std::int64_t{0});
  report.event_type = json.value("eventType", "");
  report.report_name = json.value("reportName", "");
  report.build_stable = json.value("buildStable", false);
  report.first_dispatch = json.value("firstDispatch", std::int64_t{0});
  report.body_bytes = json.value("bodyBytes", std::uint64_t{0});
  const auto expected = magic.size() + header.size() + 2 + report.body_bytes;
  std::error_code error;
  if (report.id.empty() || report.event_type.empty() || fs::file_size(path, error) != expected) {
    why = "its header or its length is wrong";
    return false;
  }
  return true;
}

std::int64_t ReadCount(const std::string& directory) {
  std::ifstream in(directory + "/" + kCountFile);
  std::int64_t count = 0;
  return in >> count && count > 0 ? count : 0;
}

}  // namespace

std::string DescribeWaiting(const std::string& id, std::int64_t created_at_ms) {
  return "report " + id + " of " + FormatUtc(created_at_ms);
}

std::unique_ptr<Outbox> Outbox::For(const Options& options, std::size_t index, std::string& why,
                                    const OutboxLimits& limits) {
  const auto root = OutboxRoot(options, why);
  if (root.empty()) return nullptr;
  std::unique_ptr<Outbox> outbox(new Outbox());
  outbox->directory_ = root + "/" + ReporterHash(options, index);
  outbox->limits_ = limits;
  return outbox;
}

std::vector<std::string> Outbox::Strangers(const Options& options) {
  std::string why;
  const auto root = OutboxRoot(options, why);
  std::vector<std::string> known;
  for (std::size_t i = 0; i < options.reporters.size(); ++i) {
    known.push_back(ReporterHash(options, i));
  }
  std::vector<std::string> strangers;
  std::error_code error;
  for (fs::directory_iterator it(root, error), end; !error && it != end; it.increment(error)) {
    const auto name = it->path().filename().string();
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    Outbox outbox;
    outbox.directory_ = it->path().string();
    if (outbox.MayHoldReports()) strangers.push_back(outbox.directory_);
  }
  std::sort(strangers.begin(), strangers.end());
  return strangers;
}

Outbox::~Outbox() { Unlock(); }

std::vector<std::string> Outbox::ReportNames(std::error_code& error) const {
  std::vector<std::string> names;
  for (fs::directory_iterator it(directory_, error), end; !error && it != end;
       it.increment(error)) {
    auto name = it->path().filename().string();
    if (IsReportName(name)) names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());  // named by creation time: oldest first
  return names;
}

bool Outbox::MayHoldReports() const {
  std::error_code error;
  if (!fs::is_directory(directory_, error)) return false;
  // A directory that cannot be read may hold reports: Waiting says why.
  return !ReportNames(error).empty() || error;
}

std::size_t Outbox::Count() const {
  std::error_code error;
  return ReportNames(error).size();
}

bool Outbox::Lock(std::chrono::steady_clock::time_point deadline, std::string& why) {
  if (!platform::MakeDirectories(directory_, 0700, why)) return false;
  lock_ = platform::FileLock::Acquire(directory_ + ".lock", deadline, why);
  if (!lock_) return false;
  dispatch_ = ReadCount(directory_) + 1;
  return true;
}

void Outbox::Unlock() {
  if (!lock_) return;
  const auto count_path = directory_ + "/" + kCountFile;
  std::error_code error;
  if (!MayHoldReports()) {
    fs::remove(count_path, error);  // an empty outbox counts from the start again
  } else {
    std::string why;
    if (auto writer = platform::FileWriter::Open(count_path, 0600, why)) {
      writer->Write(std::to_string(dispatch_) + "\n");
      writer->Commit(false);  // a count lost in a crash only shortens "waited N dispatches"
    }
  }
  lock_.reset();
}

std::vector<WaitingReport> Outbox::Waiting(std::vector<std::string>& warnings) {
  auto reports = Read(warnings);
  // A count lost (or never written, when the outbox was empty) is at least what the reports say.
  for (const auto& report : reports) dispatch_ = std::max(dispatch_, report.first_dispatch + 1);
  return reports;
}

std::vector<WaitingReport> Outbox::Read(std::vector<std::string>& warnings) {
  std::error_code error;
  const auto names = ReportNames(error);
  if (error && error != std::errc::no_such_file_or_directory) {
    warnings.push_back("cannot read the outbox '" + directory_ + "' (" + error.message() +
                       "); its waiting reports stay there");
    return {};
  }
  std::vector<WaitingReport> reports;
  for (const auto& name : names) {
    const auto path = directory_ + "/" + name;
    WaitingReport report;
    std::string why;
    if (ReadHeader(path, report, why)) {
      reports.push_back(std::move(report));
      continue;
    }
    fs::rename(path, path + ".corrupt", error);
    warnings.push_back("the outbox file '" + path + "' is not a waiting report (" + why +
                       "); it was moved aside to '" + name + ".corrupt' and is not sent");
  }
  Enforce(reports, warnings);
  return reports;
}

bool Outbox::ReadBody(const WaitingReport& report, std::string& body, std::string& why) const {
  std::ifstream in(report.path, std::ios::binary | std::ios::ate);
  const auto size = in ? static_cast<std::uint64_t>(in.tellg()) : 0;
  if (!in || size < report.body_bytes) {
    why = "cannot read '" + report.path + "'";
    return false;
  }
  body.resize(static_cast<std::size_t>(report.body_bytes));
  in.seekg(static_cast<std::streamoff>(size - report.body_bytes));
  in.read(body.data(), static_cast<std::streamsize>(body.size()));
  if (!in) why = "cannot read '" + report.path + "'";
  return static_cast<bool>(in);
}

void Outbox::Remove(const WaitingReport& report, std::vector<std::string>& warnings) {
  std::error_code error;
  if (!fs::remove(report.path, error) && error) {
    warnings.push_back("cannot remove '" + report.path + "' from the outbox (" + error.message() +
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
    std::error_code error;
    fs::remove(oldest.path, error);
    warnings.push_back(
        "the outbox '" + directory_ + "' is full (at most " + std::to_string(limits_.reports) +
        " reports, " + Mebibytes(limits_.bytes) + "): dropped the oldest waiting " +
        DescribeWaiting(oldest.id, oldest.created_at_ms) + " (" + oldest.report_name + ")");
  }
  reports.erase(reports.begin(), reports.begin() + static_cast<std::ptrdiff_t>(dropped));
}

bool Outbox::Keep(const Body& body, const DeliveryResult& result, const std::string& event_type,
                  const std::string& report_name, bool build_stable, std::string& why,
                  std::vector<std::string>& warnings) {
  if (body.size() > limits_.bytes) {
    why = "it is larger than the outbox's " + Mebibytes(limits_.bytes);
    return false;
  }
  if (!platform::MakeDirectories(directory_, 0700, why)) return false;
  const nlohmann::json header = {{"id", result.id},
                                 {"createdAt", FormatUtc(result.created_at_ms)},
                                 {"createdAtMs", result.created_at_ms},
                                 {"eventType", event_type},
                                 {"reportName", report_name},
                                 {"buildStable", build_stable},
                                 {"firstDispatch", lock_ ? dispatch_ : ReadCount(directory_) + 1},
                                 {"bodyBytes", body.size()}};
  char stamp[24];
  std::snprintf(stamp, sizeof stamp, "%015lld", static_cast<long long>(result.created_at_ms));
  const auto path = directory_ + "/" + stamp + "-" + result.id + std::string(kSuffix);
  auto writer = platform::FileWriter::Open(path, 0600, why);
  if (!writer) return false;
  writer->Write(std::string(kMagic) + "\n" +
                header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  ForEachPiece(body, [&writer](std::string_view piece) { writer->Write(piece); });
  why = writer->Commit();
  if (!why.empty()) return false;
  // The bounds, now if no one is sending from the outbox; else its sender enforces them.
  std::unique_ptr<platform::FileLock> own;
  std::string busy;
  if (!lock_) own = platform::FileLock::Acquire(directory_ + ".lock", {}, busy);
  if (lock_ || own) Read(warnings);
  return true;
}

}  // namespace gtest_webhook::detail
