#pragma once
// The Chrome DevTools Protocol as a plain state machine over bytes and JSON, without any I/O:
// bytes from the browser go in through feed(), encoded commands come out of command(), and the
// callbacks of pending commands and the handlers of sessions are called from feed(), expire()
// and close(). The Asio adapter (cdp_client.hpp) moves the bytes and owns the timer; tests drive
// this class directly with byte chunks.
//
// Wire format of --remote-debugging-pipe: each message is one JSON object followed by a NUL byte.
// Commands carry an id that the browser echoes in its response; events carry no id. With
// `Target.attachToTarget {flatten: true}` every message of a page carries that page's sessionId;
// messages of the browser target carry none (the session "" here).
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "util/result.hpp"

namespace liveload::engine::cdp {

using Clock = std::chrono::steady_clock;

// Splits the byte stream into NUL-terminated messages. A message may arrive in any number of
// chunks, and one chunk may hold many messages.
class MessageFramer {
 public:
  template <class OnMessage>
  void feed(std::string_view bytes, OnMessage&& on_message) {
    while (!bytes.empty()) {
      const auto nul = bytes.find('\0');
      if (nul == std::string_view::npos) {
        partial_.append(bytes);
        return;
      }
      if (partial_.empty()) {
        on_message(bytes.substr(0, nul));
      } else {
        partial_.append(bytes.substr(0, nul));
        std::string message = std::move(partial_);
        partial_.clear();
        on_message(std::string_view(message));
      }
      bytes.remove_prefix(nul + 1);
    }
  }

  std::size_t buffered() const { return partial_.size(); }

 private:
  std::string partial_;
};

// The `result` of a successful command, or a Failure: reason "protocol error" when the browser
// answered with an error (detail "<method>: <browser's message>"), "timeout" when no answer came
// before the deadline, or whatever close() was given.
using CommandResult = Result<boost::json::object>;
using CommandCallback = std::function<void(CommandResult)>;

struct SessionHandler {
  // Every event whose sessionId is this session's.
  std::function<void(std::string_view method, const boost::json::object& params)> on_event;
  // The session ended (the connection closed, or close_session was called). Called once; the
  // session's pending commands fail right after with the same failure.
  std::function<void(const Failure&)> on_close;
};

class Connection {
 public:
  // Encodes a command and records it as pending; returns the bytes to write (JSON and NUL).
  // The callback runs later, exactly once: from feed() with the answer, from expire() once the
  // deadline passed, or from close()/close_session().
  std::string command(std::string_view session, std::string_view method, boost::json::object params,
                      Clock::time_point deadline, CommandCallback callback);

  // Consumes bytes read from the browser, dispatching every complete message. Malformed
  // messages and answers to unknown ids are counted and otherwise ignored.
  void feed(std::string_view bytes);

  // Fails every command whose deadline is at or before `now` with reason "timeout".
  void expire(Clock::time_point now);
  std::optional<Clock::time_point> next_deadline() const;

  // Registers the handler for events of `session` ("" is the browser target), replacing any.
  void add_session(std::string session, SessionHandler handler);
  // Ends one session: its handler's on_close, then its pending commands fail with `failure`.
  // The failure's detail is prefixed with each command's method ("Runtime.evaluate: ...").
  void close_session(const std::string& session, const Failure& failure);
  // Ends everything: every session closes and every pending command fails, as above; later
  // commands fail at once (from the next expire()).
  void close(const Failure& failure);
  bool closed() const { return closed_.has_value(); }

  std::size_t pending() const { return pending_.size(); }
  std::uint64_t commands_sent() const { return next_id_ - 1; }
  std::uint64_t messages_received() const { return received_; }
  std::uint64_t malformed_messages() const { return malformed_; }
  std::uint64_t unknown_responses() const { return unknown_ids_; }
  std::uint64_t events_without_session() const { return orphan_events_; }

 private:
  struct Pending {
    std::string method;
    std::string session;
    Clock::time_point deadline;
    CommandCallback callback;
  };

  void dispatch(std::string_view message);
  void fail_pending(std::uint64_t id, const Failure& failure);
  std::optional<Pending> take(std::uint64_t id);

  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, Pending> pending_;
  std::set<std::pair<Clock::time_point, std::uint64_t>> deadlines_;
  std::map<std::string, SessionHandler, std::less<>> sessions_;
  MessageFramer framer_;
  std::optional<Failure> closed_;
  std::uint64_t received_ = 0;
  std::uint64_t malformed_ = 0;
  std::uint64_t unknown_ids_ = 0;
  std::uint64_t orphan_events_ = 0;
};

}  // namespace liveload::engine::cdp
