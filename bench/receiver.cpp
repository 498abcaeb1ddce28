// A minimal loopback receiver for the comparison: accepts every POST with 200 and counts them.
// Prints its port on the first line; exits on SIGTERM.
#include <httplib.h>

#include <iostream>

int main() {
  httplib::Server server;
  server.Post(".*", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok", "text/plain");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::cout << port << std::endl;
  return server.listen_after_bind() ? 0 : 1;
}
