#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "gtest_webhook/signing.h"
#include "verbs.h"

namespace gtest_webhook::cli {
namespace {

constexpr const char* kHelp =
    R"(Usage: gtest-webhook verify --secret KEY [--body FILE] SIGNATURE-OPTIONS

Checks the signature of a request body, in constant time. The body is read from FILE, or from
standard input without --body or with --body -. Exit code 0: valid, 1: invalid, 2: usage error.

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
  gtest-webhook verify --secret "$KEY" --signature "$HTTP_SIGNATURE" --body body.json
  gtest-webhook verify --id "$ID" --timestamp "$TS" --webhook-signature "$SIG" < body.json
)";

}  // namespace

int UsageError(const std::string& verb, const std::string& message) {
  std::cerr << "gtest-webhook " << verb << ": " << message << "; see gtest-webhook " << verb
            << " --help\n";
  return kUsage;
}

int Verify(const std::vector<std::string>& args) {
  std::string secret;
  std::string body_path = "-";
  std::string signature;
  std::string id;
  std::string timestamp;
  std::string webhook_signature;
  long tolerance = 300;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kHelp;
      return kOk;
    }
    if (i + 1 >= args.size())
      return UsageError("verify", "unknown option or missing value: " + arg);
    const auto& value = args[++i];
    if (arg == "--secret") {
      secret = value;
    } else if (arg == "--body") {
      body_path = value;
    } else if (arg == "--signature") {
      signature = value;
    } else if (arg == "--id") {
      id = value;
    } else if (arg == "--timestamp") {
      timestamp = value;
    } else if (arg == "--webhook-signature") {
      webhook_signature = value;
    } else if (arg == "--tolerance") {
      char* end = nullptr;
      tolerance = std::strtol(value.c_str(), &end, 10);
      if (*end != '\0' || tolerance < 0)
        return UsageError("verify", "--tolerance takes whole seconds");
    } else {
      return UsageError("verify", "unknown option " + arg);
    }
  }
  if (secret.empty()) {
    const char* from_env = std::getenv("GTEST_WEBHOOK_SECRET");
    if (from_env == nullptr || *from_env == '\0') {
      return UsageError("verify", "no secret: pass --secret or set GTEST_WEBHOOK_SECRET");
    }
    secret = from_env;
  }
  const bool standard = !id.empty() || !timestamp.empty() || !webhook_signature.empty();
  if (signature.empty() == !standard) {
    return UsageError("verify",
                      "give either --signature or --id, --timestamp and --webhook-signature");
  }
  if (standard && (id.empty() || timestamp.empty() || webhook_signature.empty())) {
    return UsageError("verify",
                      "Standard Webhooks needs --id, --timestamp and --webhook-signature");
  }

  std::string body;
  if (body_path == "-") {
    body.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream file(body_path, std::ios::binary);
    if (!file) return UsageError("verify", "cannot read the body file '" + body_path + "'");
    body.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }

  if (!standard) {
    if (ConstantTimeEquals(signature, SignatureHeaderValue(secret, body))) {
      std::cout << "valid\n";
      return kOk;
    }
    std::cerr << "invalid: the Signature does not match the body\n";
    return kFailed;
  }
  const auto key = StandardWebhooksKey(secret);
  if (!key) return UsageError("verify", "the secret starts with whsec_ but the rest is not base64");
  char* end = nullptr;
  const long long seconds = std::strtoll(timestamp.c_str(), &end, 10);
  if (*end != '\0') {
    std::cerr << "invalid: webhook-timestamp is not a number\n";
    return kFailed;
  }
  const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  if (std::llabs(now - seconds) > tolerance) {
    std::cerr << "invalid: webhook-timestamp is " << std::llabs(now - seconds)
              << " s from now, more than the tolerance of " << tolerance << " s\n";
    return kFailed;
  }
  const auto expected = StandardWebhooksSignature(*key, id, seconds, body);
  std::istringstream candidates(webhook_signature);
  bool valid = false;
  for (std::string candidate; candidates >> candidate;) {
    // Every candidate is compared, so the time taken does not say which one matched.
    valid = ConstantTimeEquals(candidate, expected) || valid;
  }
  if (valid) {
    std::cout << "valid\n";
    return kOk;
  }
  std::cerr << "invalid: no webhook-signature matches the body\n";
  return kFailed;
}

}  // namespace gtest_webhook::cli
