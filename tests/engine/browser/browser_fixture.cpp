#include "browser_fixture.hpp"

namespace liveload::engine::testing {

void BrowserTest::SetUpTestSuite() {
  io_ = std::make_unique<boost::asio::io_context>();
  work_ =
      std::make_unique<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>(
          io_->get_executor());
  server_ = std::make_unique<TestServer>(*io_);
  install_pages(*server_);
  auto launched = await<std::shared_ptr<ChromiumBrowser>>(
      *io_, [](auto done) { ChromiumBrowser::launch(*io_, BrowserOptions{}, std::move(done)); });
  ASSERT_TRUE(launched.ok()) << launched.failure().detail;
  browser_ = launched.value();
}

void BrowserTest::TearDownTestSuite() {
  if (browser_) {
    bool closed = false;
    browser_->close([&] { closed = true; });
    const auto limit = std::chrono::steady_clock::now() + 10s;
    while (!closed && std::chrono::steady_clock::now() < limit) io_->run_one_for(50ms);
    browser_.reset();
  }
  server_.reset();
  work_.reset();
  drain(*io_, 50ms);
  io_.reset();
}

std::unique_ptr<Page> BrowserTest::open_page() {
  if (!browser_) {
    ADD_FAILURE() << "no browser";
    return nullptr;
  }
  auto page =
      run<std::unique_ptr<Page>>([](auto done) { browser_->open_page(10s, std::move(done)); });
  if (!page.ok()) {
    ADD_FAILURE() << page.failure().detail;
    return nullptr;
  }
  return std::move(page.value());
}

std::unique_ptr<Page> BrowserTest::page_at(const std::string& path) {
  auto page = open_page();
  if (!page) return nullptr;
  auto nav = run<NavigateResult>([&](auto done) { page->navigate(url(path), 10s, done); });
  if (!nav.ok()) {
    ADD_FAILURE() << nav.failure().detail;
    return nullptr;
  }
  return page;
}

}  // namespace liveload::engine::testing
