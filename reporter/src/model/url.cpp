// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "model/url.h"

#include <algorithm>
#include <cctype>

namespace gtest_webhook::detail {
namespace {

bool IsHexOrSeparator(unsigned char c) { return std::isxdigit(c) != 0 || c == ':' || c == '.'; }

// A DNS name (labels of letters, digits, '-' and '_', which container names use; bytes of an
// internationalised name are passed on), an IPv4 address, or an IPv6 address in brackets.
bool IsHostName(const std::string& host) {
  if (host.front() == '[') {
    return host.size() > 2 && host.back() == ']' &&
           std::all_of(host.begin() + 1, host.end() - 1, IsHexOrSeparator);
  }
  if (host.size() > 253) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i < host.size(); ++i) {
    const auto c = static_cast<unsigned char>(host[i]);
    if (c == '.') {
      if (label == 0) return false;  // an empty label: "a..b" or ".a"
      label = 0;
      continue;
    }
    const bool allowed = std::isalnum(c) != 0 || c == '-' || c == '_' || c >= 0x80;
    if (!allowed || ++label > 63) return false;
    if (c == '-' && (label == 1 || i + 1 == host.size() || host[i + 1] == '.')) return false;
  }
  return true;
}

}  // namespace

std::optional<ParsedUrl> ParseUrl(const std::string& url, std::string* why) {
  const auto fail = [why](const char* reason) -> std::optional<ParsedUrl> {
    if (why != nullptr) *why = reason;
    return std::nullopt;
  };
  if (std::any_of(url.begin(), url.end(),
                  [](unsigned char c) { return std::isspace(c) != 0 || c < 0x20; })) {
    return fail("it contains white space or control characters");
  }
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos || scheme_end == 0) {
    return fail("it has no scheme (expected http:// or https://)");
  }
  ParsedUrl parsed;
  parsed.scheme = url.substr(0, scheme_end);
  std::transform(parsed.scheme.begin(), parsed.scheme.end(), parsed.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });

  const auto authority_begin = scheme_end + 3;
  auto authority_end = url.find_first_of("/?#", authority_begin);
  if (authority_end == std::string::npos) authority_end = url.size();
  std::string authority = url.substr(authority_begin, authority_end - authority_begin);
  // User info ("user:pass@") is not part of the host; curl uses it as credentials.
  const auto at = authority.rfind('@');
  if (at != std::string::npos) authority.erase(0, at + 1);
  std::string host_port = authority;
  if (!host_port.empty() && host_port.front() == '[') {
    const auto close = host_port.find(']');
    if (close == std::string::npos) return fail("its IPv6 host has no closing ']'");
    parsed.host = host_port.substr(0, close + 1);
    host_port.erase(0, close + 1);
    if (!host_port.empty() && host_port.front() != ':') return fail("its port is malformed");
    if (!host_port.empty()) parsed.port = host_port.substr(1);
  } else {
    const auto colon = host_port.find(':');
    parsed.host = host_port.substr(0, colon);
    if (colon != std::string::npos) parsed.port = host_port.substr(colon + 1);
  }
  if (parsed.host.empty()) return fail("it has no host");
  if (authority.find(':') != std::string::npos && parsed.port.empty() &&
      parsed.host.front() != '[') {
    return fail("its port is empty");
  }
  if (!std::all_of(parsed.port.begin(), parsed.port.end(),
                   [](unsigned char c) { return std::isdigit(c) != 0; })) {
    return fail("its port is not a number");
  }
  if (!parsed.port.empty() &&
      (parsed.port.size() > 5 || std::stoi(parsed.port) < 1 || std::stoi(parsed.port) > 65535)) {
    return fail("its port is not between 1 and 65535");
  }
  if (!IsHostName(parsed.host)) return fail("its host is not a valid host name or address");
  return parsed;
}

std::string ValidateWebhookUrl(const std::string& url) {
  // The scheme first: `file:///etc/passwd` is wrong for its scheme, not for its missing host.
  const auto scheme_end = url.find("://");
  if (scheme_end != std::string::npos && scheme_end > 0) {
    std::string scheme = url.substr(0, std::min<std::size_t>(scheme_end, 20));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (scheme != "http" && scheme != "https") {
      return "its scheme '" + scheme + "' is not http or https";
    }
  }
  std::string why;
  return ParseUrl(url, &why) ? std::string() : why;
}

bool IsPlainHttpToRemoteHost(const std::string& url) {
  const auto parsed = ParseUrl(url, nullptr);
  if (!parsed || parsed->scheme != "http") return false;
  std::string host = parsed->host;
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool loopback = host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0;
  return !loopback;
}

std::string MaskUrl(const std::string& url) {
  // Lenient on purpose: it also masks what is not a valid URL, so that a configuration problem
  // can show the value without showing a secret in it.
  std::string text = url.substr(0, url.find_first_of("?#"));
  const bool has_query =
      url.find('?') != std::string::npos && url.find('?') < std::min(url.find('#'), url.size());
  const bool has_fragment = url.find('#') != std::string::npos;
  const auto scheme_end = text.find("://");
  const auto authority_begin = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  const auto authority_end = std::min(text.find('/', authority_begin), text.size());
  const auto at = text.rfind('@', authority_end);
  std::string masked = text.substr(0, authority_begin);
  if (at != std::string::npos && at >= authority_begin) {
    masked += "***@" + text.substr(at + 1, authority_end - at - 1);
  } else {
    masked += text.substr(authority_begin, authority_end - authority_begin);
  }
  // The first path segment names the endpoint; later ones often carry a token (Slack, Discord,
  // Teams webhooks all do), so they are never shown.
  if (authority_end < text.size()) {
    const auto path = text.substr(authority_end);
    const auto second = path.find('/', 1);
    masked += path.substr(0, second);
    if (second != std::string::npos) masked += second + 1 < path.size() ? "/***" : "/";
  }
  if (has_query) masked += "?***";
  if (has_fragment) masked += "#***";
  for (auto& c : masked) {
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  }
  return masked;
}

}  // namespace gtest_webhook::detail
