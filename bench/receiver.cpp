// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// A minimal loopback receiver for the comparison: reads every POST body as it arrives, discarding
// it as a fast endpoint would, and answers 200 only when it got exactly Content-Length bytes
// (400 otherwise, which the reporting run then prints). Prints its port on the first line;
// exits on SIGTERM.
#include <httplib.h>

#include <iostream>
#include <string>

int main() {
  httplib::Server server;
  server.Post(".*", [](const httplib::Request& request, httplib::Response& response,
                       const httplib::ContentReader& read) {
    std::size_t received = 0;
    read([&received](const char*, std::size_t length) {
      received += length;
      return true;
    });
    const bool complete = request.has_header("Content-Length") &&
                          std::to_string(received) == request.get_header_value("Content-Length");
    response.status = complete ? 200 : 400;
    response.set_content(complete ? "ok" : "incomplete body", "text/plain");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::cout << port << std::endl;
  return server.listen_after_bind() ? 0 : 1;
}
