// Cookies and web storage of one user's browser context.
//
// The snapshot is one JSON object:
//   {"cookies": [{"name", "value", "domain", "path", "expires", "httpOnly", "secure",
//                 "sameSite"?, "priority"?, "sourceScheme"?, "sourcePort"?, ...}],
//    "origins": [{"origin": "http://127.0.0.1:4000",
//                 "localStorage": {"key": "value"}, "sessionStorage": {"key": "value"}}]}
// Cookies are those of the whole context (Storage.getCookies); storage is that of the current
// document's origin only, since a page reads no other origin's storage. `expires` is -1 for a
// session cookie.
//
// Restoring replaces: the context's cookies become the snapshot's, and each origin's storage
// becomes the snapshot's. The current origin is written at once; any other origin is written by
// a one-shot script when a document of that origin next starts, before its own scripts run.
#include <boost/json/serialize.hpp>
#include <memory>
#include <utility>

#include "engine/browser/injected_script.hpp"
#include "engine/browser/page_session.hpp"

namespace liveload::engine {

namespace json = boost::json;

namespace {

// Storage.setCookies takes CookieParam, a subset of what getCookies returns.
constexpr std::string_view kCookieParams[] = {
    "name",     "value",    "url",      "domain",       "path",       "secure",
    "httpOnly", "sameSite", "priority", "sourceScheme", "sourcePort", "partitionKey"};

Result<json::array> cookie_params(const json::value& cookies) {
  json::array out;
  if (cookies.is_null()) return out;
  if (!cookies.is_array()) return Failure{"invalid value", "\"cookies\" must be an array"};
  std::size_t index = 0;
  for (const auto& c : cookies.get_array()) {
    const auto* o = c.if_object();
    if (o == nullptr || !o->contains("name") || !o->at("name").is_string() ||
        !o->contains("value") || !o->at("value").is_string()) {
      return Failure{"invalid value",
                     "cookies[" + std::to_string(index) + "] needs string \"name\" and \"value\""};
    }
    if (!o->contains("domain") && !o->contains("url")) {
      return Failure{"invalid value",
                     "cookies[" + std::to_string(index) + "] needs \"domain\" or \"url\""};
    }
    json::object param;
    for (auto key : kCookieParams) {
      if (const auto* v = o->if_contains(key)) param[key] = *v;
    }
    if (const auto* e = o->if_contains("expires");
        e != nullptr && e->is_number() && e->to_number<double>() > 0) {
      param["expires"] = *e;
    }
    out.push_back(std::move(param));
    ++index;
  }
  return out;
}

Result<json::array> origin_entries(const json::value& origins) {
  json::array out;
  if (origins.is_null()) return out;
  if (!origins.is_array()) return Failure{"invalid value", "\"origins\" must be an array"};
  std::size_t index = 0;
  for (const auto& entry : origins.get_array()) {
    const std::string where = "origins[" + std::to_string(index++) + "]";
    const auto* o = entry.if_object();
    if (o == nullptr || !o->contains("origin") || !o->at("origin").is_string()) {
      return Failure{"invalid value", where + " needs a string \"origin\""};
    }
    json::object clean{{"origin", o->at("origin")}};
    for (const char* store : {"localStorage", "sessionStorage"}) {
      const auto* values = o->if_contains(store);
      if (values == nullptr || values->is_null()) {
        clean[store] = json::object();
        continue;
      }
      if (!values->is_object()) {
        return Failure{"invalid value", where + "." + store + " must be an object"};
      }
      for (const auto& [k, v] : values->get_object()) {
        if (!v.is_string()) {
          return Failure{"invalid value",
                         where + "." + store + "." + std::string(k) + " must be a string"};
        }
      }
      clean[store] = *values;
    }
    out.push_back(std::move(clean));
  }
  return out;
}

// Counts the answers of commands sent together and reports the first failure.
struct Join {
  std::size_t left = 0;
  std::optional<Failure> failure;
  std::function<void(Result<Unit>)> done;

  void arrive(const std::optional<Failure>& f) {
    if (f && !failure) failure = f;
    if (--left > 0) return;
    if (failure) {
      done(*failure);
    } else {
      done(ok());
    }
  }
};

}  // namespace

void PageSession::storage_snapshot(Millis timeout, Done<json::value> done) {
  auto op = make_op("storage_snapshot", timeout);
  struct State {
    json::array cookies;
    json::array origins;
  };
  auto state = std::make_shared<State>();
  auto join = std::make_shared<Join>();
  join->left = 2;
  join->done = [self = shared_from_this(), state, done](Result<Unit> r) mutable {
    if (!r) return self->finish<json::value>(std::move(done), r.failure());
    json::object snapshot{{"cookies", std::move(state->cookies)},
                          {"origins", std::move(state->origins)}};
    self->finish<json::value>(std::move(done), json::value(std::move(snapshot)));
  };

  call_browser("Storage.getCookies", {{"browserContextId", ids_.browser_context}}, op,
               [self = shared_from_this(), op, state, join](cdp::CommandResult r) {
                 if (!r) return join->arrive(self->describe(op, r.failure()));
                 if (const auto* cookies = r.value().if_contains("cookies");
                     cookies != nullptr && cookies->is_array()) {
                   for (const auto& c : cookies->get_array()) {
                     if (!c.is_object()) continue;
                     json::object cookie = c.get_object();
                     cookie.erase("size");
                     cookie.erase("session");
                     state->cookies.push_back(std::move(cookie));
                   }
                 }
                 join->arrive(std::nullopt);
               });
  helper(op, "storage", json::array{}, true, [state, join](Result<json::value> r) {
    if (!r) return join->arrive(r.failure());
    if (const auto* o = r.value().if_object();
        o != nullptr && o->contains("origin") && o->at("origin").is_string()) {
      state->origins.push_back(*o);
    }
    join->arrive(std::nullopt);
  });
}

void PageSession::restore_storage(const json::value& snapshot, Millis timeout, Done<Unit> done) {
  auto op = make_op("restore_storage", timeout);
  const auto* o = snapshot.if_object();
  if (o == nullptr) {
    return finish<Unit>(std::move(done),
                        Failure{"invalid value", op.label + ": the snapshot is not an object"});
  }
  auto cookies = cookie_params(o->contains("cookies") ? o->at("cookies") : json::value());
  auto origins = origin_entries(o->contains("origins") ? o->at("origins") : json::value());
  for (const auto* r : {&cookies, &origins}) {
    if (!*r) return finish<Unit>(std::move(done), describe(op, r->failure()));
  }

  // Scripts of an earlier restore must not overwrite this one later.
  for (const auto& [token, identifier] : restore_scripts_) {
    call("Page.removeScriptToEvaluateOnNewDocument", {{"identifier", identifier}}, op,
         [](cdp::CommandResult) {});
  }
  restore_scripts_.clear();

  auto join = std::make_shared<Join>();
  join->left = 3;
  join->done = [self = shared_from_this(), done](Result<Unit> r) mutable {
    self->finish<Unit>(std::move(done), std::move(r));
  };
  auto arrive = [self = shared_from_this(), op, join](cdp::CommandResult r) {
    join->arrive(r ? std::nullopt : std::optional<Failure>(self->describe(op, r.failure())));
  };

  // A session handles its commands in order: the clear lands before the set.
  call_browser("Storage.clearCookies", {{"browserContextId", ids_.browser_context}}, op, arrive);
  if (cookies.value().empty()) {
    join->arrive(std::nullopt);
  } else {
    call_browser(
        "Storage.setCookies",
        {{"browserContextId", ids_.browser_context}, {"cookies", std::move(cookies.value())}}, op,
        arrive);
  }

  auto entries = std::make_shared<json::array>(std::move(origins.value()));
  helper(op, "restoreStorage", json::array{*entries}, true,
         [self = shared_from_this(), op, join, entries](Result<json::value> r) {
           if (!r) return join->arrive(r.failure());
           const auto* elsewhere = r.value().if_array();
           std::vector<const json::object*> later;
           for (const auto& e : *entries) {
             const auto& entry = e.get_object();
             if (elsewhere == nullptr) break;
             for (const auto& origin : *elsewhere) {
               if (origin == entry.at("origin")) later.push_back(&entry);
             }
           }
           if (later.empty()) return join->arrive(std::nullopt);
           auto scripts = std::make_shared<Join>();
           scripts->left = later.size();
           scripts->done = [join](Result<Unit> all) {
             join->arrive(all ? std::nullopt : std::optional<Failure>(all.failure()));
           };
           for (const auto* entry : later) {
             const long long token = self->next_restore_token_++;
             const auto source = storage_restore_script(
                 entry->at("origin").get_string(), json::serialize(entry->at("localStorage")),
                 json::serialize(entry->at("sessionStorage")), token);
             self->call("Page.addScriptToEvaluateOnNewDocument", {{"source", source}}, op,
                        [self, op, scripts, token](cdp::CommandResult added) {
                          if (!added) return scripts->arrive(self->describe(op, added.failure()));
                          const auto* id = added.value().if_contains("identifier");
                          if (id != nullptr && id->is_string()) {
                            self->restore_scripts_[token] = std::string(id->get_string());
                          }
                          scripts->arrive(std::nullopt);
                        });
           }
         });
}

void PageSession::clear_storage(Millis timeout, Done<Unit> done) {
  auto op = make_op("clear_storage", timeout);
  for (const auto& [token, identifier] : restore_scripts_) {
    call("Page.removeScriptToEvaluateOnNewDocument", {{"identifier", identifier}}, op,
         [](cdp::CommandResult) {});
  }
  restore_scripts_.clear();

  auto join = std::make_shared<Join>();
  join->left = 2;
  join->done = [self = shared_from_this(), done](Result<Unit> r) mutable {
    self->finish<Unit>(std::move(done), std::move(r));
  };
  call_browser(
      "Storage.clearCookies", {{"browserContextId", ids_.browser_context}}, op,
      [self = shared_from_this(), op, join](cdp::CommandResult r) {
        join->arrive(r ? std::nullopt : std::optional<Failure>(self->describe(op, r.failure())));
      });
  helper(op, "clearStorage", json::array{}, true, [join](Result<json::value> r) {
    join->arrive(r ? std::nullopt : std::optional<Failure>(r.failure()));
  });
}

}  // namespace liveload::engine
