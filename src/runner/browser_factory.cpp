#include "runner/browser_factory.hpp"

#include "engine/browser/chromium_browser.hpp"

namespace liveload::runner {

BrowserFactory make_browser_factory(const std::string& chromium_path, telemetry::Recorder& recorder,
                                    int worker_index) {
  return [chromium_path, &recorder, worker_index](
             boost::asio::io_context& io, engine::Done<std::shared_ptr<engine::Browser>> done) {
    engine::BrowserOptions options;
    options.executable = chromium_path;
    options.recorder = &recorder;
    options.process_tag = std::to_string(worker_index + 1);
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
