// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// The outbox (SPEC §13): reports that a reporter never got, kept in the state directory until a
// later dispatch to the same reporter, or `gtest-webhook flush`, delivers them. One directory per
// reporter, named by the hash of its URL, with one file per waiting report:
//   gtest-webhook outbox 1
//   {"id":…,"createdAt":…,"createdAtMs":…,"eventType":…,"reportName":…,"buildStable":…,
//    "firstDispatch":…,"bodyBytes":…}
//   <the body bytes, exactly as they were sent>
// named `<createdAtMs>-<id>.report` so that names sort oldest first. Nothing else is kept: no
// URL, header, credential or signature; a later dispatch signs the bytes afresh with the
// reporter's configuration of that time.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gtest_webhook/options.h"
#include "gtest_webhook/transport.h"
#include "platform/files.h"

namespace gtest_webhook::detail {

/// The bounds of one reporter's outbox.
struct OutboxLimits {
  /// Waiting reports kept; past them, the oldest is dropped (with a warning naming it).
  std::size_t reports = 50;
  /// Bytes the waiting reports may take; past them, the oldest are dropped.
  std::uint64_t bytes = 64ULL << 20U;
};

/// A report waiting in an outbox.
struct WaitingReport {
  /// Its file's name in the outbox, and its path (for messages).
  std::string name;
  std::string path;
  /// The `webhook-id` it was first sent with, kept on every later attempt.
  std::string id;
  std::int64_t created_at_ms = 0;
  std::string event_type;
  std::string report_name;
  bool build_stable = false;
  /// The number of the reporter's dispatch that first tried to send it (see Outbox::dispatch).
  std::int64_t first_dispatch = 0;
  std::uint64_t body_bytes = 0;
};

/// One reporter's outbox. Whoever sends its waiting reports holds its lock, so that concurrent
/// test binaries and `gtest-webhook flush` never send one report twice; keeping a new report
/// needs no lock (it appears whole, under a name of its own).
class Outbox {
 public:
  /// The outbox of reporter `index` of `options`; nullptr, with `why`, when there is no state
  /// directory to keep it in (or it cannot be trusted). Creates no outbox.
  static std::unique_ptr<Outbox> For(const Options& options, std::size_t index, std::string& why,
                                     const OutboxLimits& limits = {});
  /// The outboxes in the state directory of `options`, by the directory names (URL hashes) that
  /// no reporter of `options` has: what `flush` cannot send.
  static std::vector<std::string> Strangers(const Options& options);

  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  const std::string& directory() const { return directory_; }

  /// True when reports may be waiting: one look at the directory, no lock.
  bool MayHoldReports() const;
  /// The number of waiting reports, without a lock (for messages).
  std::size_t Count() const;

  /// Takes the lock, waiting at most until `deadline`, and counts this dispatch. False, with
  /// `why`, when another process held it until then. What it had to repair (a symbolic link
  /// where the outbox or its lock should be) becomes `warnings`.
  bool Lock(std::chrono::steady_clock::time_point deadline, std::string& why,
            std::vector<std::string>& warnings);

  /// The waiting reports, oldest first, once the bounds are enforced. A file that is not a
  /// waiting report is moved aside (`….corrupt`) with a warning; an unreadable directory is a
  /// warning and no reports. Call with the lock held.
  std::vector<WaitingReport> Waiting(std::vector<std::string>& warnings);

  /// The body bytes of `report`; false, with `why`, when they cannot be read.
  bool ReadBody(const WaitingReport& report, std::string& body, std::string& why) const;

  /// Removes `report` (delivered, or refused by the receiver).
  void Remove(const WaitingReport& report, std::vector<std::string>& warnings);

  /// How many files Waiting found that were not waiting reports, and moved aside.
  std::size_t moved_aside() const { return moved_aside_; }

  /// Keeps `body`, the report `report` names (its id, creation time, event, report name and
  /// `buildStable`; the rest is Keep's), then enforces the bounds when the lock can be had at
  /// once. False, with `why`, when it cannot be kept.
  bool Keep(const Body& body, const WaitingReport& report, std::string& why,
            std::vector<std::string>& warnings);

  /// The number of this dispatch among those that found the outbox holding reports (counted by
  /// Lock): how many dispatches a report has waited is this minus its `first_dispatch`.
  std::int64_t dispatch() const { return dispatch_; }

  /// Saves the dispatch count and drops the lock.
  void Unlock();

 private:
  Outbox() = default;
  // The state directory's outbox/, and this reporter's directory in it, each created when
  // `create`; nullptr, with `why` (empty when it does not exist and is not to be created), when
  // it cannot be had.
  std::unique_ptr<platform::Directory> Outboxes(bool create, std::string& why,
                                                std::vector<std::string>& notes) const;
  std::unique_ptr<platform::Directory> Box(bool create, std::string& why,
                                           std::vector<std::string>& notes) const;
  // The names of the waiting reports' files in `box`, oldest first; false, with `why`, when it
  // cannot be read.
  static bool ReportNames(const platform::Directory& box, std::vector<std::string>& names,
                          std::string& why);
  // The waiting reports, oldest first, within the bounds (Waiting without counting).
  std::vector<WaitingReport> Read(std::vector<std::string>& warnings);
  void Enforce(std::vector<WaitingReport>& reports, std::vector<std::string>& warnings);

  std::unique_ptr<platform::Directory> state_;  // the state directory
  std::string hash_;                            // this reporter's directory in its outbox/
  std::string directory_;                       // its path, for messages
  std::unique_ptr<platform::Directory> box_;    // while it is locked
  OutboxLimits limits_;
  std::unique_ptr<platform::FileLock> lock_;
  std::int64_t dispatch_ = 1;
  std::size_t moved_aside_ = 0;
};

/// Describes a waiting report for messages by its id and when it was created:
/// "report msg_… of 2026-11-25T15:58:21.275Z".
std::string DescribeWaiting(const std::string& id, std::int64_t created_at_ms);

}  // namespace gtest_webhook::detail
