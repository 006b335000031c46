#pragma once
// The metric names the wire observers and the page telemetry record under. Units: `.bytes`
// histograms in bytes, web.cls a ratio scaled x1000, the other histograms in microseconds,
// counters and gauges in counts.
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

// Reported by the page's injected script (engine/browser/telemetry_script.cpp).
inline constexpr std::string_view liveview_event = "liveview.event";
inline constexpr std::string_view liveview_reconnect = "liveview.reconnect";
inline constexpr std::string_view liveview_disconnects = "liveview.disconnects";
inline constexpr std::string_view liveview_reconnects = "liveview.reconnects";
inline constexpr std::string_view liveview_page_loading = "liveview.page_loading";
inline constexpr std::string_view liveview_page_loading_canceled = "liveview.page_loading_canceled";
inline constexpr std::string_view liveview_navigations = "liveview.navigations";
inline constexpr std::string_view web_ttfb = "web.ttfb";
inline constexpr std::string_view web_fcp = "web.fcp";
inline constexpr std::string_view web_lcp = "web.lcp";
inline constexpr std::string_view web_cls = "web.cls";
inline constexpr std::string_view web_inp = "web.inp";

// From the page's Runtime events.
inline constexpr std::string_view js_errors = "js.errors";
inline constexpr std::string_view console_errors = "console.errors";

// Sampled by the browser engine from the OS (engine/browser/process_memory.hpp).
inline constexpr std::string_view browser_pages = "browser.pages";
inline constexpr std::string_view browser_rss_bytes = "browser.rss.bytes";

}  // namespace liveload::engine::wire::metric
