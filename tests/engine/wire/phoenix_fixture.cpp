#include "phoenix_fixture.hpp"

#include <boost/json/parse.hpp>
#include <fstream>
#include <stdexcept>

namespace liveload::engine::wire::testing {

namespace {

constexpr std::string_view kSocketId = "1000.7";
// The scripted transcripts record only "ws_open"; the README gives the socket's URL.
constexpr std::string_view kScriptedSocketUrl = "ws://127.0.0.1:4000/live/websocket?vsn=2.0.0";

boost::json::object frame_params(const boost::json::object& line, double seconds, bool sent) {
  const auto opcode = line.contains("opcode") ? line.at("opcode").as_int64() : 1;
  return {{"requestId", kSocketId},
          {"timestamp", seconds},
          {"response",
           {{"opcode", opcode}, {"mask", sent}, {"payloadData", line.at("text").as_string()}}}};
}

struct Push {
  std::string event;
  std::string target;  // the page it moves to: a live navigate's `redirect`, a live patch's `url`
};

Push push_of(std::string_view text) {
  const auto frame = boost::json::parse(text).as_array();
  Push push{std::string(frame.at(3).as_string()), {}};
  const auto& payload = frame.at(4).as_object();
  for (const auto* key : {"redirect", "url"}) {
    if (const auto* url = payload.if_contains(key)) push.target = url->as_string();
  }
  return push;
}

void add_line(Transcript& transcript, const boost::json::object& line, std::string& page_url) {
  const auto dir = line.at("dir").as_string();
  const double seconds = 1000 + line.at("t_ms").to_number<double>() / 1000;
  if (dir == "http_request" && page_url.empty()) page_url = line.at("url").as_string();
  if (dir == "ws_handshake_request" || dir == "ws_open") {
    const auto url = dir == "ws_open" ? boost::json::value(kScriptedSocketUrl) : line.at("url");
    transcript.events.push_back(
        {"Network.webSocketCreated", {{"requestId", kSocketId}, {"url", url}}, page_url});
  } else if (dir == "ws_closed") {
    transcript.events.push_back(
        {"Network.webSocketClosed", {{"requestId", kSocketId}, {"timestamp", seconds}}, page_url});
  } else if (dir == "client->server" || dir == "server->client") {
    const bool sent = dir == "client->server";
    const std::string text(line.at("text").as_string());
    const auto push = sent ? push_of(text) : Push{};
    if (push.event == "phx_join" && !push.target.empty()) page_url = push.target;
    transcript.events.push_back(
        {sent ? "Network.webSocketFrameSent" : "Network.webSocketFrameReceived",
         frame_params(line, seconds, sent), page_url});
    if (push.event == "live_patch") page_url = push.target;
    transcript.frames.push_back({sent, text});
  }
}

}  // namespace

Transcript load_transcript(std::string_view name) {
  const std::string file = std::string(LIVELOAD_FIXTURES_DIR) + "/" + std::string(name) + ".jsonl";
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file + ": cannot open");
  Transcript transcript;
  std::string page_url;
  std::string text;
  for (int number = 1; std::getline(in, text); ++number) {
    try {
      add_line(transcript, boost::json::parse(text).as_object(), page_url);
    } catch (const std::exception& e) {
      throw std::runtime_error(file + ":" + std::to_string(number) + ": " + e.what());
    }
  }
  return transcript;
}

std::vector<std::string> frames_with_event(const Transcript& transcript, bool sent,
                                           std::string_view event) {
  std::vector<std::string> out;
  for (const auto& frame : transcript.frames) {
    if (frame.sent != sent) continue;
    const auto parts = boost::json::parse(frame.text).as_array();
    if (parts.at(3).as_string() == event) out.push_back(frame.text);
  }
  return out;
}

}  // namespace liveload::engine::wire::testing
