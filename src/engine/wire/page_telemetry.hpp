#pragma once
// Everything one page measures, in one place: the CDP events of its session go to a WebSocket
// and an HTTP observer, its uncaught exceptions and console errors are counted, and the reports
// of the injected script (engine/browser/telemetry_script.cpp) become LiveView and web-vitals
// metrics. No I/O, no clock: every duration was measured in the page or comes from the events.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "engine/wire/http_observer.hpp"
#include "engine/wire/ws_observer.hpp"
#include "telemetry/recorder.hpp"

namespace liveload::engine::wire {

// Records, all tagged path=<normalised page path>:
// - liveview.event{kind,event} (us), liveview.reconnect (us), liveview.disconnects,
//   liveview.reconnects, liveview.page_loading{kind} (us), liveview.page_loading_canceled{kind},
//   liveview.navigations{kind=patch|navigate|full}: from the script's reports.
//   A LiveView whose rejoin fails reloads its page (a server restarted with a new secret does
//   that); when the next document's LiveView joins without the scenario having navigated, that
//   join ends the reconnect, timed from the disconnect with both ends in the page's
//   performance.timeOrigin-based clock.
// - web.ttfb, web.fcp, web.lcp, web.inp (us) and web.cls (x1000): one sample each per page view,
//   from the view's last vitals report, when its document is replaced or the page closes. A
//   vital the page never measured is not recorded.
// - js.errors (Runtime.exceptionThrown) and console.errors (Runtime.consoleAPICalled of type
//   error), each also recorded as failure(step "page", target <path>, reason "js error" /
//   "console error", message) so that the first messages are kept as samples. Those failures
//   are not iteration failures: the iteration goes on.
// and what WebSocketObserver and HttpObserver record.
//
// Not thread safe: one per page session, fed on that session's thread.
class PageTelemetry {
 public:
  explicit PageTelemetry(telemetry::Recorder& recorder);

  // Feeds one CDP event of the page's session. `page_url` is the page's current URL.
  void on_event(std::string_view method, const boost::json::object& params,
                std::string_view page_url);

  // Takes one report of the injected script; false when its type is not a telemetry report.
  bool on_report(const boost::json::object& report);

  // The page is closing (or its browser died): the last page view's vitals are recorded.
  void page_closed();

  // The scenario asked for a navigation or a reload: a LiveView that lost its connection and
  // joins in the next document did not come back on its own.
  void navigation_requested() { lost_.reset(); }

 private:
  struct Vitals {
    std::string path;
    boost::json::object values;
  };

  void record_vitals();
  void error(std::string_view metric, std::string_view reason, std::string message,
             std::string_view page_url);

  telemetry::Recorder& recorder_;
  WebSocketObserver ws_;
  HttpObserver http_;
  std::optional<Vitals> vitals_;
  // The last disconnect not yet followed by a reconnect, in the page's clock
  // (performance.timeOrigin + now(), ms), and its page path.
  struct Lost {
    double at_ms;
    std::string path;
  };
  std::optional<Lost> lost_;
};

}  // namespace liveload::engine::wire
