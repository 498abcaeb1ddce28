#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "gtest_webhook/delivery.h"
#include "gtest_webhook/options.h"
#include "gtest_webhook/signing.h"
#include "url.h"

namespace gtest_webhook {
namespace {

using nlohmann::json;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  const auto end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

// Quotes a configuration value for a problem line, shortened so one line stays one line.
std::string Shown(const std::string& value) {
  constexpr std::size_t kMaxShown = 80;
  std::string shown;
  for (const char c : value.substr(0, kMaxShown)) {
    shown += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
  }
  if (value.size() > kMaxShown) shown += "...";
  return "'" + shown + "'";
}

std::string ShownUrl(const std::string& url) { return "'" + MaskUrl(url) + "'"; }

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

// `GTEST_WEBHOOK_DISABLE` values that turn reporting off.
bool IsOn(const std::string& text) {
  const auto v = Lower(Trim(text));
  return v == "1" || v == "true" || v == "yes" || v == "on";
}

std::optional<When> ParseWhen(const std::string& text) {
  const auto value = Lower(Trim(text));
  if (value == "always") return When::kAlways;
  if (value == "fails") return When::kFails;
  if (value == "changes") return When::kChanges;
  return std::nullopt;
}

// nlohmann's parse errors quote the text they last read, which may be part of a secret; keep
// only the position and the reason.
std::string DescribeParseError(const json::parse_error& error) {
  std::string what = error.what();
  const auto last_read = what.find("; last read: ");
  if (last_read != std::string::npos) {
    const auto expected = what.find("; expected ", last_read + 1);
    what.erase(last_read, expected == std::string::npos ? std::string::npos : expected - last_read);
  }
  const auto bracket = what.find("] ");
  if (bracket != std::string::npos) what.erase(0, bracket + 2);
  return what;
}

class Parser {
 public:
  explicit Parser(const EnvLookup& env) : env_(env) {}

  ConfigResult Run() {
    if (Disabled()) {
      result_.options.disabled = true;
      return std::move(result_);
    }
    ParseShorthand();
    ParseReporterList();
    ParseRunWide();
    return std::move(result_);
  }

 private:
  std::optional<std::string> Get(const char* name) const {
    auto value = env_(name);
    if (value && Trim(*value).empty()) return std::nullopt;
    return value;
  }

  void Problem(std::string line) { result_.problems.push_back(std::move(line)); }

  bool Disabled() {
    const auto value = Get("GTEST_WEBHOOK_DISABLE");
    if (!value) return false;
    if (IsOn(*value)) return true;
    const auto v = Lower(Trim(*value));
    if (v != "0" && v != "false" && v != "no" && v != "off") {
      Problem("GTEST_WEBHOOK_DISABLE=" + Shown(*value) + " is not 1 or 0; reporting stays enabled");
    }
    return false;
  }

  // Validates the parts of a reporter that both configuration shapes share. `where` names the
  // variable (and list position) in problem lines. Returns false when the reporter must be
  // dropped.
  bool Check(WebhookReporter& reporter, const std::string& where, const std::string& url_where,
             const std::string& when_text, const std::string& when_where) {
    if (const auto why = detail::ValidateWebhookUrl(reporter.url); !why.empty()) {
      Problem(url_where + "=" + ShownUrl(reporter.url) + " is invalid: " + why +
              "; this reporter is disabled");
      return false;
    }
    if (!when_text.empty()) {
      if (const auto when = ParseWhen(when_text)) {
        reporter.when = *when;
      } else {
        Problem(when_where + "=" + Shown(when_text) +
                " is not one of always, fails, changes; using always");
      }
    }
    if (reporter.username.empty() != reporter.password.empty()) {
      const bool shorthand = where == "GTEST_WEBHOOK_URL";
      const std::string user = shorthand ? "GTEST_WEBHOOK_USERNAME" : where + ".username";
      const std::string pass = shorthand ? "GTEST_WEBHOOK_PASSWORD" : where + ".password";
      const auto& [has, lacks] =
          reporter.username.empty() ? std::pair(pass, user) : std::pair(user, pass);
      Problem(has + " is set but " + lacks +
              " is not; Basic Auth needs both, so this reporter is disabled");
      return false;
    }
    const auto name = "reporter " + MaskUrl(reporter.url);
    std::optional<std::string> key;
    try {
      if (!reporter.secret_key.empty()) key = StandardWebhooksKey(reporter.secret_key);
    } catch (const std::exception& error) {
      Problem(name + ": cannot check its secret (" + error.what() + "); this reporter is disabled");
      return false;
    }
    if (!reporter.secret_key.empty() && !key) {
      Problem(name +
              ": its secret starts with whsec_ but the rest is not valid base64 (Standard "
              "Webhooks secrets are whsec_<base64>); this reporter is disabled");
      return false;
    }
    const bool sends_secrets = !reporter.secret_key.empty() || !reporter.username.empty();
    if (sends_secrets && detail::IsPlainHttpToRemoteHost(reporter.url)) {
      Problem(name +
              ": credentials or a signed body go over plain http to a host that is not "
              "loopback, where anyone on the way can read or replay them; use https");
    }
    return true;
  }

  // Adds one header from configuration, or says why it was refused.
  void AddHeader(WebhookReporter& reporter, const std::string& where, const std::string& name,
                 const json& value) {
    if (!value.is_string()) {
      Problem(where + " header '" + name + "' must have a string value; it is ignored");
    } else if (!IsHeaderToken(name)) {
      Problem(where + " header name " + Shown(name) +
              " is not a valid HTTP header name; it is ignored");
    } else if (IsReservedHeader(name)) {
      Problem(where + " header '" + name +
              "' may not be set from configuration (it is set by gtest-webhook); it is ignored");
    } else {
      const auto text = value.get<std::string>();
      if (text.find_first_of(std::string("\r\n\0", 3)) != std::string::npos) {
        Problem(where + " header '" + name +
                "' has a line break or a NUL character in its value; it is ignored");
      } else {
        reporter.headers.emplace_back(name, text);
      }
    }
  }

  void ParseHeaders(WebhookReporter& reporter, const std::string& where, const json& headers) {
    if (!headers.is_object()) {
      Problem(where +
              " must be a JSON object of header names to string values; headers are ignored");
      return;
    }
    for (const auto& [name, value] : headers.items()) AddHeader(reporter, where, name, value);
  }

  void ParseShorthand() {
    const auto url = Get("GTEST_WEBHOOK_URL");
    if (!url) {
      for (const char* name :
           {"GTEST_WEBHOOK_WHEN", "GTEST_WEBHOOK_SECRET", "GTEST_WEBHOOK_USERNAME",
            "GTEST_WEBHOOK_PASSWORD", "GTEST_WEBHOOK_HEADERS", "GTEST_WEBHOOK_LABEL"}) {
        if (Get(name))
          Problem(std::string(name) + " is set but GTEST_WEBHOOK_URL is not; it is ignored");
      }
      return;
    }
    // An empty credential is one that did not come through (a CI secret not given to this
    // job): never send unsigned or without the password instead.
    for (const char* name :
         {"GTEST_WEBHOOK_SECRET", "GTEST_WEBHOOK_USERNAME", "GTEST_WEBHOOK_PASSWORD"}) {
      if (env_(name) && !Get(name)) {
        Problem(std::string(name) +
                " is set but empty; this reporter is disabled rather than "
                "sending without it");
        return;
      }
    }
    WebhookReporter reporter;
    reporter.url = Trim(*url);
    reporter.secret_key = Get("GTEST_WEBHOOK_SECRET").value_or("");
    reporter.username = Get("GTEST_WEBHOOK_USERNAME").value_or("");
    reporter.password = Get("GTEST_WEBHOOK_PASSWORD").value_or("");
    reporter.label = Trim(Get("GTEST_WEBHOOK_LABEL").value_or(""));
    if (const auto headers = Get("GTEST_WEBHOOK_HEADERS")) {
      try {
        ParseHeaders(reporter, "GTEST_WEBHOOK_HEADERS", json::parse(*headers));
      } catch (const json::parse_error& error) {
        Problem("GTEST_WEBHOOK_HEADERS is not valid JSON (" + DescribeParseError(error) +
                "); headers are ignored");
      }
    }
    const auto when = Get("GTEST_WEBHOOK_WHEN").value_or("");
    if (Check(reporter, "GTEST_WEBHOOK_URL", "GTEST_WEBHOOK_URL", when, "GTEST_WEBHOOK_WHEN")) {
      result_.options.reporters.push_back(std::move(reporter));
    }
  }

  // Replaces every `${NAME}` in `text` with that variable's value. Returns false, with a
  // problem line, when a referenced variable is not set.
  bool Expand(std::string& text, const std::string& where) {
    std::string out;
    std::size_t pos = 0;
    while (true) {
      const auto open = text.find("${", pos);
      if (open == std::string::npos) break;
      const auto close = text.find('}', open + 2);
      if (close == std::string::npos) break;
      const auto name = text.substr(open + 2, close - open - 2);
      const auto value = env_(name);
      if (!value) {
        Problem(where + " refers to ${" + name + "}, which is not set; this reporter is disabled");
        return false;
      }
      out += text.substr(pos, open - pos);
      out += *value;
      pos = close + 1;
    }
    out += text.substr(pos);
    text = std::move(out);
    return true;
  }

  void ParseReporterList() {
    const auto raw = Get("GTEST_WEBHOOK_REPORTERS");
    if (!raw) return;
    std::string text = *raw;
    std::string source = "GTEST_WEBHOOK_REPORTERS";
    const auto trimmed = Trim(text);
    if (!trimmed.empty() && trimmed.front() == '@') {
      const auto path = trimmed.substr(1);
      std::error_code unknown;
      if (std::filesystem::is_directory(path, unknown)) {
        Problem("GTEST_WEBHOOK_REPORTERS names " + Shown(path) +
                ", which is a directory, not a file; no reporters from it");
        return;
      }
      std::ifstream file(path, std::ios::binary);
      if (!file) {
        Problem("GTEST_WEBHOOK_REPORTERS names the file " + Shown(path) +
                ", which cannot be read (" + std::strerror(errno) + "); no reporters from it");
        return;
      }
      std::ostringstream content;
      content << file.rdbuf();
      text = content.str();
      source += " (file " + path + ")";
    }
    json document;
    try {
      document = json::parse(text);
    } catch (const json::parse_error& error) {
      Problem(source + " is not valid JSON (" + DescribeParseError(error) +
              "); no reporters from it");
      return;
    }
    const json* list = &document;
    if (document.is_object()) {
      const auto it = document.find("reporters");
      if (it == document.end()) {
        Problem(source + " is an object without a \"reporters\" array; no reporters from it");
        return;
      }
      list = &*it;
    }
    if (!list->is_array()) {
      Problem(source +
              " must be an array of reporters or {\"reporters\": [...]}; no reporters from it");
      return;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      ParseListEntry((*list)[i], source + " reporters[" + std::to_string(i) + "]");
    }
  }

  // The reporter object of a list entry: the entry itself, or its "webhook" member. nullptr,
  // with a problem line, when it is neither.
  const json* FindHook(const json& entry, const std::string& where) {
    if (!entry.is_object()) {
      Problem(where + R"( must be an object like {"webhook": {"url": ...}}; it is ignored)");
      return nullptr;
    }
    if (entry.contains("url")) return &entry;
    const auto it = entry.find("webhook");
    if (it == entry.end() || !it->is_object()) {
      const std::string kind = entry.empty() ? "nothing" : "'" + entry.begin().key() + "'";
      Problem(where + " is not a webhook reporter (found " + kind +
              "); only {\"webhook\": {...}} reporters are supported; it is ignored");
      return nullptr;
    }
    return &*it;
  }

  void WarnUnknownKeys(const json& hook, const std::string& where) {
    static const std::set<std::string> kKnown = {"url",      "when",    "secretKey", "username",
                                                 "password", "headers", "label"};
    for (const auto& [key, value] : hook.items()) {
      if (kKnown.count(key) == 0) {
        Problem(
            where + " has an unknown key '" + key +
            "' (known: url, when, secretKey, username, password, headers, label); it is ignored");
      }
    }
  }

  // Reads the string `key` of `hook` into `target`, expanding ${NAME} references. False, with
  // a problem line, when the reporter must be disabled: not a string, a reference to a variable
  // that is not set or is empty, or a NUL character (which could not be sent whole).
  bool ReadString(const json& hook, const std::string& key, const std::string& where,
                  std::string& target) {
    const auto it = hook.find(key);
    if (it == hook.end() || it->is_null()) return true;
    const auto field = where + "." + key;
    if (!it->is_string()) {
      Problem(field + " must be a string; this reporter is disabled");
      return false;
    }
    target = it->get<std::string>();
    const bool refers = target.find("${") != std::string::npos;
    if (!Expand(target, field)) return false;
    if (target.find('\0') != std::string::npos) {
      Problem(field + " contains a NUL character, which cannot be sent; this reporter is disabled");
      return false;
    }
    if (target.empty() && (refers || key == "secretKey")) {
      Problem(field + " is empty" + (refers ? " once its ${...} references are expanded" : "") +
              "; this reporter is disabled rather than sending without it");
      return false;
    }
    return true;
  }

  // The entry's headers, with ${NAME} references expanded. False when one cannot be.
  bool ReadHeaders(const json& hook, const std::string& where, WebhookReporter& reporter) {
    const auto it = hook.find("headers");
    if (it == hook.end() || it->is_null()) return true;
    json headers = *it;
    if (headers.is_object()) {
      for (auto& [name, value] : headers.items()) {
        if (!value.is_string()) continue;
        auto text = value.get<std::string>();
        if (!Expand(text, where + ".headers." + name)) return false;
        value = text;
      }
    }
    ParseHeaders(reporter, where + ".headers", headers);
    return true;
  }

  void ParseListEntry(const json& entry, const std::string& where) {
    const json* hook = FindHook(entry, where);
    if (hook == nullptr) return;
    WarnUnknownKeys(*hook, where);
    if (!hook->contains("url")) {
      Problem(where + " has no \"url\"; it is ignored");
      return;
    }
    WebhookReporter reporter;
    std::string when;
    const std::pair<const char*, std::string*> fields[] = {{"url", &reporter.url},
                                                           {"when", &when},
                                                           {"secretKey", &reporter.secret_key},
                                                           {"username", &reporter.username},
                                                           {"password", &reporter.password},
                                                           {"label", &reporter.label}};
    bool usable = true;
    for (const auto& [key, target] : fields)
      usable = ReadString(*hook, key, where, *target) && usable;
    if (!usable || !ReadHeaders(*hook, where, reporter)) return;
    reporter.url = Trim(reporter.url);
    if (Check(reporter, where, where + ".url", when, where + ".when")) {
      result_.options.reporters.push_back(std::move(reporter));
    }
  }

  // Reads a positive number of seconds; keeps `target` and reports a problem otherwise.
  void Seconds(const char* name, std::chrono::milliseconds& target) {
    const auto value = Get(name);
    if (!value) return;
    const auto text = Trim(*value);
    char* end = nullptr;
    errno = 0;
    const double seconds = std::strtod(text.c_str(), &end);
    if (errno != 0 || end == text.c_str() || *end != '\0' || !std::isfinite(seconds) ||
        seconds <= 0 || seconds > 86400) {
      Problem(std::string(name) + "=" + Shown(*value) +
              " is not a number of seconds above 0 and at most 86400; using " +
              std::to_string(target.count() / 1000) + "");
      return;
    }
    target = std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000)));
    if (target.count() == 0) target = std::chrono::milliseconds(1);
  }

  // Reads a whole number in [min, max]; keeps `target` and reports a problem otherwise.
  template <typename T>
  void Whole(const char* name, T& target, long long min, long long max, const char* unit) {
    const auto value = Get(name);
    if (!value) return;
    const auto text = Trim(*value);
    char* end = nullptr;
    errno = 0;
    const long long number = std::strtoll(text.c_str(), &end, 10);
    if (errno != 0 || end == text.c_str() || *end != '\0' || number < min || number > max) {
      Problem(std::string(name) + "=" + Shown(*value) + " is not a whole number of " + unit +
              " from " + std::to_string(min) + " to " + std::to_string(max) + "; using " +
              std::to_string(target));
      return;
    }
    target = static_cast<T>(number);
  }

  void ParseRunWide() {
    auto& options = result_.options;
    options.name = Trim(Get("GTEST_WEBHOOK_NAME").value_or(""));
    options.state_dir = Get("GTEST_WEBHOOK_STATE_DIR").value_or("");
    options.known_bugs = Trim(Get("GTEST_WEBHOOK_KNOWN_BUGS").value_or(""));
    options.output_path = Get("GTEST_WEBHOOK_OUTPUT").value_or("");
    options.collect_dir = Get("GTEST_WEBHOOK_COLLECT_DIR").value_or("");
    options.log_path = Get("GTEST_WEBHOOK_LOG").value_or("");
    options.commit_sha = Trim(Get("GTEST_WEBHOOK_COMMIT_SHA").value_or(""));
    options.target_url = Trim(Get("GTEST_WEBHOOK_TARGET_URL").value_or(""));
    Seconds("GTEST_WEBHOOK_TIMEOUT", options.timeout);
    options.connect_timeout = std::min(options.connect_timeout, options.timeout);
    Seconds("GTEST_WEBHOOK_DEADLINE", options.deadline);
    Whole("GTEST_WEBHOOK_RETRIES", options.retries, 0, 100, "retries");
    Whole("GTEST_WEBHOOK_MAX_MESSAGE", options.max_message, 256, 1LL << 30, "bytes");
    if (const auto bundle = Get("GTEST_WEBHOOK_CA_BUNDLE")) {
      std::ifstream file(*bundle);
      if (!file) {
        Problem("GTEST_WEBHOOK_CA_BUNDLE=" + Shown(*bundle) + " cannot be read (" +
                std::strerror(errno) + "); using the system certificate store");
      } else {
        options.ca_bundle = *bundle;
      }
    }
    if (!options.target_url.empty()) {
      if (const auto why = detail::ValidateWebhookUrl(options.target_url); !why.empty()) {
        Problem("GTEST_WEBHOOK_TARGET_URL=" + ShownUrl(options.target_url) + " is invalid: " + why +
                "; it is ignored");
        options.target_url.clear();
      }
    }
  }

  const EnvLookup& env_;
  ConfigResult result_;
};

}  // namespace

const char* ToString(When when) {
  switch (when) {
    case When::kAlways:
      return "always";
    case When::kFails:
      return "fails";
    case When::kChanges:
      return "changes";
  }
  return "always";
}

EnvLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

ConfigResult OptionsFromEnvironment(const EnvLookup& env) { return Parser(env).Run(); }

void ResolvePaths(Options& options, const std::string& directory) {
  if (directory.empty()) return;
  for (std::string* path : {&options.output_path, &options.log_path, &options.state_dir,
                            &options.collect_dir, &options.ca_bundle}) {
    const std::filesystem::path given(*path);
    if (!path->empty() && given.is_relative()) {
      *path = (std::filesystem::path(directory) / given).lexically_normal().string();
    }
  }
}

bool EnvironmentRequestsReporting(const EnvLookup& env) {
  const auto set = [&env](const char* name) {
    const auto value = env(name);
    return value && !Trim(*value).empty();
  };
  if (const auto disable = env("GTEST_WEBHOOK_DISABLE"); disable && IsOn(*disable)) return false;
  return set("GTEST_WEBHOOK_URL") || set("GTEST_WEBHOOK_REPORTERS") ||
         set("GTEST_WEBHOOK_OUTPUT") || set("GTEST_WEBHOOK_COLLECT_DIR");
}

}  // namespace gtest_webhook
