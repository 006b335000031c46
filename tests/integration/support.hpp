#pragma once
// What the end-to-end tests share: the demo application started on a free loopback port and
// stopped by its PID, and the liveload binary run as a user would run it.
#include <sys/types.h>

#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <vector>

namespace liveload::testing {

class DemoServer {
 public:
  DemoServer();   // starts `node demo/server.js --port 0`, waits for its "listening" line
  ~DemoServer();  // SIGTERM, then SIGKILL after 5 s, by PID
  DemoServer(const DemoServer&) = delete;
  DemoServer& operator=(const DemoServer&) = delete;

  const std::string& url() const { return url_; }
  pid_t pid() const { return pid_; }
  int port() const { return port_; }
  // Stops the server (to simulate an outage) and starts it again on the same port.
  void stop();
  void restart();

 private:
  void start(int port);
  pid_t pid_ = -1;
  int port_ = 0;
  std::string url_;
};

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs build/liveload with `args`, waits at most `timeout_s`, then kills it (a hang is a failure
// the test sees as exit code -1 and a note in err).
// `while_running`, if given, runs on its own thread with the child's PID as soon as it started
// (to send it signals or to kill its browsers).
Outcome run_liveload(const std::vector<std::string>& args, int timeout_s = 240,
                     std::function<void(pid_t)> while_running = {});

// PIDs of the processes whose parent is `parent` and whose name contains `name`.
std::vector<pid_t> children_named(pid_t parent, const std::string& name);

// A fresh temporary folder under the build tree, for --out and for scenario files.
std::string temp_dir(const std::string& name);
std::string write_file(const std::string& dir, const std::string& name, const std::string& text);
boost::json::value read_json(const std::string& path);

// The metric entry of the merged total with that name and exactly these tags, or null.
const boost::json::object* find_metric(
    const boost::json::value& result, const std::string& name,
    const std::vector<std::pair<std::string, std::string>>& tags = {});
// Sum of a counter over all its tag sets containing `filter`.
double counter_sum(const boost::json::value& result, const std::string& name,
                   const std::vector<std::pair<std::string, std::string>>& filter = {});

}  // namespace liveload::testing
