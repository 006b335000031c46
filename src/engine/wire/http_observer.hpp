#pragma once
// HTTP telemetry from the CDP Network events of one page: per request, its duration, time to
// first byte, connection phases, body size, status class and failures, tagged by resource type
// (and by path for documents). A state machine over CDP events; no I/O, no clock: every time
// comes from the events' own timestamps.
#include <boost/json/object.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/wire/bounded_map.hpp"
#include "telemetry/recorder.hpp"

namespace liveload::engine::wire {

struct HttpLimits {
  // Requests tracked between requestWillBeSent and loadingFinished/loadingFailed. Requests of a
  // document that was navigated away from may never finish; the oldest is dropped and counted
  // as http.inflight_dropped so the map cannot grow over a long run.
  std::size_t max_in_flight = 4096;
};

// Records, tagged type=<resource type> (document, stylesheet, image, media, font, script, xhr,
// fetch, eventsource, websocket, manifest, ping, preflight, other, ...; "longpoll" for LiveView's
// long-poll transport) and, for documents, path=<normalised path>:
// - http.duration: requestWillBeSent.timestamp to loadingFinished.timestamp (us). A redirect
//   ends one sample at the requestWillBeSent of the request it leads to.
// - http.ttfb: requestWillBeSent.timestamp to the first response byte, which is
//   response.timing.requestTime + receiveHeadersEnd (us). It includes queueing, DNS, connect
//   and TLS, like the duration it is a part of.
// - http.dns, http.connect, http.tls: the timing object's dnsEnd - dnsStart, connectEnd -
//   connectStart (which includes TLS, as in Resource Timing), sslEnd - sslStart (us); only for
//   phases that happened (both ends >= 0) on a connection that was not reused.
// - http.response.bytes: the encoded (compressed) body size: loadingFinished.encodedDataLength
//   less the header bytes that responseReceived's response.encodedDataLength had counted.
// - http.requests{status=1xx|2xx|3xx|4xx|5xx|other}: one per response (redirects included).
// - http.failed{error=<errorText>}: loadingFailed that was not a cancel;
//   http.canceled: loadingFailed with canceled=true (navigated away, aborted by the page).
// data: and blob: URLs never reach the network and are ignored.
//
// Not thread safe: one observer per page session, fed on that session's thread.
class HttpObserver {
 public:
  explicit HttpObserver(telemetry::Recorder& recorder, HttpLimits limits = {});

  // Feeds one CDP event of the page's session: Network.requestWillBeSent, responseReceived,
  // loadingFinished, loadingFailed. Returns false for other methods. Events about requests it
  // has not seen start are ignored.
  bool on_event(std::string_view method, const boost::json::object& params);

  std::size_t in_flight() const { return in_flight_.size(); }

 private:
  struct Request {
    double start_s = 0;  // requestWillBeSent.timestamp, CDP MonotonicTime in seconds
    std::string type;    // tag value; "" until an event names it
    std::string path;    // normalised path of the URL, tagged for documents only
    std::optional<double> header_bytes;
  };

  void will_be_sent(const boost::json::object& params);
  void response_received(const boost::json::object& params);
  void finished(const boost::json::object& params);
  void failed(const boost::json::object& params);
  void record_response(Request& request, const boost::json::object& response);
  void record_timing(const Request& request, const boost::json::object& response);
  telemetry::Tags tags_of(const Request& request) const;
  Request* request_of(const boost::json::object& params);

  telemetry::Recorder& recorder_;
  BoundedMap<std::string, Request> in_flight_;  // keyed by CDP requestId
};

}  // namespace liveload::engine::wire
