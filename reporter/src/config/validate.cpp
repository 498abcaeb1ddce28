// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The one validator: a ReporterDescription from either front end becomes a WebhookReporter, or
// a problem line says why it cannot.

#include "config/validate.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "config/choices.h"
#include "config/reporters.h"
#include "gtest_webhook/signing.h"
#include "model/url.h"

namespace gtest_webhook::detail {
namespace {

using nlohmann::json;

// Headers the payload's integrity and authentication depend on; configuration may not replace
// them.
bool IsReservedHeader(const std::string& name) {
  static const std::set<std::string> kReserved = {
      "content-type", "content-length",   "user-agent",        "authorization",
      "signature",    "webhook-id",       "webhook-timestamp", "webhook-signature",
      "host",         "transfer-encoding"};
  return kReserved.count(Lower(name)) != 0;
}

bool IsHeaderToken(const std::string& name) {
  static const std::string kTokenPunctuation = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 ||
           kTokenPunctuation.find(static_cast<char>(c)) != std::string::npos;
  });
}

class Validator {
 public:
  Validator(const ReporterDescription& description, Problems& problems)
      : description_(description), problems_(problems) {}

  std::optional<WebhookReporter> Run() {
    if (!EverySettingCanBeSent()) return std::nullopt;
    WebhookReporter reporter;
    reporter.url = Trim(Value("url"));
    reporter.secret_key = Value("secretKey");
    reporter.username = Value("username");
    reporter.password = Value("password");
    reporter.label = Trim(Value("label"));
    ReadHeaders(reporter);
    if (!UrlIsUsable(reporter.url)) return std::nullopt;
    Pick("when", kWhens, reporter.when);
    Pick("format", kFormats, reporter.format);
    Pick("testCases", kTestCases, reporter.test_cases);
    if (!CredentialsArePaired(reporter) || !SecretKeysAreUsable(reporter)) return std::nullopt;
    WarnAboutPlainHttp(reporter);
    return reporter;
  }

 private:
  std::string Value(const std::string& key) const {
    const Setting* setting = description_.Find(key);
    return setting == nullptr ? std::string() : setting->value;
  }

  std::string Where(const char* key) const {
    for (const auto& known : kReporterKeys) {
      if (std::string(known.key) == key) return description_.Where(known);
    }
    return description_.where + "." + key;
  }

  void Problem(std::string line) { problems_.push_back(std::move(line)); }

  // A NUL character cannot be sent whole, and an empty credential is one that did not come
  // through (a CI secret not given to this job): never send without it instead.
  bool EverySettingCanBeSent() {
    for (const auto& key : kReporterKeys) {
      const Setting* setting = description_.Find(key.key);
      if (setting == nullptr) continue;
      if (setting->value.find('\0') != std::string::npos) {
        Problem(setting->where +
                " contains a NUL character, which cannot be sent; this reporter is disabled");
        return false;
      }
      if (setting->value.empty() && (key.credential || setting->expanded)) {
        const char* empty = setting->expanded ? " is empty once its ${...} references are expanded"
                            : description_.shorthand ? " is set but empty"
                                                     : " is empty";
        Problem(setting->where + empty +
                "; this reporter is disabled rather than sending without it");
        return false;
      }
    }
    return true;
  }

  bool UrlIsUsable(const std::string& url) {
    if (const auto why = ValidateWebhookUrl(url); !why.empty()) {
      Problem(Where("url") + "=" + ShownUrl(url) + " is invalid: " + why +
              "; this reporter is disabled");
      return false;
    }
    return true;
  }

  // Reads an enumerated key; a value that is none of `choices` keeps the default, with a line.
  template <typename Value, std::size_t N>
  void Pick(const char* key, const Choice<Value> (&choices)[N], Value& target) {
    const Setting* setting = description_.Find(key);
    if (setting == nullptr || Trim(setting->value).empty()) return;
    const auto value = Lower(Trim(setting->value));
    std::string listed;
    for (const auto& choice : choices) {
      if (value == choice.spelling) {
        target = choice.value;
        return;
      }
      listed += (listed.empty() ? "" : ", ") + std::string(choice.spelling);
    }
    Problem(setting->where + "=" + Shown(setting->value) + " is not one of " + listed + "; using " +
            choices[0].spelling);
  }

  bool CredentialsArePaired(const WebhookReporter& reporter) {
    if (reporter.username.empty() == reporter.password.empty()) return true;
    const auto user = Where("username");
    const auto pass = Where("password");
    const auto& [has, lacks] =
        reporter.username.empty() ? std::pair(pass, user) : std::pair(user, pass);
    Problem(has + " is set but " + lacks +
            " is not; Basic Auth needs both, so this reporter is disabled");
    return false;
  }

  bool SecretKeysAreUsable(const WebhookReporter& reporter) {
    if (reporter.secret_key.empty()) return true;
    const auto keys = SecretKeys(reporter.secret_key);
    const auto name = "reporter " + MaskUrl(reporter.url);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const std::string which =
          keys.size() == 1 ? "its secret" : "its secret key " + std::to_string(i + 1);
      if (!StandardWebhooksKey(keys[i])) {
        Problem(name + ": " + which +
                " starts with whsec_ but the rest is not valid base64 (Standard Webhooks "
                "secrets are whsec_<base64>); this reporter is disabled");
        return false;
      }
    }
    return true;
  }

  void WarnAboutPlainHttp(const WebhookReporter& reporter) {
    const bool sends_secrets = !reporter.secret_key.empty() || !reporter.username.empty();
    if (sends_secrets && IsPlainHttpToRemoteHost(reporter.url)) {
      Problem("reporter " + MaskUrl(reporter.url) +
              ": credentials or a signed body go over plain http to a host that is not "
              "loopback, where anyone on the way can read or replay them; use https");
    }
  }

  // Adds each configured header, or says why one was refused.
  void ReadHeaders(WebhookReporter& reporter) {
    if (!description_.headers) return;
    const auto& where = description_.headers_where;
    if (!description_.headers->is_object()) {
      Problem(where +
              " must be a JSON object of header names to string values; headers are ignored");
      return;
    }
    for (const auto& [name, value] : description_.headers->items()) {
      if (const auto why = HeaderProblem(name, value); !why.empty()) {
        Problem(where + " header " + why + "; it is ignored");
      } else {
        reporter.headers.emplace_back(name, value.get<std::string>());
      }
    }
  }

  static std::string HeaderProblem(const std::string& name, const json& value) {
    if (!value.is_string()) return "'" + name + "' must have a string value";
    if (!IsHeaderToken(name)) return "name " + Shown(name) + " is not a valid HTTP header name";
    if (IsReservedHeader(name)) {
      return "'" + name + "' may not be set from configuration (it is set by gtest-webhook)";
    }
    if (value.get<std::string>().find_first_of(std::string("\r\n\0", 3)) != std::string::npos) {
      return "'" + name + "' has a line break or a NUL character in its value";
    }
    return {};
  }

  const ReporterDescription& description_;
  Problems& problems_;
};

}  // namespace

const Setting* ReporterDescription::Find(const std::string& key) const {
  const auto it = settings.find(key);
  return it == settings.end() ? nullptr : &it->second;
}

std::string ReporterDescription::Where(const ReporterKey& key) const {
  return shorthand ? std::string(key.variable) : where + "." + key.key;
}

std::optional<WebhookReporter> ValidateReporter(const ReporterDescription& description,
                                                Problems& problems) {
  return Validator(description, problems).Run();
}

}  // namespace gtest_webhook::detail
