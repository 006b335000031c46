#include "engine/wire/ws_observer.hpp"

#include "engine/wire/json_fields.hpp"
#include "engine/wire/path.hpp"
#include "engine/wire/wire_metrics.hpp"

namespace liveload::engine::wire {

namespace {

using telemetry::Tags;

constexpr int kTextOpcode = 1;
constexpr int kBinaryOpcode = 2;

bool is_base64_digit(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/' || c == '-' || c == '_';
}

// CDP hands binary payloads over base64-encoded; what went over the wire is the decoded size.
double base64_decoded_size(std::string_view encoded) {
  std::size_t digits = 0;
  for (char c : encoded) digits += is_base64_digit(c) ? 1 : 0;
  return static_cast<double>(digits * 3 / 4);
}

// Only these pushes get replies that carry what the user waits for; the rest (leave, uploads,
// component clean-up) would only fill the pending map.
bool is_measured_push(std::string_view event) {
  return event == "event" || event == "live_patch" || event == "phx_join";
}

// Refs are unique per socket, but the key keeps the topic too; the length prefix makes every
// (topic, ref) pair a distinct key whatever characters the topic holds.
std::string pending_key(const PhoenixFrame& frame) {
  return std::to_string(frame.topic.size()) + ':' + frame.topic + *frame.ref;
}

}  // namespace

WebSocketObserver::WebSocketObserver(telemetry::Recorder& recorder, WebSocketLimits limits)
    : recorder_(recorder), limits_(limits), sockets_(limits.max_sockets) {}

bool WebSocketObserver::on_event(std::string_view method, const boost::json::object& params,
                                 std::string_view page_path) {
  if (method == "Network.webSocketFrameReceived") {
    frame(params, false, page_path);
  } else if (method == "Network.webSocketFrameSent") {
    frame(params, true, page_path);
  } else if (method == "Network.webSocketCreated") {
    created(params);
  } else if (method == "Network.webSocketClosed") {
    closed(params);
  } else if (method == "Network.webSocketFrameError") {
    errored(params);
  } else if (method == "Page.frameNavigated") {
    const auto* frame_info = object_at(params, "frame");
    if (frame_info && !frame_info->contains("parentId")) document_gone();
  } else {
    return false;
  }
  return true;
}

void WebSocketObserver::document_gone() {
  sockets_.for_each([this](const std::string&, const Socket& socket) {
    recorder_.add(metric::ws_closed, {{"socket", socket.path}});
  });
  sockets_.clear();
}

WebSocketObserver::Socket* WebSocketObserver::socket_of(const boost::json::object& params) {
  const auto id = string_at(params, "requestId");
  return id ? sockets_.find(std::string(*id)) : nullptr;
}

void WebSocketObserver::created(const boost::json::object& params) {
  const auto id = string_at(params, "requestId");
  if (!id) return;
  Socket socket{socket_path(string_at(params, "url").value_or("")),
                BoundedMap<std::string, Pending>(limits_.max_pending_per_socket)};
  recorder_.add(metric::ws_opened, {{"socket", socket.path}});
  sockets_.put(std::string(*id), std::move(socket));
}

void WebSocketObserver::closed(const boost::json::object& params) {
  const auto id = string_at(params, "requestId");
  auto socket = id ? sockets_.take(std::string(*id)) : std::nullopt;
  if (socket) recorder_.add(metric::ws_closed, {{"socket", socket->path}});
}

void WebSocketObserver::errored(const boost::json::object& params) {
  if (const auto* socket = socket_of(params)) {
    recorder_.add(metric::ws_errors, {{"socket", socket->path}});
  }
}

void WebSocketObserver::frame(const boost::json::object& params, bool sent,
                              std::string_view page_path) {
  auto* socket = socket_of(params);
  const auto* response = object_at(params, "response");
  if (!socket || !response) return;
  const auto opcode = number_at(*response, "opcode").value_or(kTextOpcode);
  const auto payload = string_at(*response, "payloadData").value_or("");
  const double bytes =
      opcode == kBinaryOpcode ? base64_decoded_size(payload) : static_cast<double>(payload.size());

  const Tags tags{{"socket", socket->path}};
  recorder_.add(sent ? metric::ws_frames_sent : metric::ws_frames_received, tags);
  recorder_.observe(sent ? metric::ws_frame_sent_bytes : metric::ws_frame_received_bytes, tags,
                    bytes);
  // Binary frames are LiveView upload chunks in Phoenix's binary serializer; they carry no diff.
  if (opcode != kTextOpcode) return;

  auto parsed = parse_phoenix_frame(payload);
  if (!parsed) {
    recorder_.add(metric::ws_unparsed, tags);
    return;
  }
  const auto& phoenix = parsed.value();
  if (is_heartbeat(phoenix)) {
    if (sent && phoenix.event == "heartbeat") recorder_.add(metric::ws_heartbeats, tags);
    return;
  }
  if (sent) {
    client_push(*socket, phoenix, page_path);
  } else {
    server_frame(*socket, phoenix, bytes, page_path);
  }
}

void WebSocketObserver::client_push(Socket& socket, const PhoenixFrame& push,
                                    std::string_view page_path) {
  if (!push.ref || !is_measured_push(push.event)) return;
  const auto dropped =
      socket.pending.put(pending_key(push), Pending{push_name(push), normalize_path(page_path)});
  if (dropped > 0) recorder_.add(metric::ws_pending_dropped, {{"socket", socket.path}}, dropped);
}

void WebSocketObserver::server_frame(Socket& socket, const PhoenixFrame& frame, double bytes,
                                     std::string_view page_path) {
  if (is_server_push(frame)) {
    const auto path = normalize_path(page_path);
    recorder_.observe(metric::liveview_diff_bytes, {{"event", "server_push"}, {"path", path}},
                      bytes);
    recorder_.add(metric::liveview_server_push, {{"path", path}});
    return;
  }
  if (!frame.ref || !is_reply(frame)) return;
  auto pending = socket.pending.take(pending_key(frame));
  if (!pending) return;

  const Tags tags{{"event", std::move(pending->name)}, {"path", std::move(pending->path)}};
  if (reply_status(frame) != "ok") {
    recorder_.add(metric::liveview_reply_errors, tags);
    return;
  }
  recorder_.observe(metric::liveview_diff_bytes, tags, bytes);
}

}  // namespace liveload::engine::wire
