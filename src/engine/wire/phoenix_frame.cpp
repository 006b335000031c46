#include "engine/wire/phoenix_frame.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/system/error_code.hpp>

#include "engine/wire/json_fields.hpp"

namespace liveload::engine::wire {

namespace {

Failure not_a_frame(std::string detail) {
  return Failure{"not a phoenix frame", std::move(detail)};
}

// A ref is a string or null; anything else makes the frame malformed.
bool read_ref(const boost::json::value& value, std::optional<std::string>& out) {
  if (value.is_null()) {
    out.reset();
    return true;
  }
  const auto* text = value.if_string();
  if (!text) return false;
  out.emplace(*text);
  return true;
}

bool read_name(const boost::json::value& value, std::string& out) {
  const auto* text = value.if_string();
  if (!text) return false;
  out.assign(text->data(), text->size());
  return true;
}

Result<PhoenixFrame> from_array(boost::json::array& parts) {
  if (parts.size() != 5) {
    return not_a_frame("expected 5 elements, got " + std::to_string(parts.size()));
  }
  PhoenixFrame frame;
  if (!read_ref(parts[0], frame.join_ref)) return not_a_frame("join_ref is not a string or null");
  if (!read_ref(parts[1], frame.ref)) return not_a_frame("ref is not a string or null");
  if (!read_name(parts[2], frame.topic)) return not_a_frame("topic is not a string");
  if (!read_name(parts[3], frame.event)) return not_a_frame("event is not a string");
  frame.payload = std::move(parts[4]);
  return frame;
}

Result<PhoenixFrame> from_object(boost::json::object& fields) {
  PhoenixFrame frame;
  static const boost::json::value null_value;
  const auto* join_ref = fields.if_contains("join_ref");
  const auto* ref = fields.if_contains("ref");
  if (!read_ref(join_ref ? *join_ref : null_value, frame.join_ref)) {
    return not_a_frame("join_ref is not a string or null");
  }
  if (!read_ref(ref ? *ref : null_value, frame.ref)) {
    return not_a_frame("ref is not a string or null");
  }
  const auto* topic = fields.if_contains("topic");
  const auto* event = fields.if_contains("event");
  if (!topic || !read_name(*topic, frame.topic)) return not_a_frame("topic is not a string");
  if (!event || !read_name(*event, frame.event)) return not_a_frame("event is not a string");
  auto* payload = fields.if_contains("payload");
  if (!payload) return not_a_frame("payload is missing");
  frame.payload = std::move(*payload);
  return frame;
}

const boost::json::object* reply_response(const PhoenixFrame& frame) {
  if (frame.event != "phx_reply") return nullptr;
  const auto* payload = frame.payload.if_object();
  if (!payload || !string_at(*payload, "status")) return nullptr;
  return object_at(*payload, "response");
}

}  // namespace

Result<PhoenixFrame> parse_phoenix_frame(std::string_view text) {
  // Boost.JSON's default depth limit of 32 is below what nested LiveView components and
  // comprehensions render to; 256 still bounds the parser's work on hostile input.
  boost::json::parse_options options;
  options.max_depth = 256;
  boost::system::error_code error;
  auto value = boost::json::parse(text, error, {}, options);
  if (error) return Failure{"not json", error.message()};
  if (auto* parts = value.if_array()) return from_array(*parts);
  if (auto* fields = value.if_object()) return from_object(*fields);
  return not_a_frame("expected an array or an object");
}

bool is_heartbeat(const PhoenixFrame& frame) {
  return frame.topic == "phoenix";
}

bool is_reply(const PhoenixFrame& frame) {
  return reply_response(frame) != nullptr;
}

ReplyKind reply_kind(const PhoenixFrame& frame) {
  const auto* response = reply_response(frame);
  if (!response) return ReplyKind::empty;
  if (response->contains("rendered")) return ReplyKind::rendered;
  if (response->contains("diff")) return ReplyKind::diff;
  return ReplyKind::empty;
}

std::string_view reply_status(const PhoenixFrame& frame) {
  if (!is_reply(frame)) return {};
  return *string_at(frame.payload.get_object(), "status");
}

bool is_server_push(const PhoenixFrame& frame) {
  return frame.event == "diff" && !frame.ref;
}

std::string push_name(const PhoenixFrame& frame) {
  if (frame.event != "event") return frame.event;
  const auto* payload = frame.payload.if_object();
  const auto name = payload ? string_at(*payload, "event") : std::nullopt;
  return name ? std::string(*name) : frame.event;
}

}  // namespace liveload::engine::wire
