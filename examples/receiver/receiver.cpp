// A local webhook receiver for trying gtest-webhook out: listens on 127.0.0.1, prints a summary
// of every report it receives (and the whole payload with --verbose), answers 200.
//
//   example_receiver [--port N] [--port-file FILE] [--count N] [--verbose]
//
// --port 0 (the default) picks a free port; --port-file writes the chosen port to FILE once the
// receiver is listening; --count N exits after N reports.

#include <httplib.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

int main(int argc, char** argv) {
  int port = 0;
  std::string port_file;
  long count = 0;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--port" && has_value) {
      port = std::atoi(argv[++i]);
    } else if (arg == "--port-file" && has_value) {
      port_file = argv[++i];
    } else if (arg == "--count" && has_value) {
      count = std::atol(argv[++i]);
    } else if (arg == "--verbose") {
      verbose = true;
    } else {
      std::cerr
          << "usage: example_receiver [--port N] [--port-file FILE] [--count N] [--verbose]\n";
      return 2;
    }
  }

  httplib::Server server;
  std::atomic<long> received{0};
  server.Post(".*", [&](const httplib::Request& request, httplib::Response& response) {
    std::cout << "\n=== " << request.method << ' ' << request.path << " from "
              << request.get_header_value("User-Agent") << ", webhook-id "
              << request.get_header_value("webhook-id") << '\n';
    const auto payload = nlohmann::json::parse(request.body, nullptr, false);
    if (payload.is_discarded()) {
      std::cout << "not JSON (" << request.body.size() << " bytes)\n";
      response.status = 400;
    } else {
      std::cout << "report '" << payload.value("name", "?") << "' event "
                << payload.value("event", "?") << ": tests=" << payload.value("tests", 0)
                << " failures=" << payload.value("failures", 0)
                << " errors=" << payload.value("errors", 0) << " skip=" << payload.value("skip", 0)
                << " bugs=" << payload.value("bugs", 0)
                << " buildStable=" << (payload.value("buildStable", false) ? "true" : "false")
                << '\n';
      for (const auto& test : payload.value("testCase", nlohmann::json::array())) {
        std::cout << "  " << test.value("status", "?") << "\t" << test.value("className", "?")
                  << '.' << test.value("name", "?") << " (" << test.value("time", 0.0) << " s)\n";
      }
      if (verbose) std::cout << payload.dump(2) << '\n';
      response.set_content("ok", "text/plain");
    }
    std::cout.flush();
    if (count > 0 && ++received >= count) server.stop();
  });

  int bound = port;
  if (port == 0) {
    bound = server.bind_to_any_port("127.0.0.1");
  } else if (!server.bind_to_port("127.0.0.1", port)) {
    bound = -1;
  }
  if (bound < 0) {
    std::cerr << "example_receiver: cannot listen on 127.0.0.1:" << port << '\n';
    return 1;
  }
  std::cout << "listening on http://127.0.0.1:" << bound << "/hook" << std::endl;
  if (!port_file.empty()) std::ofstream(port_file) << bound << '\n';
  return server.listen_after_bind() ? 0 : 1;
}
