// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// `verify`: checks a received request's signature, for receivers written as scripts.

#include "gtest_webhook/verify.h"

#include <iostream>

#include "bounds.h"
#include "escape.h"
#include "platform/files.h"
#include "verbs.h"

namespace gtest_webhook::cli {
namespace {

constexpr const char* kHelp =
    R"(Usage: gtest-webhook verify --secret KEY SIGNATURE-OPTIONS [FILE]

Checks the signature of a request body, in constant time. The body is read from FILE (also
given as --body FILE), or from standard input when there is none or it is -. Exit code 0:
valid, 1: invalid, 2: usage error or a body that cannot be read.

Signature options, one scheme:
  --signature VALUE            the Signature header (sha256=<hex>)
  --id ID --timestamp SECONDS --webhook-signature VALUE
                               the Standard Webhooks headers webhook-id, webhook-timestamp and
                               webhook-signature (several space-separated v1,… values allowed)
  --tolerance SECONDS          how far webhook-timestamp may be from now (default 300)

  --secret KEY                 the shared secret (whsec_… for a Standard Webhooks key); without
                               it, GTEST_WEBHOOK_SECRET is used, which keeps the key out of the
                               process list

Examples:
  gtest-webhook verify --secret "$KEY" --signature "$HTTP_SIGNATURE" body.json
  gtest-webhook verify --id "$ID" --timestamp "$TS" --webhook-signature "$SIG" < body.json
)";

struct Request {
  std::string secret;
  std::string body_path;  // empty or "-": standard input
  SignatureHeaders headers;
  std::int64_t tolerance = 300;
  bool help = false;
};

// Reads one option's value into `request`; an error message when it is not an option.
std::string TakeOption(const std::string& option, const std::string& value, Request& request) {
  const std::pair<const char*, std::string*> strings[] = {
      {"--secret", &request.secret},
      {"--signature", &request.headers.signature},
      {"--id", &request.headers.id},
      {"--timestamp", &request.headers.timestamp},
      {"--webhook-signature", &request.headers.webhook_signature}};
  for (const auto& [name, target] : strings) {
    if (option == name) {
      *target = value;
      return {};
    }
  }
  if (option == "--tolerance") {
    // At most 12 digits: no tolerance can overflow the comparison with the timestamp.
    const auto seconds = ParseUnixSeconds(value);
    if (!seconds) return "--tolerance takes whole seconds (at most 12 digits)";
    request.tolerance = *seconds;
    return {};
  }
  return "unknown option " + option;
}

// The body file, named once: as --body FILE or as the one positional argument.
std::string TakeBodyPath(const std::string& path, Request& request) {
  if (!request.body_path.empty()) return "the body is named twice: give one FILE";
  request.body_path = path;
  return {};
}

// Parses `args` into `request`; an error message when they are not usable.
std::string Parse(const std::vector<std::string>& args, Request& request) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      request.help = true;
      return {};
    }
    if (arg == "-" || arg.rfind("--", 0) != 0) {
      if (auto error = TakeBodyPath(arg, request); !error.empty()) return error;
      continue;
    }
    if (i + 1 >= args.size()) return "unknown option or missing value: " + arg;
    const auto& value = args[++i];
    auto error = arg == "--body" ? TakeBodyPath(value, request) : TakeOption(arg, value, request);
    if (!error.empty()) return error;
  }
  return {};
}

// Checks that `request` names one complete scheme and a secret; an error message otherwise.
std::string Complete(Request& request) {
  if (request.secret.empty()) {
    request.secret = ProcessEnvironment()("GTEST_WEBHOOK_SECRET").value_or("");
    if (request.secret.empty()) return "no secret: pass --secret or set GTEST_WEBHOOK_SECRET";
  }
  const bool standard = !request.headers.id.empty() || !request.headers.timestamp.empty() ||
                        !request.headers.webhook_signature.empty();
  if (request.headers.signature.empty() == !standard) {
    return "give either --signature or --id, --timestamp and --webhook-signature";
  }
  if (standard && (request.headers.id.empty() || request.headers.timestamp.empty() ||
                   request.headers.webhook_signature.empty())) {
    return "Standard Webhooks needs --id, --timestamp and --webhook-signature";
  }
  return {};
}

int Print(const SignatureVerdict& verdict) {
  if (verdict.valid) {
    std::cout << "valid\n";
    return kOk;
  }
  detail::PrintLine(std::cerr, "invalid: " + verdict.why_not);
  return kFailed;
}

}  // namespace

int Verify(const std::vector<std::string>& args) {
  Request request;
  if (auto error = Parse(args, request); !error.empty()) return UsageError("verify", error);
  if (request.help) return PrintHelp(kHelp);
  if (auto error = Complete(request); !error.empty()) return UsageError("verify", error);
  std::string body;
  std::string why;
  if (!platform::ReadFileOrStandardInput(request.body_path, detail::kInputFileBytes, body, why)) {
    const bool file = !request.body_path.empty() && request.body_path != "-";
    return UsageError(
        "verify", std::string("cannot read the body ") +
                      (file ? "file '" + request.body_path + "'" : "from standard input") + " (" +
                      why + ")");
  }
  try {
    const auto verdict = VerifySignatures(request.secret, request.headers, body, request.tolerance);
    if (verdict) return Print(*verdict);
    return UsageError("verify", "the secret starts with whsec_ but the rest is not base64");
  } catch (const std::runtime_error& error) {  // OpenSSL cannot be loaded, say
    detail::PrintLine(std::cerr, std::string("gtest-webhook verify: cannot check the signature: ") +
                                     error.what());
    return kUsage;
  }
}

}  // namespace gtest_webhook::cli
