#pragma once
// Page and socket paths as tag values. A site with a page per record would otherwise give every
// record its own tag value, so ids are folded into `:id` and the text is kept short; the
// registry's tag limiter then bounds whatever variety is left.
#include <cstddef>
#include <string>
#include <string_view>

namespace liveload::engine::wire {

// The longest tag a path becomes, in bytes; longer paths are cut at a UTF-8 boundary.
inline constexpr std::size_t kMaxPathTagBytes = 200;

// The path of a full URL ("https://host:4000/users/42/edit?tab=1#top") or of a bare path
// ("/users/42/edit"), normalised for tags: scheme, authority, query string and fragment dropped;
// empty segments dropped (so no trailing slash, except the root "/"); segments that are all
// digits, UUIDs (8-4-4-4-12 hex digits), or hex ids of 16 or more hex digits with at least one
// digit (ObjectIds, MD5 and SHA sums) become ":id". Applying it twice changes nothing.
// Ids that mix letters into a slug ("42-my-post") are kept as they are.
std::string normalize_path(std::string_view url_or_path);

// The socket tag of a WebSocket URL: "ws://127.0.0.1:4000/live/websocket?vsn=2.0.0&..." gives
// "/live/websocket". Normalised like a page path, so tokens in the path cannot explode it.
std::string socket_path(std::string_view url);

// True for the URLs of Phoenix's long-poll transport, the fallback LiveView uses when a
// WebSocket cannot be opened: the socket's path with "/longpoll" in place of "/websocket"
// ("http://host/live/longpoll?vsn=2.0.0&...").
bool is_longpoll_url(std::string_view url);

}  // namespace liveload::engine::wire
