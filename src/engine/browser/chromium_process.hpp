#pragma once
// Starting and ending one Chromium process: the command line, the two pipes of
// --remote-debugging-pipe, a fresh user-data directory, and reaping. No I/O happens here; the
// caller hands the pipe ends to Asio (browser_process.hpp).
#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace liveload::engine {

// $LIVELOAD_CHROMIUM when set and not empty, else /usr/bin/chromium.
std::string default_chromium_path();

// The flags every LiveLoad browser runs with (headless, no sandbox, nothing that reaches out to
// the network on its own, CDP on fds 3 and 4), then `extra`, then about:blank.
std::vector<std::string> chromium_arguments(const std::string& user_data_dir,
                                            const std::vector<std::string>& extra);

// The status of a process that another part of the program reaped.
inline constexpr int kUnknownStatus = -1;

// "exit code 1", "killed by signal 9 (Killed)", "exit status unknown".
std::string describe_wait_status(int status);

class ChromiumProcess {
 public:
  // Forks and executes `executable`. In the child, fd 3 is the read end of the command pipe and
  // fd 4 the write end of the event pipe; stderr goes to a pipe; every other descriptor is
  // closed. The child runs in its own process group, so a Ctrl-C meant for LiveLoad does not
  // kill the browsers under the users, and it gets SIGKILL when the thread that started it
  // ends (PR_SET_PDEATHSIG), so a LiveLoad that dies hard leaves no browser behind: start
  // browsers from a thread that outlives them (the worker's event-loop thread does).
  // Failure reason "browser launch failed" for a missing, non-executable or failing executable.
  static Result<std::unique_ptr<ChromiumProcess>> spawn(const std::string& executable,
                                                        const std::vector<std::string>& extra);

  ChromiumProcess(const ChromiumProcess&) = delete;
  ChromiumProcess& operator=(const ChromiumProcess&) = delete;
  // Kills the process group if it still runs, reaps it and removes the user-data directory.
  ~ChromiumProcess();

  pid_t pid() const { return pid_; }
  const std::string& user_data_dir() const { return user_data_dir_; }

  // The pipe ends and the pidfd, each handed over once (then -1 here). The pidfd becomes readable
  // when the process exits; it is -1 on kernels without pidfd_open.
  int take_command_fd() { return take(command_fd_); }
  int take_event_fd() { return take(event_fd_); }
  int take_stderr_fd() { return take(stderr_fd_); }
  int take_pidfd() { return take(pidfd_); }

  // Reaps the process if it has exited, without blocking; the wait status once reaped.
  std::optional<int> try_reap();
  std::optional<int> exit_status() const { return status_; }
  // SIGKILL to the whole process group (the browser and its renderers).
  void kill();

 private:
  ChromiumProcess() = default;
  static int take(int& fd) {
    const int taken = fd;
    fd = -1;
    return taken;
  }

  pid_t pid_ = -1;
  int command_fd_ = -1;
  int event_fd_ = -1;
  int stderr_fd_ = -1;
  int pidfd_ = -1;
  std::optional<int> status_;
  std::string user_data_dir_;
};

}  // namespace liveload::engine
