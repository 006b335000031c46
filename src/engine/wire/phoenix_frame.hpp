#pragma once
// Phoenix channel frames as the JSON serializers put them on a WebSocket: the v2 array
// `[join_ref, ref, topic, event, payload]` that phoenix.js 1.6+ and every LiveView client send,
// and the older v1 object `{"join_ref", "ref", "topic", "event", "payload"}`. Parsing is total:
// any text gives a frame or a Failure, never an exception.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace liveload::engine::wire {

struct PhoenixFrame {
  std::optional<std::string> join_ref;  // null on heartbeats and broadcasts
  std::optional<std::string> ref;       // null on server pushes
  std::string topic;                    // "lv:phx-...", "phoenix", ...
  std::string event;                    // "phx_join", "event", "phx_reply", "diff", ...
  boost::json::value payload;
};

// Parses the text of one frame. Failure reasons: "not json" (also for bytes that are not
// UTF-8), "not a phoenix frame" (any other shape, or refs, topic or event of the wrong type);
// the detail says what was wrong. Binary frames (Phoenix's binary serializer) are not handled
// here.
Result<PhoenixFrame> parse_phoenix_frame(std::string_view text);

// The heartbeat channel: `[null, ref, "phoenix", "heartbeat", {}]` and its reply.
bool is_heartbeat(const PhoenixFrame& frame);

// A server reply: event "phx_reply" whose payload has a string "status" and an object
// "response".
bool is_reply(const PhoenixFrame& frame);

// What a reply carries: a join's first render (response.rendered), an update (response.diff),
// or neither (a leave, a heartbeat, an error, an event that changed nothing).
enum class ReplyKind { rendered, diff, empty };

// The kind of a reply; empty for frames that are not replies.
ReplyKind reply_kind(const PhoenixFrame& frame);

// The reply's status ("ok", "error", ...), or "" for frames that are not replies.
std::string_view reply_status(const PhoenixFrame& frame);

// A diff the server sends on its own: event "diff" with a null ref.
bool is_server_push(const PhoenixFrame& frame);

// The name a client push is measured under: for a LiveView "event" push the name of the event
// it carries (payload.event: "inc", "validate"), otherwise the Phoenix event itself
// ("phx_join", "live_patch"). An "event" push without a string payload.event is "event".
std::string push_name(const PhoenixFrame& frame);

}  // namespace liveload::engine::wire
