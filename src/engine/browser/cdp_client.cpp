#include "engine/browser/cdp_client.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace liveload::engine::cdp {

namespace asio = boost::asio;

namespace {
// Chromium writes large messages (a big outerHTML) in pieces; 64 KiB keeps reads few.
constexpr std::size_t kReadBuffer = 64 * 1024;
}  // namespace

Client::Client(asio::io_context& io, int command_fd, int event_fd)
    : io_(io),
      out_(io, command_fd),
      in_(io, event_fd),
      timer_(io),
      read_buffer_(new char[kReadBuffer]) {}

void Client::start(std::function<void(std::string)> on_disconnect) {
  on_disconnect_ = std::move(on_disconnect);
  read_more();
}

void Client::read_more() {
  in_.async_read_some(
      asio::buffer(read_buffer_.get(), kReadBuffer),
      [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
        if (ec) {
          if (ec != asio::error::operation_aborted) {
            self->disconnected(ec == asio::error::eof ? "the pipe closed" : ec.message());
          }
          return;
        }
        self->connection_.feed(std::string_view(self->read_buffer_.get(), n));
        if (self->closed()) return;
        self->arm_timer();
        self->read_more();
      });
}

void Client::disconnected(std::string why) {
  spdlog::debug("cdp: browser pipe ended: {}", why);
  if (auto callback = std::move(on_disconnect_)) {
    on_disconnect_ = nullptr;
    callback(std::move(why));
  }
}

void Client::send(std::string_view session, std::string_view method, boost::json::object params,
                  Millis timeout, CommandCallback callback) {
  const auto deadline = Clock::now() + timeout;
  auto bytes =
      connection_.command(session, method, std::move(params), deadline, std::move(callback));
  if (closed()) {
    // Fail it from the loop, never inside this call.
    if (!expire_posted_) {
      expire_posted_ = true;
      asio::post(io_, [self = shared_from_this()] {
        self->expire_posted_ = false;
        self->connection_.expire(Clock::now());
      });
    }
    return;
  }
  outbox_.append(bytes);
  flush();
  arm_timer();
}

void Client::flush() {
  if (write_in_flight_ || outbox_.empty() || closed()) return;
  writing_.swap(outbox_);
  outbox_.clear();
  write_in_flight_ = true;
  asio::async_write(out_, asio::buffer(writing_),
                    [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                      self->write_in_flight_ = false;
                      self->writing_.clear();
                      if (ec) {
                        if (ec != asio::error::operation_aborted) {
                          self->disconnected("writing to the pipe failed: " + ec.message());
                        }
                        return;
                      }
                      self->flush();
                    });
}

void Client::arm_timer() {
  const auto next = connection_.next_deadline();
  if (!next) return;
  // Re-arm only for an earlier deadline: most commands answer long before theirs, and the timer
  // handler re-arms for whatever is next when it fires.
  if (*next >= armed_for_) return;
  armed_for_ = *next;
  timer_.expires_at(*next);
  timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (ec) return;
    auto self = weak.lock();
    if (!self) return;
    self->armed_for_ = Clock::time_point::max();
    self->connection_.expire(Clock::now());
    self->arm_timer();
  });
}

void Client::add_session(std::string session, SessionHandler handler) {
  connection_.add_session(std::move(session), std::move(handler));
}

void Client::close_session(const std::string& session, const Failure& failure) {
  connection_.close_session(session, failure);
}

void Client::close(const Failure& failure) {
  if (closed()) return;
  on_disconnect_ = nullptr;
  boost::system::error_code ignored;
  timer_.cancel();
  armed_for_ = Clock::time_point::max();
  in_.close(ignored);
  out_.close(ignored);
  connection_.close(failure);
}

}  // namespace liveload::engine::cdp
