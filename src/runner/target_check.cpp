#include "runner/target_check.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

namespace liveload::runner {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Result<Unit> check_target_reachable(const std::string& target_url, Micros timeout) {
  auto url = boost::urls::parse_absolute_uri(target_url);
  if (!url) return Failure{"option", fmt::format("--target: \"{}\" is not a URL", target_url)};
  std::string host = url->host();
  if (url->host_type() == boost::urls::host_type::ipv6) host = url->host_address();
  std::string port = url->has_port() ? std::string(url->port())
                                     : (url->scheme() == "https" ? "443" : "80");

  asio::io_context io;
  tcp::resolver resolver(io);
  tcp::socket socket(io);
  asio::steady_timer deadline(io, timeout);
  std::string error;
  bool connected = false;

  deadline.async_wait([&](const boost::system::error_code& ec) {
    if (ec) return;
    error = fmt::format("no answer within {}", format_duration(timeout));
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
      deadline.cancel();
      if (ec2) {
        if (error.empty()) error = ec2.message();
        return;
      }
      connected = true;
    });
  });
  io.run();

  if (connected) return ok();
  return Failure{"target unreachable",
                 fmt::format("target {}: {} (is the application running?)", target_url, error)};
}

}  // namespace liveload::runner
