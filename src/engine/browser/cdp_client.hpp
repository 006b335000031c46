#pragma once
// The Asio edge of the CDP connection: reads the browser's pipe into the Connection, writes
// commands (coalescing those queued while a write is in flight), and runs one timer for the
// earliest command deadline. Everything runs on the io_context's thread.
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "engine/browser/cdp_connection.hpp"
#include "engine/page.hpp"

namespace liveload::engine::cdp {

class Client : public std::enable_shared_from_this<Client> {
 public:
  // Takes ownership of both descriptors.
  Client(boost::asio::io_context& io, int command_fd, int event_fd);
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Starts reading. `on_disconnect` runs once when the pipe reaches its end or fails; the owner
  // then finds out why (the process's exit status) and calls close().
  void start(std::function<void(std::string)> on_disconnect);

  // Sends a command; `callback` runs later on the io thread, exactly once, with the answer or a
  // Failure ("timeout" after `timeout`, or the close() failure).
  void send(std::string_view session, std::string_view method, boost::json::object params,
            Millis timeout, CommandCallback callback);

  void add_session(std::string session, SessionHandler handler);
  void close_session(const std::string& session, const Failure& failure);
  // Fails everything pending and stops I/O; later sends fail with `failure` too.
  void close(const Failure& failure);
  bool closed() const { return connection_.closed(); }

  const Connection& connection() const { return connection_; }
  boost::asio::io_context& io() { return io_; }

 private:
  void read_more();
  void flush();
  void arm_timer();
  void disconnected(std::string why);

  boost::asio::io_context& io_;
  boost::asio::posix::stream_descriptor out_;  // the browser's fd 3
  boost::asio::posix::stream_descriptor in_;   // the browser's fd 4
  boost::asio::steady_timer timer_;
  Clock::time_point armed_for_ = Clock::time_point::max();
  Connection connection_;
  std::string outbox_;
  std::string writing_;
  bool write_in_flight_ = false;
  bool expire_posted_ = false;
  std::unique_ptr<char[]> read_buffer_;
  std::function<void(std::string)> on_disconnect_;
};

}  // namespace liveload::engine::cdp
