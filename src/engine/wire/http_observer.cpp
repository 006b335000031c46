#include "engine/wire/http_observer.hpp"

#include <array>

#include "engine/wire/json_fields.hpp"
#include "engine/wire/path.hpp"
#include "engine/wire/wire_metrics.hpp"

namespace liveload::engine::wire {

namespace {

using telemetry::Tags;

constexpr double kMicrosPerSecond = 1e6;
constexpr double kMicrosPerMilli = 1e3;

// CDP's Network.ResourceType values and their tag values. Unknown values become "other", so a
// future Chromium cannot add tag values we did not expect.
constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kResourceTypes{{
    {"Document", "document"},
    {"Stylesheet", "stylesheet"},
    {"Image", "image"},
    {"Media", "media"},
    {"Font", "font"},
    {"Script", "script"},
    {"TextTrack", "texttrack"},
    {"XHR", "xhr"},
    {"Fetch", "fetch"},
    {"Prefetch", "prefetch"},
    {"EventSource", "eventsource"},
    {"WebSocket", "websocket"},
    {"Manifest", "manifest"},
    {"SignedExchange", "signedexchange"},
    {"Ping", "ping"},
    {"CSPViolationReport", "cspviolationreport"},
    {"Preflight", "preflight"},
    {"Other", "other"},
}};

std::string type_tag(std::string_view cdp_type) {
  for (const auto& [cdp, tag] : kResourceTypes) {
    if (cdp == cdp_type) return std::string(tag);
  }
  return "other";
}

std::string_view status_class(double status) {
  if (status >= 100 && status < 600) {
    static constexpr std::array<std::string_view, 5> kClasses{"1xx", "2xx", "3xx", "4xx", "5xx"};
    return kClasses[static_cast<std::size_t>(status) / 100 - 1];
  }
  return "other";
}

bool never_on_network(std::string_view url) {
  return url.starts_with("data:") || url.starts_with("blob:");
}

// A phase of the timing object in microseconds, when it happened: Chromium writes -1 for the
// ends of a phase that did not take place.
std::optional<double> phase_us(const boost::json::object& timing, std::string_view start_key,
                               std::string_view end_key) {
  const auto start = number_at(timing, start_key);
  const auto end = number_at(timing, end_key);
  if (!start || !end || *start < 0 || *end < *start) return std::nullopt;
  return (*end - *start) * kMicrosPerMilli;
}

}  // namespace

HttpObserver::HttpObserver(telemetry::Recorder& recorder, HttpLimits limits)
    : recorder_(recorder), in_flight_(limits.max_in_flight) {}

bool HttpObserver::on_event(std::string_view method, const boost::json::object& params) {
  if (method == "Network.requestWillBeSent") {
    will_be_sent(params);
  } else if (method == "Network.responseReceived") {
    response_received(params);
  } else if (method == "Network.loadingFinished") {
    finished(params);
  } else if (method == "Network.loadingFailed") {
    failed(params);
  } else {
    return false;
  }
  return true;
}

HttpObserver::Request* HttpObserver::request_of(const boost::json::object& params) {
  const auto id = string_at(params, "requestId");
  return id ? in_flight_.find(std::string(*id)) : nullptr;
}

Tags HttpObserver::tags_of(const Request& request) const {
  Tags tags{{"type", request.type.empty() ? "other" : request.type}};
  if (request.type == "document") tags.emplace_back("path", request.path);
  return tags;
}

void HttpObserver::will_be_sent(const boost::json::object& params) {
  const auto id = string_at(params, "requestId");
  const auto* request = object_at(params, "request");
  const auto url = request ? string_at(*request, "url") : std::nullopt;
  const auto timestamp = number_at(params, "timestamp");
  if (!id || !url || !timestamp || never_on_network(*url)) return;

  // A redirect reuses the requestId: the hop that led here ends now.
  auto* previous = in_flight_.find(std::string(*id));
  const auto* redirect = object_at(params, "redirectResponse");
  std::string type = previous ? previous->type : std::string();
  if (previous && redirect) {
    record_response(*previous, *redirect);
    if (*timestamp >= previous->start_s) {
      recorder_.observe(metric::http_duration, tags_of(*previous),
                        (*timestamp - previous->start_s) * kMicrosPerSecond);
    }
  }

  if (const auto cdp_type = string_at(params, "type")) type = type_tag(*cdp_type);
  if (is_longpoll_url(*url)) type = "longpoll";
  const auto dropped = in_flight_.put(
      std::string(*id), Request{*timestamp, std::move(type), normalize_path(*url), std::nullopt});
  if (dropped > 0) recorder_.add(metric::http_inflight_dropped, {}, static_cast<double>(dropped));
}

void HttpObserver::response_received(const boost::json::object& params) {
  auto* request = request_of(params);
  const auto* response = object_at(params, "response");
  if (!request || !response) return;
  const auto cdp_type = string_at(params, "type");
  if (request->type.empty() && cdp_type) request->type = type_tag(*cdp_type);
  record_response(*request, *response);
}

void HttpObserver::record_response(Request& request, const boost::json::object& response) {
  request.header_bytes = number_at(response, "encodedDataLength");
  if (const auto status = number_at(response, "status")) {
    auto tags = tags_of(request);
    tags.emplace_back("status", status_class(*status));
    recorder_.add(metric::http_requests, tags);
  }
  record_timing(request, response);
}

void HttpObserver::record_timing(const Request& request, const boost::json::object& response) {
  const auto* timing = object_at(response, "timing");
  if (!timing) return;  // served from a cache: no network phases
  const auto tags = tags_of(request);

  const auto request_time = number_at(*timing, "requestTime");
  const auto headers_end = number_at(*timing, "receiveHeadersEnd");
  if (request_time && headers_end && *headers_end >= 0) {
    const double first_byte_s = *request_time + *headers_end / kMicrosPerMilli;
    if (first_byte_s >= request.start_s) {
      recorder_.observe(metric::http_ttfb, tags,
                        (first_byte_s - request.start_s) * kMicrosPerSecond);
    }
  }

  if (bool_at(response, "connectionReused").value_or(false)) return;
  if (const auto dns = phase_us(*timing, "dnsStart", "dnsEnd")) {
    recorder_.observe(metric::http_dns, tags, *dns);
  }
  if (const auto connect = phase_us(*timing, "connectStart", "connectEnd")) {
    recorder_.observe(metric::http_connect, tags, *connect);
  }
  if (const auto tls = phase_us(*timing, "sslStart", "sslEnd")) {
    recorder_.observe(metric::http_tls, tags, *tls);
  }
}

void HttpObserver::finished(const boost::json::object& params) {
  const auto id = string_at(params, "requestId");
  auto request = id ? in_flight_.take(std::string(*id)) : std::nullopt;
  if (!request) return;
  const auto tags = tags_of(*request);

  const auto timestamp = number_at(params, "timestamp");
  if (timestamp && *timestamp >= request->start_s) {
    recorder_.observe(metric::http_duration, tags,
                      (*timestamp - request->start_s) * kMicrosPerSecond);
  }
  // Without the header count of responseReceived the body size is unknown; it is left out
  // rather than reported with the headers folded in.
  const auto total = number_at(params, "encodedDataLength");
  const auto headers = request->header_bytes;
  if (total && headers && *headers >= 0 && *headers <= *total) {
    recorder_.observe(metric::http_response_bytes, tags, *total - *headers);
  }
}

void HttpObserver::failed(const boost::json::object& params) {
  const auto id = string_at(params, "requestId");
  auto request = id ? in_flight_.take(std::string(*id)) : std::nullopt;
  if (!request) return;
  const auto cdp_type = string_at(params, "type");
  if (request->type.empty() && cdp_type) request->type = type_tag(*cdp_type);
  auto tags = tags_of(*request);
  if (bool_at(params, "canceled").value_or(false)) {
    recorder_.add(metric::http_canceled, tags);
    return;
  }
  tags.emplace_back("error", string_at(params, "errorText").value_or("unknown"));
  recorder_.add(metric::http_failed, tags);
}

}  // namespace liveload::engine::wire
