#include "engine/browser/cdp_connection.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <vector>

namespace liveload::engine::cdp {

namespace json = boost::json;

namespace {

Failure with_method(const Failure& failure, std::string_view method) {
  return Failure{failure.reason, std::string(method) + ": " + failure.detail};
}

std::string_view string_field(const json::object& object, std::string_view key) {
  const auto* field = object.if_contains(key);
  if (field == nullptr || !field->is_string()) return {};
  return field->get_string();
}

}  // namespace

std::string Connection::command(std::string_view session, std::string_view method,
                                json::object params, Clock::time_point deadline,
                                CommandCallback callback) {
  const auto id = next_id_++;
  json::object message;
  message["id"] = id;
  message["method"] = method;
  message["params"] = std::move(params);
  if (!session.empty()) message["sessionId"] = session;

  // A command sent after close() never reaches a browser; expire() fails it with the reason
  // the connection closed for, which the adapter triggers right away.
  if (closed_) deadline = Clock::time_point::min();
  pending_.emplace(
      id, Pending{std::string(method), std::string(session), deadline, std::move(callback)});
  deadlines_.emplace(deadline, id);

  std::string bytes = json::serialize(message);
  bytes.push_back('\0');
  return bytes;
}

void Connection::feed(std::string_view bytes) {
  framer_.feed(bytes, [this](std::string_view message) { dispatch(message); });
}

void Connection::dispatch(std::string_view message) {
  ++received_;
  boost::system::error_code ec;
  json::value parsed = json::parse(message, ec);
  if (ec || !parsed.is_object()) {
    ++malformed_;
    spdlog::debug("cdp: ignoring malformed message ({} bytes): {}", message.size(),
                  ec ? ec.message() : "not an object");
    return;
  }
  json::object& object = parsed.get_object();

  if (const auto* id_field = object.if_contains("id")) {
    const auto* id = id_field->if_int64();
    auto pending = id != nullptr && *id > 0 ? take(static_cast<std::uint64_t>(*id)) : std::nullopt;
    if (!pending) {
      // Usually the answer to a command that already timed out.
      ++unknown_ids_;
      return;
    }
    if (auto* error = object.if_contains("error"); error != nullptr) {
      std::string text = "unknown error";
      if (error->is_object()) {
        if (auto m = string_field(error->get_object(), "message"); !m.empty()) text = m;
      }
      pending->callback(Failure{"protocol error", pending->method + ": " + text});
      return;
    }
    json::object result;
    if (auto* r = object.if_contains("result"); r != nullptr && r->is_object()) {
      result = std::move(r->get_object());
    }
    pending->callback(std::move(result));
    return;
  }

  const auto method = string_field(object, "method");
  if (method.empty()) {
    ++malformed_;
    return;
  }
  const auto session = string_field(object, "sessionId");
  const auto it = sessions_.find(session);
  if (it == sessions_.end() || !it->second.on_event) {
    ++orphan_events_;
    return;
  }
  static const json::object no_params;
  const auto* params = object.if_contains("params");
  // Copy the handler: it may remove its own session while it runs.
  auto on_event = it->second.on_event;
  on_event(method, params != nullptr && params->is_object() ? params->get_object() : no_params);
}

std::optional<Connection::Pending> Connection::take(std::uint64_t id) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return std::nullopt;
  Pending pending = std::move(it->second);
  pending_.erase(it);
  deadlines_.erase({pending.deadline, id});
  return pending;
}

void Connection::fail_pending(std::uint64_t id, const Failure& failure) {
  if (auto pending = take(id)) pending->callback(with_method(failure, pending->method));
}

void Connection::expire(Clock::time_point now) {
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    const auto id = deadlines_.begin()->second;
    auto pending = take(id);
    if (!pending) continue;
    if (closed_) {
      pending->callback(with_method(*closed_, pending->method));
    } else {
      pending->callback(
          Failure{"timeout", pending->method + ": the browser did not answer in time"});
    }
  }
}

std::optional<Clock::time_point> Connection::next_deadline() const {
  if (deadlines_.empty()) return std::nullopt;
  return deadlines_.begin()->first;
}

void Connection::add_session(std::string session, SessionHandler handler) {
  sessions_[std::move(session)] = std::move(handler);
}

void Connection::close_session(const std::string& session, const Failure& failure) {
  if (auto it = sessions_.find(session); it != sessions_.end()) {
    auto on_close = std::move(it->second.on_close);
    sessions_.erase(it);
    if (on_close) on_close(failure);
  }
  std::vector<std::uint64_t> ids;
  for (const auto& [id, pending] : pending_) {
    if (pending.session == session) ids.push_back(id);
  }
  for (const auto id : ids) fail_pending(id, failure);
}

void Connection::close(const Failure& failure) {
  if (closed_) return;
  closed_ = failure;
  auto sessions = std::move(sessions_);
  sessions_.clear();
  for (auto& [name, handler] : sessions) {
    if (handler.on_close) handler.on_close(failure);
  }
  std::vector<std::uint64_t> ids;
  ids.reserve(pending_.size());
  for (const auto& [id, pending] : pending_) ids.push_back(id);
  for (const auto id : ids) fail_pending(id, failure);
}

}  // namespace liveload::engine::cdp
