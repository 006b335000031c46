// The waits that do more than one page call: navigations (URL resolution, navigation and join
// metrics), expect_text (which reads the text it saw for its message), sleep and think.
#include <fmt/format.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "engine/wire/path.hpp"
#include "scenario/user.hpp"

namespace liveload::scenario::detail {

namespace {

// After expect_text timed out, the element's text is read only for the message; the element
// may be gone, and waiting the full timeout again for it would double the failure's cost.
constexpr Millis kMessageRead{1000};

Result<std::string> resolve(const std::string& base, std::string_view ref) {
  auto reference = boost::urls::parse_uri_reference(ref);
  if (!reference) return Failure{"bad url", fmt::format("\"{}\" is not a URL", ref)};
  if (reference->has_scheme()) return std::string(ref);
  if (base.empty()) {
    return Failure{"bad url", fmt::format("the relative URL \"{}\" needs a target: give --target "
                                          "or defaults.target",
                                          ref)};
  }
  auto base_url = boost::urls::parse_uri(base);
  if (!base_url) return Failure{"bad url", fmt::format("the target \"{}\" is not a URL", base)};
  boost::urls::url resolved;
  if (auto r = boost::urls::resolve(*base_url, *reference, resolved); !r) {
    return Failure{"bad url", fmt::format("\"{}\" does not resolve against \"{}\"", ref, base)};
  }
  return std::string(resolved.buffer());
}

// The path of a URL for tags, normalised as the browser's own telemetry does ("/users/:id",
// no query), so that the same page carries the same tag value in every metric.
std::string path_of(std::string_view url) {
  return engine::wire::normalize_path(url);
}

std::string quote(std::string_view text) {
  constexpr size_t kShown = 200;
  std::string out = "\"";
  for (char c : text.substr(0, kShown)) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  out += text.size() > kShown ? "...\"" : "\"";
  return out;
}

int push_navigation(lua_State* co, const engine::NavigateResult& result) {
  lua_createtable(co, 0, 2);
  lua_pushinteger(co, result.status);
  lua_setfield(co, -2, "status");
  lua_pushlstring(co, result.url.data(), result.url.size());
  lua_setfield(co, -2, "url");
  return 1;
}

}  // namespace

bool UserImpl::start_navigate(lua_State* L, std::string_view url, Millis timeout) noexcept {
  try {
    auto absolute = resolve(shared_->env.target, url);
    if (!absolute) {
      start_error_ = "ctx:navigate: " + absolute.failure().detail;
      return false;
    }
    std::string path = path_of(absolute.value());
    return launch<engine::NavigateResult>(
        L, OpSpec{"navigate", path, timeout},
        [path](UserImpl& u, Result<engine::NavigateResult> r) {
          if (!r) {
            u.fail_wait(r.failure());
            return;
          }
          u.recorder().observe("navigation.duration", {{"path", path}}, r.value().duration_us);
          u.current_path_ = r.value().url.empty() ? path : path_of(r.value().url);
          u.finish_action();
          u.succeed([&](lua_State* co) { return push_navigation(co, r.value()); });
        },
        [&](engine::Page& page, Done<engine::NavigateResult> done) {
          page.navigate(absolute.value(), timeout, std::move(done));
        });
  } catch (const std::exception& e) {
    abort_wait("navigate", e.what());
    return false;
  }
}

bool UserImpl::start_reload(lua_State* L, Millis timeout) noexcept {
  try {
    std::string path = current_path_;
    return launch<engine::NavigateResult>(
        L, OpSpec{"reload", path, timeout},
        [path](UserImpl& u, Result<engine::NavigateResult> r) {
          if (!r) {
            u.fail_wait(r.failure());
            return;
          }
          u.recorder().observe("navigation.duration", {{"path", path}}, r.value().duration_us);
          if (!r.value().url.empty()) u.current_path_ = path_of(r.value().url);
          u.finish_action();
          u.succeed([&](lua_State* co) { return push_navigation(co, r.value()); });
        },
        [timeout](engine::Page& page, Done<engine::NavigateResult> done) {
          page.reload(timeout, std::move(done));
        });
  } catch (const std::exception& e) {
    abort_wait("reload", e.what());
    return false;
  }
}

bool UserImpl::start_wait_for_liveview(lua_State* L, Millis timeout) noexcept {
  // The path is the last navigation's; a live navigation (patch, push_navigate) since then is
  // not seen here, so its join is filed under the page it started from.
  return launch<double>(
      L, OpSpec{"wait_for_liveview", current_path_, timeout},
      [](UserImpl& u, Result<double> r) {
        if (!r) {
          u.fail_wait(r.failure());
          return;
        }
        u.recorder().observe("liveview.join", {{"path", u.current_path_}}, r.value());
        u.finish_action();
        u.succeed([&](lua_State* co) {
          lua_pushnumber(co, r.value() / 1e6);
          return 1;
        });
      },
      [timeout](engine::Page& page, Done<double> done) {
        page.wait_for_liveview(timeout, std::move(done));
      });
}

bool UserImpl::start_expect_text(lua_State* L, std::string_view selector, std::string_view text,
                                 Millis timeout) noexcept {
  try {
    std::string sel(selector);
    std::string want(text);
    return launch<Unit>(
        L, OpSpec{"expect_text", selector, timeout},
        [sel, want, timeout](UserImpl& u, Result<Unit> r) {
          if (r) {
            u.finish_action();
            u.succeed([](lua_State*) { return 0; });
          } else if (r.failure().reason == "timeout" && u.page_) {
            u.read_for_message(sel, want, timeout);
          } else {
            u.fail_wait(r.failure());
          }
        },
        [&](engine::Page& page, Done<Unit> done) {
          page.wait_for_text(sel, want, timeout, std::move(done));
        });
  } catch (const std::exception& e) {
    abort_wait("expect_text", e.what());
    return false;
  }
}

void UserImpl::read_for_message(const std::string& selector, const std::string& text,
                                Millis timeout) {
  auto report = [selector, text, timeout](UserImpl& u, Result<std::string> current) {
    std::string got =
        current ? quote(current.value()) : "no text (" + current.failure().detail + ")";
    u.fail_wait(
        Failure{"assertion", fmt::format("expect_text {}: expected {}, got {} after {}", selector,
                                         quote(text), got, format_duration(timeout))});
  };
  Done<std::string> done = Guarded<std::string, decltype(report)>{token_, wait_id_, report};
  try {
    page_->text(selector, std::min(timeout, kMessageRead), std::move(done));
  } catch (const std::exception& e) {
    fail_wait(Failure{"assertion", fmt::format("expect_text {}: expected {} ({})", selector,
                                               quote(text), e.what())});
  }
}

bool UserImpl::start_sleep(lua_State* L, Micros duration) noexcept {
  try {
    begin_wait(L, OpSpec{"sleep", "", Millis(0)});
    wait_timer_.expires_after(duration);
    wait_timer_.async_wait([token = std::weak_ptr<Token>(token_),
                            wait = wait_id_](const boost::system::error_code& ec) {
      auto t = token.lock();
      if (ec || !t || !t->user || !t->user->waiting(wait)) return;
      t->user->succeed([](lua_State*) { return 0; });
    });
    return true;
  } catch (const std::exception& e) {
    abort_wait("sleep", e.what());
    return false;
  }
}

bool UserImpl::start_think(lua_State* L, Micros min, Micros max) noexcept {
  try {
    std::uniform_int_distribution<long long> pick(min.count(), max.count());
    Micros chosen(pick(rng_));
    begin_wait(L, OpSpec{"think", "", Millis(0)});
    wait_timer_.expires_after(chosen);
    wait_timer_.async_wait([token = std::weak_ptr<Token>(token_), wait = wait_id_,
                            seconds = chosen.count() / 1e6](const boost::system::error_code& ec) {
      auto t = token.lock();
      if (ec || !t || !t->user || !t->user->waiting(wait)) return;
      t->user->succeed([seconds](lua_State* co) {
        lua_pushnumber(co, seconds);
        return 1;
      });
    });
    return true;
  } catch (const std::exception& e) {
    abort_wait("think", e.what());
    return false;
  }
}

}  // namespace liveload::scenario::detail
