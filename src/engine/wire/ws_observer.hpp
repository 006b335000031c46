#pragma once
// WebSocket and LiveView wire telemetry from the CDP events of one page: frame counts and sizes
// per socket, and, for Phoenix channel traffic, the size of each diff the server sends, by the
// event it answers. A state machine over CDP events; no I/O, no clock.
#include <boost/json/object.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "engine/wire/bounded_map.hpp"
#include "engine/wire/phoenix_frame.hpp"
#include "telemetry/recorder.hpp"

namespace liveload::engine::wire {

struct WebSocketLimits {
  // Sockets tracked at once; LiveView opens one per page, so this only bounds a page that opens
  // sockets without end. The oldest is forgotten (not counted closed) to make room.
  std::size_t max_sockets = 64;
  // Client pushes awaiting their reply, per socket. A server that never replies would otherwise
  // grow this without end; the oldest is dropped and counted as ws.pending_dropped.
  std::size_t max_pending_per_socket = 1024;
};

// Records, tagged socket=<socket path>: ws.opened, ws.closed, ws.errors, ws.frames_sent,
// ws.frames_received, ws.frame_sent.bytes, ws.frame_received.bytes, ws.unparsed (text frames
// that are not Phoenix frames), ws.heartbeats (client heartbeats), ws.pending_dropped. And,
// tagged path=<page path>: liveview.diff.bytes{event} (the reply frame to an "event" push, a
// live_patch or a phx_join, by the push's name; server pushes as event=server_push),
// liveview.server_push, liveview.reply_errors{event} (replies with a status other than "ok").
// Heartbeats and their replies count in the ws.* frame metrics, never in liveview.*.
//
// Not thread safe: one observer per page session, fed on that session's thread.
class WebSocketObserver {
 public:
  explicit WebSocketObserver(telemetry::Recorder& recorder, WebSocketLimits limits = {});

  // Feeds one CDP event of the page's session: Network.webSocketCreated, webSocketClosed,
  // webSocketFrameSent, webSocketFrameReceived, webSocketFrameError, and Page.frameNavigated
  // (a main-frame navigation ends the old document's sockets, see document_gone). `page_path` is
  // the page's current URL or path; it is normalised here for the path tag. Returns false for
  // other methods. Events about sockets it has not seen created are ignored.
  bool on_event(std::string_view method, const boost::json::object& params,
                std::string_view page_path);

  // The page's document is gone (replaced by a navigation, or the page is closing). Chromium
  // sends no webSocketClosed for sockets torn down with their document, so every socket still
  // open is counted as ws.closed here and its pending pushes are forgotten.
  void document_gone();

  std::size_t open_sockets() const { return sockets_.size(); }

 private:
  struct Pending {
    std::string name;  // push_name() of the client push
    std::string path;  // normalised page path when it was sent
  };
  struct Socket {
    std::string path;
    BoundedMap<std::string, Pending> pending;  // keyed by topic and ref
  };

  void created(const boost::json::object& params);
  void closed(const boost::json::object& params);
  void errored(const boost::json::object& params);
  void frame(const boost::json::object& params, bool sent, std::string_view page_path);
  void client_push(Socket& socket, const PhoenixFrame& push, std::string_view page_path);
  void server_frame(Socket& socket, const PhoenixFrame& frame, double bytes,
                    std::string_view page_path);
  Socket* socket_of(const boost::json::object& params);

  telemetry::Recorder& recorder_;
  WebSocketLimits limits_;
  BoundedMap<std::string, Socket> sockets_;  // keyed by CDP requestId
};

}  // namespace liveload::engine::wire
