#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>

#include "bounds.h"
#include "gtest_webhook/signing.h"
#include "platform/files.h"
#include "print.h"
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
  std::string signature;
  std::string id;
  std::string timestamp;
  std::string webhook_signature;
  long tolerance = 300;
  bool help = false;
};

// `text` as Unix seconds when it is written as Standard Webhooks senders write them: decimal
// digits, without a sign, spaces or leading zeros (the signature covers the number as written,
// and every sender writes it this way).
std::optional<long long> UnixSeconds(const std::string& text) {
  if (text.empty() || text.size() > 12 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  long long seconds = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    seconds = seconds * 10 + (c - '0');
  }
  return seconds;
}

// Reads one option's value into `request`; an error message when it is not an option.
std::string TakeOption(const std::string& option, const std::string& value, Request& request) {
  const std::pair<const char*, std::string*> strings[] = {
      {"--secret", &request.secret},
      {"--signature", &request.signature},
      {"--id", &request.id},
      {"--timestamp", &request.timestamp},
      {"--webhook-signature", &request.webhook_signature}};
  for (const auto& [name, target] : strings) {
    if (option == name) {
      *target = value;
      return {};
    }
  }
  if (option == "--tolerance") {
    // At most 12 digits: no tolerance can overflow the comparison with the timestamp.
    const auto seconds = UnixSeconds(value);
    if (!seconds) return "--tolerance takes whole seconds (at most 12 digits)";
    request.tolerance = static_cast<long>(*seconds);
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
    const char* from_env = std::getenv("GTEST_WEBHOOK_SECRET");
    if (from_env == nullptr || *from_env == '\0') {
      return "no secret: pass --secret or set GTEST_WEBHOOK_SECRET";
    }
    request.secret = from_env;
  }
  const bool standard =
      !request.id.empty() || !request.timestamp.empty() || !request.webhook_signature.empty();
  if (request.signature.empty() == !standard) {
    return "give either --signature or --id, --timestamp and --webhook-signature";
  }
  if (standard &&
      (request.id.empty() || request.timestamp.empty() || request.webhook_signature.empty())) {
    return "Standard Webhooks needs --id, --timestamp and --webhook-signature";
  }
  return {};
}

// The body, from the file or standard input; an error message when it cannot be read whole.
std::string ReadBody(const std::string& path, std::string& body) {
  std::string why;
  if (path.empty() || path == "-") {
    if (platform::ReadStandardInput(detail::kInputFileBytes, body, why)) return {};
    return "cannot read the body from standard input (" + why + ")";
  }
  if (platform::ReadRegularFile(path, detail::kInputFileBytes, body, why) ==
      platform::ReadOutcome::kRead) {
    return {};
  }
  return "cannot read the body file '" + path + "' (" + why + ")";
}

int Verdict(bool valid, const char* why_not) {
  if (valid) {
    std::cout << "valid\n";
    return kOk;
  }
  detail::PrintLine(std::cerr, std::string("invalid: ") + why_not);
  return kFailed;
}

int VerifyStandard(const Request& request, const std::string& body) {
  const auto key = StandardWebhooksKey(request.secret);
  if (!key) return UsageError("verify", "the secret starts with whsec_ but the rest is not base64");
  const auto seconds = UnixSeconds(request.timestamp);
  if (!seconds) {
    return Verdict(false, "webhook-timestamp is not Unix seconds written in decimal digits");
  }
  const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  if (const long long off = std::llabs(now - *seconds); off > request.tolerance) {
    detail::PrintLine(std::cerr, "invalid: webhook-timestamp is " + std::to_string(off) +
                                     " s from now, more than the tolerance of " +
                                     std::to_string(request.tolerance) + " s");
    return kFailed;
  }
  const auto expected = StandardWebhooksSignature(*key, request.id, *seconds, body);
  std::istringstream candidates(request.webhook_signature);
  bool valid = false;
  for (std::string candidate; candidates >> candidate;) {
    // Every candidate is compared, so the time taken does not say which one matched.
    valid = ConstantTimeEquals(candidate, expected) || valid;
  }
  return Verdict(valid, "no webhook-signature matches the body");
}

}  // namespace

int UsageError(const std::string& verb, const std::string& message) {
  detail::PrintLine(std::cerr, "gtest-webhook " + verb + ": " + message + "; see gtest-webhook " +
                                   verb + " --help");
  return kUsage;
}

int Verify(const std::vector<std::string>& args) {
  Request request;
  if (auto error = Parse(args, request); !error.empty()) return UsageError("verify", error);
  if (request.help) {
    std::cout << kHelp;
    return kOk;
  }
  if (auto error = Complete(request); !error.empty()) return UsageError("verify", error);
  std::string body;
  if (auto error = ReadBody(request.body_path, body); !error.empty()) {
    return UsageError("verify", error);
  }
  try {
    if (!request.signature.empty()) {
      return Verdict(
          ConstantTimeEquals(request.signature, SignatureHeaderValue(request.secret, body)),
          "the Signature does not match the body");
    }
    return VerifyStandard(request, body);
  } catch (const std::runtime_error& error) {  // OpenSSL cannot be loaded, say
    detail::PrintLine(std::cerr, std::string("gtest-webhook verify: cannot check the signature: ") +
                                     error.what());
    return kUsage;
  }
}

}  // namespace gtest_webhook::cli
