#include "url.h"

#include <algorithm>
#include <cctype>

#include "gtest_webhook/delivery.h"

namespace gtest_webhook {
namespace detail {

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
  const auto at = authority.rfind('@');
  if (at != std::string::npos) {
    parsed.userinfo = authority.substr(0, at);
    authority.erase(0, at + 1);
  }
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
                   [](unsigned char c) { return std::isdigit(c) != 0; }) ||
      parsed.port.size() > 5) {
    return fail("its port is not a number");
  }

  const auto rest = url.substr(authority_end);
  const auto query = rest.find('?');
  const auto fragment = rest.find('#');
  parsed.path = rest.substr(0, std::min(query, fragment));
  parsed.has_query =
      query != std::string::npos && (fragment == std::string::npos || query < fragment);
  parsed.has_fragment = fragment != std::string::npos;
  return parsed;
}

std::string ValidateWebhookUrl(const std::string& url) {
  std::string why;
  const auto parsed = ParseUrl(url, &why);
  if (!parsed) return why;
  if (parsed->scheme != "http" && parsed->scheme != "https") {
    return "its scheme must be http or https";
  }
  return {};
}

}  // namespace detail

std::string MaskUrl(const std::string& url) {
  const auto parsed = detail::ParseUrl(url, nullptr);
  if (!parsed) return "<invalid URL>";
  std::string masked = parsed->scheme + "://";
  if (!parsed->userinfo.empty()) masked += "***@";
  masked += parsed->host;
  if (!parsed->port.empty()) masked += ":" + parsed->port;
  // The first path segment names the endpoint; later ones often carry a token (Slack, Discord,
  // Teams webhooks all do), so they are never shown.
  const auto& path = parsed->path;
  if (!path.empty()) {
    const auto second = path.find('/', 1);
    masked += path.substr(0, second);
    if (second != std::string::npos && second + 1 < path.size())
      masked += "/***";
    else if (second != std::string::npos)
      masked += "/";
  }
  if (parsed->has_query) masked += "?***";
  if (parsed->has_fragment) masked += "#***";
  return masked;
}

}  // namespace gtest_webhook
