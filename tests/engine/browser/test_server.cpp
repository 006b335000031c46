#include "test_server.hpp"

#include <fmt/format.h>

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

namespace liveload::engine::testing {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

const char* status_text(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 302:
      return "Found";
    case 404:
      return "Not Found";
    default:
      return "Status";
  }
}

struct Connection : std::enable_shared_from_this<Connection> {
  Connection(tcp::socket s, std::shared_ptr<const std::map<std::string, Response>> routes,
             std::shared_ptr<std::vector<Request>> requests)
      : socket(std::move(s)), routes(std::move(routes)), requests(std::move(requests)) {}

  void start() {
    asio::async_read_until(socket, buffer, "\r\n\r\n",
                           [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                             if (!ec) self->respond();
                           });
  }

  void respond() {
    std::istream in(&buffer);
    std::string method, target, line;
    in >> method >> target;
    std::getline(in, line);
    Request request;
    request.path = target;
    while (std::getline(in, line) && line != "\r") {
      if (line.rfind("Cookie: ", 0) == 0) request.cookie = line.substr(8, line.size() - 9);
    }
    requests->push_back(request);

    const auto path = target.substr(0, target.find('?'));
    auto it = routes->find(path);
    Response r = it != routes->end() ? it->second : Response{404, "not found", "text/plain", {}};
    out = fmt::format(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n"
        "Cache-Control: no-store\r\nConnection: close\r\n",
        r.status, status_text(r.status), r.content_type, r.body.size());
    for (const auto& h : r.headers) out += h + "\r\n";
    out += "\r\n";
    out += r.body;
    asio::async_write(socket, asio::buffer(out),
                      [self = shared_from_this()](boost::system::error_code, std::size_t) {
                        boost::system::error_code ignored;
                        self->socket.shutdown(tcp::socket::shutdown_both, ignored);
                      });
  }

  tcp::socket socket;
  std::shared_ptr<const std::map<std::string, Response>> routes;
  std::shared_ptr<std::vector<Request>> requests;
  asio::streambuf buffer;
  std::string out;
};

}  // namespace

TestServer::TestServer(asio::io_context& io)
    : io_(io), acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
  port_ = acceptor_.local_endpoint().port();
  accept();
}

TestServer::~TestServer() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

std::string TestServer::url(const std::string& path) const {
  return fmt::format("http://127.0.0.1:{}{}", port_, path);
}

void TestServer::accept() {
  acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (ec) return;
    std::make_shared<Connection>(std::move(socket), routes_, requests_)->start();
    accept();
  });
}

unsigned short refused_port() {
  asio::io_context io;
  tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const auto port = a.local_endpoint().port();
  a.close();
  return port;
}

}  // namespace liveload::engine::testing
