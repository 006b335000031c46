#pragma once
// The helper script LiveLoad installs in every document of its pages
// (Page.addScriptToEvaluateOnNewDocument). It defines one non-enumerable global,
// `__liveload`, whose functions the engine calls through Runtime.evaluate with awaitPromise.
// Waits are settled by the page itself: a MutationObserver (and a few layout events) re-check a
// condition only when the document changed, so a waiting user costs nothing while nothing
// happens. Every function resolves to {ok: true, value} or {ok: false, reason, detail} and
// never throws into the page.
//
// It also records, from the start of the document, when each LiveView container first carries
// phx-connected (the join time), and reports a few events through the Runtime binding
// kBindingName, which it then hides from the page. `__liveload.flush()` reports the page view's
// web vitals measured so far.
#include <string>
#include <string_view>

namespace liveload::engine {

inline constexpr std::string_view kHelperGlobal = "__liveload";
inline constexpr std::string_view kBindingName = "__liveloadReport";

// With `telemetry`, the script also measures LiveView events, reconnects, page loadings and web
// vitals (telemetry_script.hpp); without, it only serves the engine's operations.
std::string_view injected_script(bool telemetry = true);

// A one-shot script that writes the given storage when a document of `origin` starts, then
// reports {type: "storage-restored", token} so that the engine removes it again.
// `local_json` and `session_json` are JSON objects of strings.
std::string storage_restore_script(std::string_view origin, std::string_view local_json,
                                   std::string_view session_json, long long token);

}  // namespace liveload::engine
