// process_tree_rss_bytes over a fake /proc: the root and every descendant, nothing else.
#include "engine/browser/process_memory.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace liveload::engine {
namespace {

namespace fs = std::filesystem;

class FakeProc {
 public:
  FakeProc() : root_(fs::temp_directory_path() / ("liveload-proc-" + std::to_string(getpid()))) {
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~FakeProc() { fs::remove_all(root_); }

  void add(int pid, int ppid, const std::string& comm, long rss_kb) {
    const auto dir = root_ / std::to_string(pid);
    fs::create_directories(dir);
    std::ofstream(dir / "stat") << pid << " (" << comm << ") S " << ppid << " 1 1 0 -1\n";
    std::ofstream status(dir / "status");
    status << "Name:\t" << comm << "\nPPid:\t" << ppid << "\n";
    if (rss_kb >= 0) status << "VmRSS:\t  " << rss_kb << " kB\n";
  }
  std::string path() const { return root_.string(); }

 private:
  fs::path root_;
};

TEST(ProcessMemory, SumsTheRootAndAllItsDescendants) {
  FakeProc proc;
  proc.add(100, 1, "chromium", 1000);
  proc.add(101, 100, "chromium (zygote)", 200);
  proc.add(102, 101, "renderer) S 999", 300);  // a name that looks like more fields
  proc.add(103, 100, "gpu", -1);               // no VmRSS line: counts as nothing
  proc.add(200, 1, "other", 5000);
  proc.add(201, 200, "other child", 7000);
  std::ofstream(proc.path() + "/self") << "not a pid dir";
  auto rss = process_tree_rss_bytes(100, proc.path());
  ASSERT_TRUE(rss);
  EXPECT_EQ(*rss, (1000 + 200 + 300) * 1024.0);
}

TEST(ProcessMemory, AProcessThatIsNotRunningHasNoValue) {
  FakeProc proc;
  proc.add(100, 1, "chromium", 1000);
  EXPECT_FALSE(process_tree_rss_bytes(4242, proc.path()));
  EXPECT_FALSE(process_tree_rss_bytes(100, proc.path() + "/missing"));
}

TEST(ProcessMemory, ReadsThisProcessFromTheRealProc) {
  auto rss = process_tree_rss_bytes(getpid());
  ASSERT_TRUE(rss);
  EXPECT_GT(*rss, 1024.0 * 1024);
}

}  // namespace
}  // namespace liveload::engine
