#include "telemetry/catalogue.hpp"

#include <array>

namespace liveload::telemetry {

namespace {

constexpr std::array kKnown = {
    KnownMetric{
        metric::iteration_duration, Kind::histogram, MetricUnit::us,
        "Time of one iteration of the scenario's run() that succeeded, from its start until "
        "it returned"},
    KnownMetric{metric::iterations, Kind::counter, MetricUnit::count,
                "Iterations ended, tagged result=ok, result=failed, or result=stopped (cut short "
                "by the end of the run)"},
    KnownMetric{metric::action_duration, Kind::histogram, MetricUnit::us,
                "Time of one ctx action (click, fill, wait_for, ...) from the call until it "
                "completed or failed, tagged by action and target"},
    KnownMetric{metric::step_duration, Kind::histogram, MetricUnit::us,
                "Time of one named step(name, fn), from entering it until fn returned or failed"},
    KnownMetric{metric::navigation_duration, Kind::histogram, MetricUnit::us,
                "Time of navigate() or reload(), from the call until the page's load event"},
    KnownMetric{metric::liveview_join, Kind::histogram, MetricUnit::us,
                "From the page's navigation start until the LiveView container first carries "
                "phx-connected"},
    KnownMetric{metric::failures, Kind::counter, MetricUnit::count,
                "Failed steps, tagged by step, target and reason; the first messages of each are "
                "kept as samples"},
    KnownMetric{metric::users_active, Kind::gauge, MetricUnit::count,
                "Virtual users running, set whenever one starts or stops; per bucket the last, "
                "lowest and highest value"},
    // LiveView, measured in the page by the injected script.
    KnownMetric{"liveview.event", Kind::histogram, MetricUnit::us,
                "From an element getting phx-<kind>-loading until the class is removed (the "
                "server's reply applied), tagged kind, event (its phx-<kind> value) and path"},
    KnownMetric{"liveview.reconnect", Kind::histogram, MetricUnit::us,
                "From the LiveView container losing phx-connected (phx-disconnected, phx-error "
                "or phx-loading) until it carries phx-connected again"},
    KnownMetric{"liveview.disconnects", Kind::counter, MetricUnit::count,
                "Times a connected LiveView container lost phx-connected"},
    KnownMetric{"liveview.reconnects", Kind::counter, MetricUnit::count,
                "Times a LiveView container that had lost phx-connected got it back"},
    KnownMetric{"liveview.page_loading", Kind::histogram, MetricUnit::us,
                "From phx:page-loading-start to phx:page-loading-stop of the same kind (initial, "
                "patch, redirect, element)"},
    KnownMetric{"liveview.page_loading_canceled", Kind::counter, MetricUnit::count,
                "phx:page-loading-start of a kind whose previous start had not stopped yet"},
    KnownMetric{"liveview.navigations", Kind::counter, MetricUnit::count,
                "Navigations by kind: patch (live patch), navigate (live redirect), full (a "
                "document's first LiveView join)"},
    KnownMetric{"liveview.server_push", Kind::counter, MetricUnit::count,
                "Diffs the server sent without a client push to answer (server-initiated)"},
    KnownMetric{"liveview.diff.bytes", Kind::histogram, MetricUnit::bytes,
                "Payload size of the server's reply to an event, live_patch or join push, "
                "matched by its Phoenix ref and tagged by the push's event name"},
    KnownMetric{"liveview.reply_errors", Kind::counter, MetricUnit::count,
                "Replies to pushes with a status other than ok"},
    // WebSocket, from CDP Network.webSocket* events.
    KnownMetric{"ws.frame_sent.bytes", Kind::histogram, MetricUnit::bytes,
                "Payload size of each WebSocket frame the page sent"},
    KnownMetric{"ws.frame_received.bytes", Kind::histogram, MetricUnit::bytes,
                "Payload size of each WebSocket frame the page received"},
    KnownMetric{"ws.frames_sent", Kind::counter, MetricUnit::count, "WebSocket frames sent"},
    KnownMetric{"ws.frames_received", Kind::counter, MetricUnit::count,
                "WebSocket frames received"},
    KnownMetric{"ws.opened", Kind::counter, MetricUnit::count, "WebSockets created"},
    KnownMetric{"ws.closed", Kind::counter, MetricUnit::count,
                "WebSockets closed, or torn down with their document"},
    KnownMetric{"ws.errors", Kind::counter, MetricUnit::count, "WebSocket frame errors"},
    KnownMetric{"ws.heartbeats", Kind::counter, MetricUnit::count,
                "Phoenix heartbeats the client sent (kept out of the liveview.* metrics)"},
    KnownMetric{"ws.unparsed", Kind::counter, MetricUnit::count,
                "Text frames that are not Phoenix frames"},
    KnownMetric{"ws.pending_dropped", Kind::counter, MetricUnit::count,
                "Client pushes forgotten unanswered because too many were pending"},
    // HTTP, from CDP Network events and the response's timing object.
    KnownMetric{"http.duration", Kind::histogram, MetricUnit::us,
                "From requestWillBeSent to loadingFinished, tagged type (and path for documents)"},
    KnownMetric{"http.ttfb", Kind::histogram, MetricUnit::us,
                "From requestWillBeSent to the first response byte"},
    KnownMetric{"http.dns", Kind::histogram, MetricUnit::us,
                "DNS lookup, when one happened (timing dnsEnd - dnsStart)"},
    KnownMetric{
        "http.connect", Kind::histogram, MetricUnit::us,
        "TCP connect including TLS, on a new connection (timing connectEnd - connectStart)"},
    KnownMetric{"http.tls", Kind::histogram, MetricUnit::us,
                "TLS handshake, on a new TLS connection (timing sslEnd - sslStart)"},
    KnownMetric{"http.response.bytes", Kind::histogram, MetricUnit::bytes,
                "Encoded (compressed) body size of each response"},
    KnownMetric{"http.requests", Kind::counter, MetricUnit::count,
                "Responses by status class (2xx, 3xx, 4xx, 5xx), redirects included"},
    KnownMetric{"http.failed", Kind::counter, MetricUnit::count,
                "Requests that failed (not canceled), by error text"},
    KnownMetric{"http.canceled", Kind::counter, MetricUnit::count,
                "Requests canceled by a navigation or by the page"},
    KnownMetric{"http.inflight_dropped", Kind::counter, MetricUnit::count,
                "Requests forgotten unfinished because too many were in flight"},
    // Web vitals, from PerformanceObserver in the page; one sample per page view.
    KnownMetric{"web.ttfb", Kind::histogram, MetricUnit::us,
                "Navigation timing responseStart of the page view's document"},
    KnownMetric{"web.fcp", Kind::histogram, MetricUnit::us,
                "First contentful paint (paint entry startTime)"},
    KnownMetric{"web.lcp", Kind::histogram, MetricUnit::us,
                "Largest contentful paint: the last largest-contentful-paint entry's startTime"},
    KnownMetric{"web.cls", Kind::histogram, MetricUnit::ratio,
                "Cumulative layout shift x1000: the largest session window of shifts without "
                "recent input (1 s gap, 5 s window); 100 means a CLS of 0.1"},
    KnownMetric{"web.inp", Kind::histogram, MetricUnit::us,
                "Interaction to next paint, approximated as the longest interaction of the page "
                "view (Event Timing: the first input, and others of 16 ms or more)"},
    // Page and browser.
    KnownMetric{"js.errors", Kind::counter, MetricUnit::count,
                "Uncaught exceptions in the page (Runtime.exceptionThrown)"},
    KnownMetric{"console.errors", Kind::counter, MetricUnit::count,
                "console.error calls in the page (Runtime.consoleAPICalled of type error)"},
    KnownMetric{"browser.pages", Kind::gauge, MetricUnit::count,
                "Pages open in a Chromium process, tagged process (the worker), every 2 s"},
    KnownMetric{"browser.rss.bytes", Kind::gauge, MetricUnit::bytes,
                "Resident memory (VmRSS) of a Chromium process and all its children, every 2 s"},
};

const KnownMetric* find_known(std::string_view name) {
  for (const auto& known : kKnown) {
    if (known.name == name) return &known;
  }
  return nullptr;
}

}  // namespace

std::string_view name_of(Kind kind) {
  switch (kind) {
    case Kind::histogram:
      return "histogram";
    case Kind::counter:
      return "counter";
    case Kind::gauge:
      return "gauge";
  }
  return "unknown";
}

std::string_view name_of(MetricUnit unit) {
  switch (unit) {
    case MetricUnit::us:
      return "us";
    case MetricUnit::bytes:
      return "bytes";
    case MetricUnit::count:
      return "count";
    case MetricUnit::ratio:
      return "ratio";
  }
  return "unknown";
}

std::optional<Kind> kind_named(std::string_view name) {
  for (Kind kind : {Kind::histogram, Kind::counter, Kind::gauge}) {
    if (name_of(kind) == name) return kind;
  }
  return std::nullopt;
}

std::optional<MetricUnit> unit_named(std::string_view name) {
  for (MetricUnit unit :
       {MetricUnit::us, MetricUnit::bytes, MetricUnit::count, MetricUnit::ratio}) {
    if (name_of(unit) == name) return unit;
  }
  return std::nullopt;
}

std::span<const KnownMetric> known_metrics() {
  return kKnown;
}

MetricUnit unit_of(std::string_view metric, Kind kind) {
  if (const auto* known = find_known(metric)) return known->unit;
  if (metric.ends_with(".bytes")) return MetricUnit::bytes;
  return kind == Kind::histogram ? MetricUnit::us : MetricUnit::count;
}

std::string_view description_of(std::string_view metric) {
  const auto* known = find_known(metric);
  return known ? known->description : std::string_view{};
}

}  // namespace liveload::telemetry
