#include "runner/browser_factory.hpp"

#include "engine/browser/chromium_browser.hpp"

namespace liveload::runner {

BrowserFactory make_browser_factory(const std::string& chromium_path) {
  return [chromium_path](boost::asio::io_context& io,
                         engine::Done<std::shared_ptr<engine::Browser>> done) {
    engine::BrowserOptions options;
    options.executable = chromium_path;
    engine::ChromiumBrowser::launch(
        io, std::move(options),
        [done = std::move(done)](Result<std::shared_ptr<engine::ChromiumBrowser>> browser) {
          if (!browser) {
            done(browser.failure());
            return;
          }
          done(std::shared_ptr<engine::Browser>(std::move(browser.value())));
        });
  };
}

}  // namespace liveload::runner
