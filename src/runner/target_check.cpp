#include "runner/target_check.hpp"

#include <fmt/format.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/url/parse.hpp>

namespace liveload::runner {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Result<Unit> check_target_reachable(const std::string& target_url, Micros timeout) {
  auto url = boost::urls::parse_absolute_uri(target_url);
  if (!url) return Failure{"option", fmt::format("--target: \"{}\" is not a URL", target_url)};
  std::string host = url->host();
  if (url->host_type() == boost::urls::host_type::ipv6) host = url->host_address();
  std::string port =
      url->has_port() ? std::string(url->port()) : (url->scheme() == "https" ? "443" : "80");

  asio::io_context io;
  tcp::resolver resolver(io);
  tcp::socket socket(io);
  asio::steady_timer deadline(io, timeout);
  std::string error;
  bool answered = false;
  const bool plain_http = url->scheme() == "http";
  std::string request;
  std::array<char, 64> first_bytes{};

  deadline.async_wait([&](const boost::system::error_code& ec) {
    if (ec) return;
    error = fmt::format("no HTTP answer within {}", format_duration(timeout));
    resolver.cancel();
    socket.close();
  });
  resolver.async_resolve(host, port, [&](const boost::system::error_code& ec, auto endpoints) {
    if (ec) {
      if (error.empty()) error = "cannot resolve " + host + ": " + ec.message();
      deadline.cancel();
      return;
    }
    asio::async_connect(socket, endpoints, [&](const boost::system::error_code& ec2, auto) {
      if (ec2) {
        deadline.cancel();
        if (error.empty()) error = ec2.message();
        return;
      }
      // Over plain HTTP, ask for the base URL and wait for the first byte of an answer: a server
      // that accepts connections but never answers would otherwise fail every iteration after a
      // 30 s timeout each. An https target is only connected to (no TLS here).
      if (!plain_http) {
        deadline.cancel();
        answered = true;
        return;
      }
      std::string path = url->encoded_path().empty() ? "/" : std::string(url->encoded_path());
      request = fmt::format(
          "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: liveload\r\n"
          "Connection: close\r\n\r\n",
          path, std::string(url->encoded_host_and_port()));
      asio::async_write(
          socket, asio::buffer(request), [&](const boost::system::error_code& ec3, size_t) {
            if (ec3) {
              deadline.cancel();
              if (error.empty())
                error = "the connection broke while sending a request: " + ec3.message();
              return;
            }
            socket.async_read_some(
                asio::buffer(first_bytes), [&](const boost::system::error_code& ec4, size_t n) {
                  deadline.cancel();
                  if (!ec4 && n > 0) {
                    answered = true;
                  } else if (error.empty()) {
                    error = "the server closed the connection without answering an HTTP request";
                  }
                });
          });
    });
  });
  io.run();

  if (answered) return ok();
  return Failure{"target unreachable",
                 fmt::format("target {}: {} (is the application running?)", target_url, error)};
}

}  // namespace liveload::runner
