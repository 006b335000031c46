#pragma once
// Shared set-up of the tests that drive a real Chromium: one io_context, one browser and one
// test server per test suite, fresh pages per test, and `await`, which runs the loop until an
// operation's callback came and checks the Page contract on the way (the callback runs once,
// and never inside the call that started the operation).
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "engine/browser/chromium_browser.hpp"
#include "engine/page.hpp"
#include "test_server.hpp"

namespace liveload::engine::testing {

using namespace std::chrono_literals;

// Runs `io` until `start`'s callback has run, at most two minutes (a hang is a test failure,
// not a stuck suite).
template <class T, class Start>
Result<T> await(boost::asio::io_context& io, Start&& start) {
  struct State {
    std::optional<Result<T>> result;
    bool returned = false;
    int calls = 0;
  };
  auto state = std::make_shared<State>();
  start([state](Result<T> r) {
    EXPECT_TRUE(state->returned) << "the callback ran inside the call that started it";
    EXPECT_EQ(++state->calls, 1) << "the callback ran more than once";
    if (!state->result) state->result.emplace(std::move(r));
  });
  state->returned = true;
  const auto limit = std::chrono::steady_clock::now() + 120s;
  while (!state->result && std::chrono::steady_clock::now() < limit) io.run_one_for(100ms);
  if (!state->result) {
    ADD_FAILURE() << "the operation never completed";
    return Failure{"test", "never completed"};
  }
  return std::move(*state->result);
}

// Lets queued handlers run for a while (for checks that something did NOT happen twice).
inline void drain(boost::asio::io_context& io, std::chrono::milliseconds d) {
  const auto until = std::chrono::steady_clock::now() + d;
  while (std::chrono::steady_clock::now() < until) io.run_one_for(10ms);
}

class BrowserTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  static boost::asio::io_context& io() { return *io_; }
  static ChromiumBrowser& browser() { return *browser_; }
  static TestServer& server() { return *server_; }
  static std::string url(const std::string& path) { return server_->url(path); }

  // A new page in its own context; fails the test if it cannot be opened.
  std::unique_ptr<Page> open_page();
  // A new page already showing `path` of the test server.
  std::unique_ptr<Page> page_at(const std::string& path);

  template <class T, class Start>
  Result<T> run(Start&& start) {
    return await<T>(io(), std::forward<Start>(start));
  }

  static inline std::unique_ptr<boost::asio::io_context> io_;
  static inline std::unique_ptr<
      boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>
      work_;
  static inline std::unique_ptr<TestServer> server_;
  static inline std::shared_ptr<ChromiumBrowser> browser_;
};

// Installs the fixed pages of pages.cpp on `server`.
void install_pages(TestServer& server);

}  // namespace liveload::engine::testing
