// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Debian's nginx as a real receiver in front of our Receiver: started on a free loopback port
// with a configuration of its own in a temporary directory.

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <string>

#include "process.h"

namespace gtest_webhook::testing {

inline bool NginxInstalled() { return ::access("/usr/sbin/nginx", X_OK) == 0; }

/// nginx serving `location /` with `location` (directives) on 127.0.0.1:port(), its files in
/// `dir`, until destruction.
class Nginx {
 public:
  Nginx(const TempDir& dir, const std::string& location) : port_(FreePort()) {
    ::chmod(dir.path().c_str(), 0755);  // nginx workers may run as another user
    std::ofstream(dir.File("nginx.conf"))
        << "daemon off;\nworker_processes 1;\npid " << dir.File("nginx.pid") << ";\nerror_log "
        << dir.File("error.log") << ";\nevents { worker_connections 32; }\n"
        << "http {\n  access_log off;\n  client_body_temp_path " << dir.File("body") << ";\n"
        << "  proxy_temp_path " << dir.File("proxy") << ";\n  fastcgi_temp_path "
        << dir.File("fcgi") << ";\n  uwsgi_temp_path " << dir.File("uwsgi")
        << ";\n  scgi_temp_path " << dir.File("scgi")
        << ";\n  server {\n    listen 127.0.0.1:" << port_ << ";\n    location / {\n"
        << location << "\n    }\n  }\n}\n";
    process_ = std::make_unique<BackgroundProcess>(
        "/usr/sbin/nginx", std::vector<std::string>{"-c", dir.File("nginx.conf"), "-p", dir.path()},
        dir.File("nginx.out"));
    ready_ = WaitForPort(port_);
    log_ = ReadFile(dir.File("error.log")) + ReadFile(dir.File("nginx.out"));
  }

  /// True once nginx accepts connections; `log()` says why not.
  bool ready() const { return ready_; }
  const std::string& log() const { return log_; }
  int port() const { return port_; }
  std::string Url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  int port_;
  std::unique_ptr<BackgroundProcess> process_;
  bool ready_ = false;
  std::string log_;
};

}  // namespace gtest_webhook::testing
