#include "engine/browser/chromium_process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

extern char** environ;

namespace liveload::engine {

namespace {

constexpr const char* kLaunchFailed = "browser launch failed";

// In the child, fds 0-5 are assigned by dup2; every source descriptor must sit above them.
constexpr int kFirstSafeFd = 10;

struct Pipe {
  int read = -1;
  int write = -1;
};

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// A close-on-exec pipe whose ends are at kFirstSafeFd or above.
bool make_pipe(Pipe& p) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  p.read = ::fcntl(fds[0], F_DUPFD_CLOEXEC, kFirstSafeFd);
  p.write = ::fcntl(fds[1], F_DUPFD_CLOEXEC, kFirstSafeFd);
  ::close(fds[0]);
  ::close(fds[1]);
  return p.read >= 0 && p.write >= 0;
}

std::string temp_root() {
  const char* tmp = std::getenv("TMPDIR");
  return tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
}

std::string errno_text(int err) {
  return std::error_code(err, std::generic_category()).message();
}

// Runs in the forked child: only async-signal-safe calls until exec.
[[noreturn]] void exec_child(const char* path, char* const* argv, int command_read, int event_write,
                             int stderr_write, int error_write, int devnull, pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);
  ::setpgid(0, 0);

  sigset_t all;
  sigemptyset(&all);
  ::sigprocmask(SIG_SETMASK, &all, nullptr);

  if (::dup2(devnull, 0) < 0 || ::dup2(devnull, 1) < 0 || ::dup2(stderr_write, 2) < 0 ||
      ::dup2(command_read, 3) < 0 || ::dup2(event_write, 4) < 0 ||
      ::dup3(error_write, 5, O_CLOEXEC) < 0) {
    const int err = errno;
    (void)!::write(error_write, &err, sizeof err);
    ::_exit(127);
  }
  if (::syscall(SYS_close_range, 6U, ~0U, 0U) != 0) {
    for (int fd = 6; fd < 4096; ++fd) ::close(fd);
  }
  ::execve(path, argv, environ);
  const int err = errno;
  (void)!::write(5, &err, sizeof err);
  ::_exit(127);
}

}  // namespace

std::string default_chromium_path() {
  const char* env = std::getenv("LIVELOAD_CHROMIUM");
  return env != nullptr && *env != '\0' ? env : "/usr/bin/chromium";
}

std::vector<std::string> chromium_arguments(const std::string& user_data_dir,
                                            const std::vector<std::string>& extra) {
  std::vector<std::string> args = {
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      // Without these Chromium keeps opening connections (updates, sync, metrics) that a closed
      // network refuses, and they cost CPU under load.
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      // /dev/shm is small in containers; Chromium crashes when it runs out.
      "--disable-dev-shm-usage",
      "--user-data-dir=" + user_data_dir,
      "--remote-debugging-pipe",
  };
  args.insert(args.end(), extra.begin(), extra.end());
  args.emplace_back("about:blank");
  return args;
}

std::string describe_wait_status(int status) {
  if (status == kUnknownStatus) return "exit status unknown";
  if (WIFEXITED(status)) return fmt::format("exit code {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = ::strsignal(sig);
    return fmt::format("killed by signal {} ({})", sig, name != nullptr ? name : "unknown");
  }
  return fmt::format("wait status {}", status);
}

Result<std::unique_ptr<ChromiumProcess>> ChromiumProcess::spawn(
    const std::string& executable, const std::vector<std::string>& extra) {
  if (::access(executable.c_str(), F_OK) != 0) {
    return Failure{kLaunchFailed,
                   fmt::format("chromium not found at {}: install it with `apt-get install "
                               "chromium`, or pass --chromium PATH / set LIVELOAD_CHROMIUM",
                               executable)};
  }
  if (::access(executable.c_str(), X_OK) != 0) {
    return Failure{kLaunchFailed,
                   fmt::format("chromium at {} is not executable ({}): pass --chromium PATH / "
                               "set LIVELOAD_CHROMIUM to a Chromium binary",
                               executable, errno_text(errno))};
  }

  std::unique_ptr<ChromiumProcess> process(new ChromiumProcess());
  std::string pattern = temp_root() + "/liveload-chromium-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    return Failure{kLaunchFailed, fmt::format("cannot create a user-data directory {}: {}", pattern,
                                              errno_text(errno))};
  }
  process->user_data_dir_ = pattern;

  // The argument vector is built before fork: the child may not allocate.
  const auto args = chromium_arguments(process->user_data_dir_, extra);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(executable.c_str()));
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  Pipe commands, events, errors, exec_errors;
  int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  const int moved_devnull = devnull >= 0 ? ::fcntl(devnull, F_DUPFD_CLOEXEC, kFirstSafeFd) : -1;
  close_fd(devnull);
  devnull = moved_devnull;
  auto close_all = [&] {
    for (Pipe* p : {&commands, &events, &errors, &exec_errors}) {
      close_fd(p->read);
      close_fd(p->write);
    }
    close_fd(devnull);
  };
  if (devnull < 0 || !make_pipe(commands) || !make_pipe(events) || !make_pipe(errors) ||
      !make_pipe(exec_errors)) {
    const int err = errno;
    close_all();
    return Failure{kLaunchFailed, "cannot create the browser's pipes: " + errno_text(err)};
  }

  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int err = errno;
    close_all();
    return Failure{kLaunchFailed, "cannot fork the browser process: " + errno_text(err)};
  }
  if (pid == 0) {
    exec_child(executable.c_str(), argv.data(), commands.read, events.write, errors.write,
               exec_errors.write, devnull, parent);
  }

  process->pid_ = pid;
  // Also set here: whichever of parent and child runs first, the group exists before any kill.
  ::setpgid(pid, pid);
  close_fd(commands.read);
  close_fd(events.write);
  close_fd(errors.write);
  close_fd(exec_errors.write);
  close_fd(devnull);
  process->command_fd_ = commands.write;
  process->event_fd_ = events.read;
  process->stderr_fd_ = errors.read;
  process->pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));

  // exec closes the error pipe (close-on-exec); a failed exec writes its errno first.
  int exec_errno = 0;
  ssize_t got;
  do {
    got = ::read(exec_errors.read, &exec_errno, sizeof exec_errno);
  } while (got < 0 && errno == EINTR);
  close_fd(exec_errors.read);
  if (got == static_cast<ssize_t>(sizeof exec_errno)) {
    return Failure{kLaunchFailed, fmt::format("cannot execute chromium at {}: {}", executable,
                                              errno_text(exec_errno))};
  }
  return process;
}

std::optional<int> ChromiumProcess::try_reap() {
  if (status_ || pid_ <= 0) return status_;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    status_ = status;
  } else if (r < 0 && errno == ECHILD) {
    // Someone else reaped it (a SIGCHLD handler elsewhere in the process): gone, status unknown.
    status_ = kUnknownStatus;
  }
  return status_;
}

void ChromiumProcess::kill() {
  if (pid_ <= 0 || status_) return;
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
}

ChromiumProcess::~ChromiumProcess() {
  if (pid_ > 0 && !status_) {
    kill();
    int status = 0;
    pid_t r;
    do {
      r = ::waitpid(pid_, &status, 0);
    } while (r < 0 && errno == EINTR);
    if (r == pid_) status_ = status;
  } else if (pid_ > 0) {
    // The browser is gone; its renderers may linger for a moment, holding the directory.
    ::kill(-pid_, SIGKILL);
  }
  close_fd(command_fd_);
  close_fd(event_fd_);
  close_fd(stderr_fd_);
  close_fd(pidfd_);
  if (!user_data_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(user_data_dir_, ec);
  }
}

}  // namespace liveload::engine
