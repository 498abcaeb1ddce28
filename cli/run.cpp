// `gtest-webhook run`: runs any GoogleTest binary and follows its results live through
// GoogleTest's own --gtest_stream_result_to protocol, so that a crash, a hang or a cancellation
// still produces a report that names the test that was running. When the binary ends normally,
// its --gtest_output=json file refines what the stream cannot say (skipped tests, properties).

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>

#include "gtest_webhook/delivery.h"
#include "gtest_webhook/gtest_json.h"
#include "verbs.h"

namespace gtest_webhook::cli {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kHelp =
    R"(Usage: gtest-webhook run [--timeout SECONDS] [--grace SECONDS] -- BINARY [ARGS...]

Runs a GoogleTest binary (linked with gtest-webhook or not), follows its results live, and
reports them to every configured reporter when it ends — also when it crashes (the test that
was running is blamed, run.status "crashed"), when --timeout expires (the whole process group
is killed, event RUN_TIMEOUT) and when this command gets SIGINT or SIGTERM (forwarded to the
binary, event RUN_CANCELED). A binary that does not stop within --grace seconds (default 5) of
a signal is killed. Exactly one report is sent even if the binary also links gtest-webhook.

Exit code: the binary's own (128 + N when it died of signal N), 124 on timeout, 127 when it
could not be started, 2 on a usage error.

Examples:
  gtest-webhook run -- ./unit_tests --gtest_filter='Parser.*'
  gtest-webhook run --timeout 600 -- ./integration_tests
)";

// The culprit entry's class name when nothing was running.
constexpr const char* kRunnerClassName = "[gtest-webhook run]";

volatile sig_atomic_t g_signal = 0;
int g_wake_fd = -1;

void OnSignal(int signal) {
  if (g_signal == 0) g_signal = signal;
  const char byte = 1;
  (void)!::write(g_wake_fd, &byte, 1);
}

std::string SignalName(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  const char* description = strsignal(signal);
  std::string name =
      abbrev != nullptr ? std::string("SIG") + abbrev : "signal " + std::to_string(signal);
  if (description != nullptr) name += " (" + std::string(description) + ")";
  return name;
}

std::string FormatSeconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", seconds);
  return text;
}

std::string UrlDecode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::strtol(text.substr(i + 1, 2).c_str(), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Parses one line of GoogleTest's stream protocol: `event=Name&key=value&...`.
std::map<std::string, std::string> ParseLine(const std::string& line) {
  std::map<std::string, std::string> fields;
  std::size_t begin = 0;
  while (begin <= line.size()) {
    auto end = line.find('&', begin);
    if (end == std::string::npos) end = line.size();
    const auto pair = line.substr(begin, end - begin);
    const auto equals = pair.find('=');
    if (equals != std::string::npos)
      fields[pair.substr(0, equals)] = UrlDecode(pair.substr(equals + 1));
    begin = end + 1;
  }
  return fields;
}

// Builds the report from stream events, the way the listener does from callbacks.
class StreamModel {
 public:
  explicit StreamModel(std::size_t max_message) : max_message_(max_message) {}

  void Feed(const std::string& line) {
    const auto fields = ParseLine(line);
    const auto event = fields.count("event") ? fields.at("event") : "";
    const auto get = [&fields](const char* key) {
      const auto it = fields.find(key);
      return it == fields.end() ? std::string() : it->second;
    };
    if (event == "TestProgramStart") {
      started_ = true;
    } else if (event == "TestIterationStart") {
      iteration_ = std::atoi(get("iteration").c_str());
      iterations_ = iteration_ + 1;
    } else if (event == "TestCaseStart") {
      suite_ = get("name");
      suite_ran_tests_ = false;
      suite_first_entry_ = report_.test_cases.size();
    } else if (event == "TestStart") {
      FlushOutside(suite_, "SetUpTestSuite");
      suite_ran_tests_ = true;
      running_ = TestCase{};
      running_->class_name = suite_;
      running_->name = get("name");
      running_->iteration = iteration_;
      running_started_ = Clock::now();
    } else if (event == "TestPartResult") {
      auto& target = running_ ? running_->message : outside_message_;
      const auto file = get("file");
      const auto message = get("message");
      if (running_ && IsUncaughtException(file, message)) running_exception_ = true;
      if (!running_ && outside_file_.empty()) {
        outside_file_ = file;
        outside_line_ = std::atoi(get("line").c_str());
      }
      if (!target.empty()) target += "\n\n";
      target += (file.empty() ? "unknown file" : file);
      const auto line_number = std::atoi(get("line").c_str());
      if (line_number >= 0) target += ":" + std::to_string(line_number);
      target += "\n" + message;
    } else if (event == "TestEnd" && running_) {
      running_->time_ms = std::atoll(get("elapsed_time").c_str());
      if (get("passed") == "1") {
        running_->status = Status::kPassed;
        running_->message.clear();
      } else {
        // The stream cannot tell a skip from a failure; the JSON output or the suite's end
        // settles it (see TestCaseEnd).
        running_->status = running_exception_ ? Status::kError : Status::kFailed;
      }
      running_->message = CapMessage(std::move(running_->message), max_message_);
      report_.test_cases.push_back(std::move(*running_));
      running_.reset();
      running_exception_ = false;
    } else if (event == "TestCaseEnd") {
      FlushOutside(suite_, suite_ran_tests_ ? "TearDownTestSuite" : "SetUpTestSuite");
      // A suite that passed had no failure: its tests that did not pass were skipped.
      if (get("passed") == "1") {
        for (auto i = suite_first_entry_; i < report_.test_cases.size(); ++i) {
          auto& entry = report_.test_cases[i];
          if (entry.status == Status::kFailed) {
            entry.status = Status::kSkipped;
            entry.message.clear();
          }
        }
      }
      suite_.clear();
    } else if (event == "TestIterationEnd") {
      FlushOutside(kEnvironmentClassName, "outside any test");
    } else if (event == "TestProgramEnd") {
      FlushOutside(kEnvironmentClassName, "outside any test");
      finished_ = true;
    }
  }

  // Ends the model for a run that stopped abnormally: the running test (or, between tests, an
  // entry of its own) is blamed with `why`.
  void Blame(const std::string& why, const std::string& binary) {
    FlushOutside(suite_.empty() ? kEnvironmentClassName : suite_, "outside any test");
    TestCase culprit;
    if (running_) {
      culprit = std::move(*running_);
      running_.reset();
      culprit.time_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - running_started_)
              .count();
    } else {
      culprit.class_name = suite_.empty() ? kRunnerClassName : suite_;
      culprit.name = started_ ? "(between tests)" : binary;
      culprit.outside_test = true;
      culprit.iteration = iteration_;
    }
    culprit.status = Status::kError;
    culprit.message =
        CapMessage((culprit.message.empty() ? "" : culprit.message + "\n\n") + why, max_message_);
    report_.test_cases.push_back(std::move(culprit));
  }

  // Uses the binary's JSON output to settle what the stream could not: skipped tests and
  // RecordProperty values. With --gtest_repeat the JSON holds the last iteration only.
  void Refine(const Report& from_json) {
    std::map<std::pair<std::string, std::string>, const TestCase*> by_name;
    for (const auto& entry : from_json.test_cases) by_name[{entry.class_name, entry.name}] = &entry;
    for (auto& entry : report_.test_cases) {
      const auto it = by_name.find({entry.class_name, entry.name});
      if (it == by_name.end()) continue;
      if (entry.status == Status::kFailed && it->second->status == Status::kSkipped) {
        entry.status = Status::kSkipped;
        entry.message.clear();
      }
      if (entry.properties.empty()) entry.properties = it->second->properties;
      if (entry.file.empty()) {
        entry.file = it->second->file;
        entry.line = it->second->line;
      }
    }
    report_.run.disabled = from_json.run.disabled;
  }

  bool started() const { return started_; }
  bool finished() const { return finished_; }
  int iterations() const { return iterations_; }
  Report& report() { return report_; }

 private:
  void FlushOutside(const std::string& class_name, const char* phase) {
    if (outside_message_.empty()) return;
    TestCase entry;
    entry.class_name = class_name;
    entry.name = phase;
    entry.outside_test = true;
    entry.status = Status::kError;
    entry.message = CapMessage(std::move(outside_message_), max_message_);
    entry.file = std::move(outside_file_);
    entry.line = outside_line_ > 0 ? outside_line_ : 0;
    entry.iteration = iteration_;
    report_.test_cases.push_back(std::move(entry));
    outside_message_.clear();
    outside_file_.clear();
  }

  std::size_t max_message_;
  Report report_;
  bool started_ = false;
  bool finished_ = false;
  int iteration_ = 0;
  int iterations_ = 0;
  std::string suite_;
  bool suite_ran_tests_ = false;
  std::size_t suite_first_entry_ = 0;
  std::optional<TestCase> running_;
  bool running_exception_ = false;
  Clock::time_point running_started_;
  std::string outside_message_;
  std::string outside_file_;
  int outside_line_ = 0;
};

int Listen(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 8) != 0) {
    if (fd >= 0) ::close(fd);
    return -1;
  }
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return fd;
}

struct Connection {
  int fd = -1;
  std::string pending;
};

std::string BaseName(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

// A user's own --gtest_output=json:PATH is read; any other --gtest_output is left alone and
// the stream alone describes the run.
std::optional<std::string> UserOutput(const std::vector<std::string>& args, bool& user_has_output) {
  user_has_output = std::getenv("GTEST_OUTPUT") != nullptr;
  std::optional<std::string> json;
  for (const auto& arg : args) {
    const std::string flag = "--gtest_output=";
    if (arg.rfind(flag, 0) != 0) continue;
    user_has_output = true;
    const auto value = arg.substr(flag.size());
    if (value.rfind("json:", 0) == 0 && value.size() > 5 && value.back() != '/')
      json = value.substr(5);
  }
  return json;
}

}  // namespace

int Run(const std::vector<std::string>& args) {
  double timeout_seconds = 0;
  double grace_seconds = 5;
  std::size_t i = 0;
  for (; i < args.size() && args[i] != "--"; ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      std::cout << kHelp;
      return kOk;
    }
    if ((args[i] == "--timeout" || args[i] == "--grace") && i + 1 < args.size()) {
      char* end = nullptr;
      const double value = std::strtod(args[i + 1].c_str(), &end);
      if (*end != '\0' || value <= 0)
        return UsageError("run", args[i] + " takes a positive number of seconds");
      (args[i] == "--timeout" ? timeout_seconds : grace_seconds) = value;
      ++i;
    } else {
      return UsageError("run", "unknown option " + args[i] + " (the binary comes after --)");
    }
  }
  if (i + 1 >= args.size()) return UsageError("run", "name the binary after --");
  const std::string binary = args[i + 1];
  std::vector<std::string> binary_args(args.begin() + static_cast<std::ptrdiff_t>(i) + 2,
                                       args.end());

  auto config = OptionsFromEnvironment();
  for (const auto& problem : config.problems) std::cerr << "gtest-webhook: " << problem << '\n';
  const auto& options = config.options;

  int port = 0;
  const int listener = Listen(port);
  if (listener < 0) {
    std::cerr << "gtest-webhook run: cannot listen on 127.0.0.1: " << std::strerror(errno) << '\n';
    return kFailed;
  }
  char temp_dir[] = "/tmp/gtest-webhook-run-XXXXXX";
  const bool have_temp = ::mkdtemp(temp_dir) != nullptr;
  bool user_has_output = false;
  auto json_path = UserOutput(binary_args, user_has_output);
  std::vector<std::string> child_args = {binary};
  child_args.insert(child_args.end(), binary_args.begin(), binary_args.end());
  child_args.push_back("--gtest_stream_result_to=127.0.0.1:" + std::to_string(port));
  if (!user_has_output && have_temp) {
    json_path = std::string(temp_dir) + "/report.json";
    child_args.push_back("--gtest_output=json:" + *json_path);
  }

  int wake[2];
  if (::pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) return kFailed;
  g_wake_fd = wake[1];
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  std::vector<char*> argv;
  for (auto& arg : child_args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const auto started_at = NowUnixMs();
  const auto start = Clock::now();
  const pid_t child = ::fork();
  if (child < 0) {
    std::cerr << "gtest-webhook run: cannot fork: " << std::strerror(errno) << '\n';
    return kFailed;
  }
  if (child == 0) {
    ::setpgid(0, 0);
    struct sigaction defaults {};
    defaults.sa_handler = SIG_DFL;
    ::sigaction(SIGINT, &defaults, nullptr);
    ::sigaction(SIGTERM, &defaults, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    // A binary that links gtest-webhook itself stays silent: this command reports for it.
    ::setenv("GTEST_WEBHOOK_DISABLE", "1", 1);
    ::execvp(binary.c_str(), argv.data());
    std::fprintf(stderr, "gtest-webhook run: cannot run '%s': %s\n", binary.c_str(),
                 std::strerror(errno));
    ::_exit(127);
  }
  ::setpgid(child, child);

  StreamModel model(options.max_message);
  std::vector<Connection> connections;
  int status = 0;
  bool exited = false;
  bool timed_out = false;
  int forwarded = 0;
  std::optional<Clock::time_point> kill_at;
  const auto deadline =
      timeout_seconds > 0
          ? std::optional<Clock::time_point>(
                start + std::chrono::milliseconds(static_cast<long long>(timeout_seconds * 1000)))
          : std::nullopt;
  const auto grace = std::chrono::milliseconds(static_cast<long long>(grace_seconds * 1000));
  const auto read_connections = [&](int wait_ms) {
    std::vector<pollfd> fds = {{listener, POLLIN, 0}, {wake[0], POLLIN, 0}};
    for (const auto& connection : connections) fds.push_back({connection.fd, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), wait_ms) <= 0) return;
    // Only the connections that were polled have an entry in `fds`; one accepted below is
    // read on the next round.
    const auto polled = connections.size();
    if (fds[0].revents & POLLIN) {
      const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (fd >= 0) connections.push_back({fd, {}});
    }
    if (fds[1].revents & POLLIN) {
      char drain[64];
      while (::read(wake[0], drain, sizeof drain) > 0) {
      }
    }
    for (std::size_t c = 0; c < polled; ++c) {
      if ((fds[c + 2].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      char buffer[65536];
      const auto n = ::read(connections[c].fd, buffer, sizeof buffer);
      if (n <= 0) {
        if (n < 0 && errno == EAGAIN) continue;
        ::close(connections[c].fd);
        connections[c].fd = -1;
        continue;
      }
      auto& pending = connections[c].pending;
      pending.append(buffer, static_cast<std::size_t>(n));
      for (auto newline = pending.find('\n'); newline != std::string::npos;
           newline = pending.find('\n')) {
        model.Feed(pending.substr(0, newline));
        pending.erase(0, newline + 1);
      }
    }
    connections.erase(std::remove_if(connections.begin(), connections.end(),
                                     [](const Connection& c) { return c.fd < 0; }),
                      connections.end());
  };

  while (!exited) {
    read_connections(50);
    if (::waitpid(child, &status, WNOHANG) == child) {
      exited = true;
      break;
    }
    const auto now = Clock::now();
    if (g_signal != 0 && forwarded == 0) {
      forwarded = g_signal;
      ::kill(-child, forwarded);
      kill_at = now + grace;
    }
    if (deadline && now >= *deadline && !timed_out) {
      timed_out = true;
      ::kill(-child, SIGTERM);
      kill_at = now + grace;
    }
    if (kill_at && now >= *kill_at) {
      ::kill(-child, SIGKILL);
      kill_at.reset();
    }
  }
  // Whatever the binary left behind in its process group goes too.
  ::kill(-child, SIGKILL);
  // What the binary wrote before it ended is still in the sockets.
  for (int drain = 0; drain < 20 && !connections.empty(); ++drain) read_connections(10);
  for (const auto& connection : connections) ::close(connection.fd);
  ::close(listener);

  const bool signaled = WIFSIGNALED(status);
  const int exit_code = signaled ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
  if (!signaled && exit_code == 127 && !model.started()) {
    // exec failed (the child said why), or the binary could not start: nothing ran.
    if (have_temp) ::rmdir(temp_dir);
    return 127;
  }

  ImportResult json;
  if (json_path) {
    std::ifstream file(*json_path, std::ios::binary);
    if (file) {
      const std::string text((std::istreambuf_iterator<char>(file)),
                             std::istreambuf_iterator<char>());
      ImportGoogleTestJson(text, *json_path, options.max_message, json);
    }
    if (have_temp && !user_has_output) std::remove(json_path->c_str());
  }
  if (have_temp) ::rmdir(temp_dir);

  Report& report = model.report();
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - start).count();
  if (timed_out) {
    report.event = "RUN_TIMEOUT";
    report.run.status = "timeout";
    model.Blame("timed out: gtest-webhook run --timeout " + FormatSeconds(timeout_seconds) +
                    " expired after " + std::to_string(elapsed) +
                    " s and the binary's process group was stopped",
                BaseName(binary));
  } else if (forwarded != 0) {
    report.event = "RUN_CANCELED";
    report.run.status = "canceled";
    model.Blame("canceled: gtest-webhook run received " + SignalName(forwarded) +
                    " and forwarded it to the binary",
                BaseName(binary));
  } else if (!model.finished()) {
    report.run.status = "crashed";
    const std::string why = signaled ? "the binary was killed by " + SignalName(WTERMSIG(status))
                                     : "the binary exited with code " + std::to_string(exit_code) +
                                           (model.started() ? " before GoogleTest finished"
                                                            : " before GoogleTest started");
    if (!model.started() && json.files_read > 0) {
      // No stream (an old or unusual GoogleTest) but a complete JSON file: use that.
      report.test_cases = json.report.test_cases;
      report.run.status = "finished";
    } else {
      model.Blame("crashed: " + why, BaseName(binary));
    }
  } else if (json.files_read > 0) {
    model.Refine(json.report);
  }

  report.run.started_at_ms = started_at;
  report.run.finished_at_ms = NowUnixMs();
  report.run.binary = BaseName(binary);
  report.run.iterations = std::max(1, model.iterations());
  report.run.shard = ShardFromEnvironment(ProcessEnvironment());
  // GoogleTest's own precedence: the last --gtest_filter flag, else GTEST_FILTER, else "*".
  const char* filter_env = std::getenv("GTEST_FILTER");
  report.run.filter = filter_env != nullptr ? filter_env : "*";
  for (const auto& arg : binary_args) {
    if (arg.rfind("--gtest_filter=", 0) == 0) report.run.filter = arg.substr(15);
  }
  report.name =
      options.name.empty() ? DefaultReportName(report.run.binary, report.run.shard) : options.name;
  CompleteReport(report, options);
  if (!options.disabled && (!options.reporters.empty() || !options.output_path.empty())) {
    const auto transport = MakeCurlTransport();
    Dispatch(report, options, *transport, std::cerr);
  }
  return timed_out ? 124 : exit_code;
}

}  // namespace gtest_webhook::cli
