// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// A local webhook receiver for trying gtest-webhook out: listens on 127.0.0.1, checks what a
// careful receiver checks, prints a summary of every report (the whole payload with
// --verbose) and answers 200 — or 401 when a check fails.
//
//   example_receiver [--port N] [--port-file FILE] [--count N] [--verbose]
//                    [--secret KEY] [--user NAME --password PASSWORD]
//
// --port 0 (the default) picks a free port; --port-file writes the chosen port to FILE once
// the receiver is listening; --count N exits after N reports. With --secret, both signature
// schemes are verified (Signature: sha256=…, and the Standard Webhooks headers with a 5-minute
// timestamp tolerance), in constant time. With --user/--password, HTTP Basic Auth is required.

#include <httplib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

std::string Hmac(const std::string& key, const std::string& message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string Hex(const std::string& bytes) {
  std::ostringstream hex;
  for (const unsigned char byte : bytes)
    hex << "0123456789abcdef"[byte >> 4] << "0123456789abcdef"[byte & 15];
  return hex.str();
}

std::string Base64(const std::string& bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  text.resize(static_cast<std::size_t>(n));
  return text;
}

std::string Unbase64(const std::string& text) {
  std::string bytes(text.size() / 4 * 3 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return {};
  const auto padding = text.size() - text.find_last_not_of('=') - 1;
  bytes.resize(static_cast<std::size_t>(n) - padding);
  return bytes;
}

// Never compare secrets with ==: it returns at the first differing byte.
bool SameBytes(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// Returns an empty string when the request is authentic, otherwise why not.
std::string Check(const httplib::Request& request, const std::string& secret,
                  const std::string& user, const std::string& password) {
  if (!user.empty() && !SameBytes(request.get_header_value("Authorization"),
                                  "Basic " + Base64(user + ":" + password))) {
    return "Basic Auth failed";
  }
  if (secret.empty()) return {};
  const auto& body = request.body;
  if (!SameBytes(request.get_header_value("Signature"), "sha256=" + Hex(Hmac(secret, body)))) {
    return "Signature does not match";
  }
  // Standard Webhooks: key = base64-decoded rest of a whsec_ secret, else the secret's bytes.
  const std::string key = secret.rfind("whsec_", 0) == 0 ? Unbase64(secret.substr(6)) : secret;
  const auto id = request.get_header_value("webhook-id");
  const auto timestamp = request.get_header_value("webhook-timestamp");
  const long long age = std::time(nullptr) - std::atoll(timestamp.c_str());
  if (timestamp.empty() || age > 300 || age < -300) return "webhook-timestamp is missing or stale";
  const auto expected = "v1," + Base64(Hmac(key, id + "." + timestamp + "." + body));
  // The header may carry several space-separated signatures (key rotation): any may match.
  std::istringstream signatures(request.get_header_value("webhook-signature"));
  for (std::string candidate; signatures >> candidate;) {
    if (SameBytes(candidate, expected)) return {};
  }
  return "webhook-signature does not match";
}

// Text of a report as the terminal may show it: control characters (a test name may hold a
// line feed or an escape sequence) as \xNN, so that nothing printed can forge a line.
std::string Printable(const std::string& text) {
  std::string out;
  for (const unsigned char byte : text) {
    if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += "0123456789abcdef"[byte >> 4];
      out += "0123456789abcdef"[byte & 15];
    } else {
      out += static_cast<char>(byte);
    }
  }
  return out;
}

struct Options {
  int port = 0;
  std::string port_file;
  std::string secret;
  std::string user;
  std::string password;
  long count = 0;
  bool verbose = false;
};

// False, after the usage on stderr, for an argument it does not know.
bool ParseOptions(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--port" && has_value) {
      options.port = std::atoi(argv[++i]);
    } else if (arg == "--port-file" && has_value) {
      options.port_file = argv[++i];
    } else if (arg == "--count" && has_value) {
      options.count = std::atol(argv[++i]);
    } else if (arg == "--secret" && has_value) {
      options.secret = argv[++i];
    } else if (arg == "--user" && has_value) {
      options.user = argv[++i];
    } else if (arg == "--password" && has_value) {
      options.password = argv[++i];
    } else if (arg == "--verbose") {
      options.verbose = true;
    } else {
      std::cerr << "usage: example_receiver [--port N] [--port-file FILE] [--count N] [--verbose]\n"
                   "                        [--secret KEY] [--user NAME --password PASSWORD]\n";
      return false;
    }
  }
  return true;
}

// The summary of one report: its counts, its processes and a line per test case.
void PrintReport(const nlohmann::json& payload, bool verbose) {
  std::cout << "report '" << Printable(payload.value("name", "?")) << "' event "
            << Printable(payload.value("event", "?")) << ": tests=" << payload.value("tests", 0)
            << " failures=" << payload.value("failures", 0)
            << " errors=" << payload.value("errors", 0) << " skip=" << payload.value("skip", 0)
            << " bugs=" << payload.value("bugs", 0)
            << " buildStable=" << (payload.value("buildStable", false) ? "true" : "false") << '\n';
  const auto run = payload.value("run", nlohmann::json::object());
  std::cout << "from " << run.value("processes", 0) << " test process(es) of "
            << run.value("binaries", nlohmann::json::array()).dump() << '\n';
  for (const auto& test : payload.value("testCase", nlohmann::json::array())) {
    const auto binary = test.value("binary", nlohmann::json());
    std::cout << "  " << Printable(test.value("status", "?")) << "\t"
              << (binary.is_string() ? Printable(binary.get<std::string>()) + ": " : std::string())
              << Printable(test.value("className", "?")) << '.'
              << Printable(test.value("name", "?")) << " (" << test.value("time", 0.0) << " s)\n";
  }
  if (verbose) std::cout << payload.dump(2) << '\n';
}

// Checks and prints one request, and answers it; true when it was an authentic report.
bool Receive(const httplib::Request& request, httplib::Response& response, const Options& options) {
  std::cout << "\n=== " << request.method << ' ' << Printable(request.path) << " from "
            << Printable(request.get_header_value("User-Agent")) << ", webhook-id "
            << Printable(request.get_header_value("webhook-id")) << '\n';
  if (const auto why = Check(request, options.secret, options.user, options.password);
      !why.empty()) {
    std::cout << "rejected: " << why << '\n' << std::flush;
    response.status = 401;
    response.set_content(why, "text/plain");
    return false;
  }
  if (!options.secret.empty()) {
    std::cout << "signatures verified (Signature and webhook-signature)\n";
  }
  if (!options.user.empty()) std::cout << "Basic Auth verified\n";
  const auto payload = nlohmann::json::parse(request.body, nullptr, false);
  if (payload.is_discarded()) {
    std::cout << "not JSON (" << request.body.size() << " bytes)\n" << std::flush;
    response.status = 400;
    return false;
  }
  PrintReport(payload, options.verbose);
  std::cout << std::flush;
  response.set_content("ok", "text/plain");
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, options)) return 2;
  httplib::Server server;
  std::atomic<long> received{0};
  server.Post(".*", [&](const httplib::Request& request, httplib::Response& response) {
    if (Receive(request, response, options) && options.count > 0 && ++received >= options.count) {
      server.stop();
    }
  });

  int bound = options.port;
  if (options.port == 0) {
    bound = server.bind_to_any_port("127.0.0.1");
  } else if (!server.bind_to_port("127.0.0.1", options.port)) {
    bound = -1;
  }
  if (bound < 0) {
    std::cerr << "example_receiver: cannot listen on 127.0.0.1:" << options.port << '\n';
    return 1;
  }
  std::cout << "listening on http://127.0.0.1:" << bound << "/hook" << std::endl;
  if (!options.port_file.empty()) std::ofstream(options.port_file) << bound << '\n';
  return server.listen_after_bind() ? 0 : 1;
}
