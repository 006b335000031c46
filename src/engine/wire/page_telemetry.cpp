#include "engine/wire/page_telemetry.hpp"

#include <array>
#include <boost/json/serialize.hpp>
#include <utility>

#include "engine/wire/json_fields.hpp"
#include "engine/wire/path.hpp"
#include "engine/wire/wire_metrics.hpp"

namespace liveload::engine::wire {

namespace json = boost::json;
using telemetry::Tags;

namespace {

// Messages kept as failure samples are cut here; the registry keeps only the first few anyway.
constexpr std::size_t kMaxMessage = 500;
// Event names and kinds come from the page; the script clips them too, this bounds a page that
// reports on its own through a stolen binding.
constexpr std::size_t kMaxTagValue = 100;

std::string tag_value(const json::object& o, std::string_view key) {
  auto v = string_at(o, key).value_or("");
  return std::string(v.substr(0, kMaxTagValue));
}

std::string path_of(const json::object& report) {
  return normalize_path(string_at(report, "url").value_or("/"));
}

std::string clip(std::string s) {
  if (s.size() > kMaxMessage) {
    s.resize(kMaxMessage);
    s += "...";
  }
  return s;
}

std::string exception_message(const json::object& params) {
  const auto* details = object_at(params, "exceptionDetails");
  if (!details) return "an exception was thrown";
  if (const auto* exception = object_at(*details, "exception")) {
    if (auto d = string_at(*exception, "description")) return std::string(*d);
  }
  return std::string(string_at(*details, "text").value_or("an exception was thrown"));
}

std::string console_message(const json::object& params) {
  std::string text;
  const auto* args = params.if_contains("args");
  if (args == nullptr || !args->is_array()) return text;
  for (const auto& arg : args->get_array()) {
    if (!arg.is_object()) continue;
    const auto& a = arg.get_object();
    if (!text.empty()) text += ' ';
    if (const auto* v = a.if_contains("value"); v != nullptr) {
      text += v->is_string() ? std::string(v->get_string()) : json::serialize(*v);
    } else if (auto d = string_at(a, "description")) {
      text += *d;
    } else {
      text += string_at(a, "type").value_or("?");
    }
    if (text.size() > kMaxMessage) break;
  }
  return text;
}

}  // namespace

PageTelemetry::PageTelemetry(telemetry::Recorder& recorder)
    : recorder_(recorder), ws_(recorder), http_(recorder) {}

void PageTelemetry::on_event(std::string_view method, const json::object& params,
                             std::string_view page_url) {
  if (method == "Runtime.exceptionThrown") {
    error(metric::js_errors, "js error", exception_message(params), page_url);
    return;
  }
  if (method == "Runtime.consoleAPICalled") {
    if (string_at(params, "type") == "error") {
      error(metric::console_errors, "console error", console_message(params), page_url);
    }
    return;
  }
  if (method == "Page.frameNavigated") {
    const auto* frame = object_at(params, "frame");
    // A new document in the main frame: the page view before it has ended.
    if (frame && !frame->contains("parentId")) record_vitals();
  }
  if (ws_.on_event(method, params, page_url)) return;
  http_.on_event(method, params);
}

void PageTelemetry::error(std::string_view metric, std::string_view reason, std::string message,
                          std::string_view page_url) {
  const auto path = normalize_path(page_url);
  recorder_.add(metric, {{"path", path}});
  recorder_.failure("page", path, reason, clip(std::move(message)));
}

bool PageTelemetry::on_report(const json::object& report) {
  const auto type = string_at(report, "type").value_or("");
  const auto us = number_at(report, "us");
  if (type == "lv-event") {
    if (!us) return true;
    recorder_.observe(metric::liveview_event,
                      {{"kind", tag_value(report, "kind")},
                       {"event", tag_value(report, "event")},
                       {"path", path_of(report)}},
                      *us);
  } else if (type == "lv-disconnect") {
    auto path = path_of(report);
    recorder_.add(metric::liveview_disconnects, {{"path", path}});
    if (auto at = number_at(report, "at_ms")) lost_ = Lost{*at, std::move(path)};
  } else if (type == "lv-reconnect") {
    lost_.reset();
    const Tags tags{{"path", path_of(report)}};
    recorder_.add(metric::liveview_reconnects, tags);
    if (us) recorder_.observe(metric::liveview_reconnect, tags, *us);
  } else if (type == "liveview-connected") {
    // Also the engine's listener's: not consumed here.
    if (auto at = number_at(report, "at_ms"); at && lost_ && *at >= lost_->at_ms) {
      const Tags tags{{"path", lost_->path}};
      recorder_.add(metric::liveview_reconnects, tags);
      recorder_.observe(metric::liveview_reconnect, tags, (*at - lost_->at_ms) * 1000);
    }
    lost_.reset();
    return false;
  } else if (type == "lv-page-loading") {
    if (!us) return true;
    recorder_.observe(metric::liveview_page_loading,
                      {{"kind", tag_value(report, "kind")}, {"path", path_of(report)}}, *us);
  } else if (type == "lv-page-loading-canceled") {
    recorder_.add(metric::liveview_page_loading_canceled,
                  {{"kind", tag_value(report, "kind")}, {"path", path_of(report)}});
  } else if (type == "lv-navigation") {
    recorder_.add(metric::liveview_navigations,
                  {{"kind", tag_value(report, "kind")}, {"path", path_of(report)}});
  } else if (type == "vitals") {
    auto path = path_of(report);
    // A report of another page view than the one kept means that one ended unrecorded.
    if (vitals_ && vitals_->path != path) record_vitals();
    vitals_ = Vitals{std::move(path), report};
  } else {
    return false;
  }
  return true;
}

void PageTelemetry::page_closed() {
  record_vitals();
  ws_.document_gone();
}

void PageTelemetry::record_vitals() {
  if (!vitals_) return;
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kVitals = {{
      {"ttfb", metric::web_ttfb},
      {"fcp", metric::web_fcp},
      {"lcp", metric::web_lcp},
      {"cls", metric::web_cls},
      {"inp", metric::web_inp},
  }};
  const Tags tags{{"path", vitals_->path}};
  for (const auto& [key, name] : kVitals) {
    if (auto v = number_at(vitals_->values, key); v && *v >= 0) recorder_.observe(name, tags, *v);
  }
  vitals_.reset();
}

}  // namespace liveload::engine::wire
