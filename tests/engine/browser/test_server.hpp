#pragma once
// A tiny HTTP/1.1 server for the browser tests: fixed responses by path, on 127.0.0.1 and a free
// port, running on the test's io_context. One request per connection (Connection: close).
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace liveload::engine::testing {

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::string> headers;  // extra "Name: value" lines
};

struct Request {
  std::string path;
  std::string cookie;  // the Cookie header, "" when none
};

class TestServer {
 public:
  explicit TestServer(boost::asio::io_context& io);
  ~TestServer();

  void route(const std::string& path, Response response) { (*routes_)[path] = std::move(response); }
  unsigned short port() const { return port_; }
  std::string url(const std::string& path) const;
  const std::vector<Request>& requests() const { return *requests_; }

 private:
  void accept();

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::shared_ptr<std::map<std::string, Response>> routes_ =
      std::make_shared<std::map<std::string, Response>>();
  std::shared_ptr<std::vector<Request>> requests_ = std::make_shared<std::vector<Request>>();
};

// A port on 127.0.0.1 that refuses connections: bound once, then closed.
unsigned short refused_port();

}  // namespace liveload::engine::testing
