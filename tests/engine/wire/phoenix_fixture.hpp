#pragma once
// The recorded Phoenix LiveView transcripts of ../shared/fixtures/phoenix/ turned into the CDP
// events Chromium would have sent for them, so the observers are tested on real server traffic.
#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace liveload::engine::wire::testing {

struct CdpEvent {
  std::string method;
  boost::json::object params;
  // The page URL the browser engine would pass along: the transcript's first GET, then the
  // target of each live navigation (set from its join push on) and of each live patch (set
  // after its push, which belongs to the page it was issued from).
  std::string page_url;
};

struct RecordedFrame {
  bool sent = false;  // client->server
  std::string text;   // the exact payload
};

struct Transcript {
  std::vector<CdpEvent> events;
  std::vector<RecordedFrame> frames;
};

// Reads `<fixtures>/<name>.jsonl`; throws std::runtime_error naming the file and line when it
// cannot be read or a line is not what the fixtures README describes.
Transcript load_transcript(std::string_view name);

// Frames of the transcript with this direction and Phoenix event, in order.
std::vector<std::string> frames_with_event(const Transcript& transcript, bool sent,
                                           std::string_view event);

}  // namespace liveload::engine::wire::testing
