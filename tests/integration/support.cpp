#include "support.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace liveload::testing {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Reads from `fd` until EOF or the deadline; returns false on timeout.
bool drain(int fd, std::string& into, Clock::time_point deadline) {
  char buf[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int r = poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    into.append(buf, static_cast<size_t>(n));
  }
}

void kill_and_reap(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

}  // namespace

DemoServer::DemoServer() {
  start(0);
}

DemoServer::~DemoServer() {
  stop();
}

void DemoServer::start(int port) {
  // The server's output goes to a file: a pipe nobody reads after the first line would fill up,
  // and one closed early would kill node with EPIPE.
  std::string log = temp_dir("demo-" + std::to_string(port)) + "/server.log";
  std::string script = std::string(LIVELOAD_SOURCE_DIR) + "/demo/server.js";
  std::string port_text = std::to_string(port);
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    execlp("node", "node", script.c_str(), "--port", port_text.c_str(), nullptr);
    _exit(127);
  }

  // The first line is "listening http://127.0.0.1:PORT".
  const std::string prefix = "listening ";
  std::string line;
  auto deadline = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < deadline) {
    std::ifstream in(log);
    if (std::getline(in, line) && !in.eof()) break;
    line.clear();
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (line.rfind(prefix, 0) != 0) {
    kill_and_reap(pid_);
    pid_ = -1;
    throw std::runtime_error("demo server did not start: first line was \"" + line + "\" (log " +
                             log + ")");
  }
  url_ = line.substr(prefix.size());
  port_ = std::stoi(url_.substr(url_.rfind(':') + 1));
}

void DemoServer::stop() {
  kill_and_reap(pid_);
  pid_ = -1;
}

void DemoServer::restart() {
  stop();
  start(port_);
}

Outcome run_liveload(const std::vector<std::string>& args, int timeout_s,
                     std::function<void(pid_t)> while_running) {
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    close(err[0]);
    close(err[1]);
    std::vector<char*> argv;
    std::string binary = LIVELOAD_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);

  Outcome o;
  auto deadline = Clock::now() + std::chrono::seconds(timeout_s);
  // stderr is drained on a thread so that neither pipe can fill up and block the child.
  std::thread err_reader([&] { drain(err[0], o.err, deadline); });
  std::thread helper;
  if (while_running) helper = std::thread([&] { while_running(pid); });
  bool finished = drain(out[0], o.out, deadline);
  err_reader.join();
  if (helper.joinable()) helper.join();
  close(out[0]);
  close(err[0]);
  if (!finished) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    o.err += "\n[test] liveload did not finish within " + std::to_string(timeout_s) + " s";
    return o;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return o;
}

std::vector<pid_t> children_named(pid_t parent, const std::string& name) {
  std::vector<pid_t> out;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string pid = entry.path().filename();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto open = stat.find('('), close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    std::string comm = stat.substr(open + 1, close - open - 1);
    std::istringstream rest(stat.substr(close + 2));
    std::string state;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent && comm.find(name) != std::string::npos) out.push_back(std::stoi(pid));
  }
  return out;
}

std::string temp_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("liveload-it-" + std::to_string(getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string write_file(const std::string& dir, const std::string& name, const std::string& text) {
  fs::path p = fs::path(dir) / name;
  std::ofstream(p) << text;
  return p.string();
}

boost::json::value read_json(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return boost::json::parse(ss.str());
}

}  // namespace liveload::testing

namespace liveload::testing {

namespace {

bool tags_match(const boost::json::object& metric,
                const std::vector<std::pair<std::string, std::string>>& tags, bool exact) {
  const boost::json::value* t = metric.if_contains("tags");
  const boost::json::object empty;
  const boost::json::object& have = (t && t->is_object()) ? t->as_object() : empty;
  if (exact && have.size() != tags.size()) return false;
  for (const auto& [k, v] : tags) {
    const boost::json::value* got = have.if_contains(k);
    if (!got || !got->is_string() || got->as_string() != v) return false;
  }
  return true;
}

}  // namespace

const boost::json::object* find_metric(
    const boost::json::value& result, const std::string& name,
    const std::vector<std::pair<std::string, std::string>>& tags) {
  for (const auto& m : result.at("metrics").as_array()) {
    const auto& o = m.as_object();
    if (o.at("name").as_string() == name && tags_match(o, tags, true)) return &o;
  }
  return nullptr;
}

double counter_sum(const boost::json::value& result, const std::string& name,
                   const std::vector<std::pair<std::string, std::string>>& filter) {
  double sum = 0;
  for (const auto& m : result.at("metrics").as_array()) {
    const auto& o = m.as_object();
    if (o.at("name").as_string() != name || !tags_match(o, filter, false)) continue;
    sum += o.at("total").at("value").to_number<double>();
  }
  return sum;
}

}  // namespace liveload::testing
