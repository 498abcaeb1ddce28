// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// `flush`: sends the reports that wait in the outbox (SPEC §13) now, instead of with the next
// report to the same reporter.

#include <iostream>

#include "deliver/dispatch.h"
#include "deliver/records.h"
#include "escape.h"
#include "verbs.h"

namespace gtest_webhook::cli {
namespace {

constexpr const char* kFlushHelp = R"(Usage: gtest-webhook flush

Sends the reports waiting in the outbox to their reporters, and prints their delivery records.
A report waits there when its receiver never got it: no connection, a timeout, HTTP 5xx or 429,
or GTEST_WEBHOOK_DEADLINE passed. Each is sent oldest first with the webhook-id it first had
(receivers can de-duplicate), signed afresh, within GTEST_WEBHOOK_DEADLINE. The next report to
the same reporter sends them too; flush is for a build that has no next report soon.

The outbox is in the state directory (GTEST_WEBHOOK_STATE_DIR, else
$XDG_CACHE_HOME/gtest-webhook, else ~/.cache/gtest-webhook), one directory per reporter URL.
Reporters come from the same GTEST_WEBHOOK_* variables as the test run's.

Exits 0 only when the outbox is empty afterwards.

Example:
  GTEST_WEBHOOK_URL=https://dash.example/hook gtest-webhook flush
)";

}  // namespace

int Flush(const std::vector<std::string>& args) {
  if (WantsHelp(args)) return PrintHelp(kFlushHelp);
  if (!args.empty()) return UsageError("flush", "takes no arguments");
  const auto options = LoadOptions();
  const auto transport = MakeCurlTransport();
  const auto result = detail::FlushOutboxes(options, *transport, std::cerr);
  for (const auto& delivery : result.waiting)
    std::cout << detail::DeliveryRecord(delivery, "") << '\n';
  if (result) detail::PrintLine(std::cerr, "gtest-webhook flush: the outbox is empty");
  return result ? kOk : kFailed;
}

}  // namespace gtest_webhook::cli
