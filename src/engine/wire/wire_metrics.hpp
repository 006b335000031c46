#pragma once
// The metric names the wire observers record under. Units: `.bytes` histograms in bytes, the
// other histograms in microseconds, counters in counts.
#include <string_view>

namespace liveload::engine::wire::metric {

inline constexpr std::string_view ws_opened = "ws.opened";
inline constexpr std::string_view ws_closed = "ws.closed";
inline constexpr std::string_view ws_errors = "ws.errors";
inline constexpr std::string_view ws_frames_sent = "ws.frames_sent";
inline constexpr std::string_view ws_frames_received = "ws.frames_received";
inline constexpr std::string_view ws_frame_sent_bytes = "ws.frame_sent.bytes";
inline constexpr std::string_view ws_frame_received_bytes = "ws.frame_received.bytes";
inline constexpr std::string_view ws_unparsed = "ws.unparsed";
inline constexpr std::string_view ws_heartbeats = "ws.heartbeats";
inline constexpr std::string_view ws_pending_dropped = "ws.pending_dropped";

inline constexpr std::string_view liveview_diff_bytes = "liveview.diff.bytes";
inline constexpr std::string_view liveview_server_push = "liveview.server_push";
inline constexpr std::string_view liveview_reply_errors = "liveview.reply_errors";

inline constexpr std::string_view http_duration = "http.duration";
inline constexpr std::string_view http_ttfb = "http.ttfb";
inline constexpr std::string_view http_dns = "http.dns";
inline constexpr std::string_view http_connect = "http.connect";
inline constexpr std::string_view http_tls = "http.tls";
inline constexpr std::string_view http_response_bytes = "http.response.bytes";
inline constexpr std::string_view http_requests = "http.requests";
inline constexpr std::string_view http_failed = "http.failed";
inline constexpr std::string_view http_canceled = "http.canceled";
inline constexpr std::string_view http_inflight_dropped = "http.inflight_dropped";

}  // namespace liveload::engine::wire::metric
