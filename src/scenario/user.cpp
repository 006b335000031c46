// The life of a virtual user's calls: a coroutine per call, resumed whenever the wait it is
// suspended in completes, until it returns, fails, times out or is abandoned.
#include "scenario/user.hpp"

#include <fmt/format.h>

#include "scenario/module.hpp"

namespace liveload::scenario::detail {

namespace {

// Spreads the run seed and the user id over all 64 bits (splitmix64's finaliser), so that
// neighbouring ids get unrelated sequences.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string raw_string_field(lua_State* L, int index, const char* key) {
  lua_pushstring(L, key);
  lua_rawget(L, index);
  std::string value = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
  lua_pop(L, 1);
  return value;
}

}  // namespace

void push_failure(lua_State* L, std::string_view reason, std::string_view message) {
  lua_createtable(L, 0, 2);
  lua_pushlstring(L, reason.data(), reason.size());
  lua_setfield(L, -2, "reason");
  lua_pushlstring(L, message.data(), message.size());
  lua_setfield(L, -2, "message");
  luaL_getmetatable(L, kFailureMeta);
  lua_setmetatable(L, -2);
}

bool is_failure(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TTABLE || !lua_getmetatable(L, index)) return false;
  luaL_getmetatable(L, kFailureMeta);
  bool same = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return same;
}

UserImpl::UserImpl(std::shared_ptr<Shared> shared, int id)
    : shared_(std::move(shared)),
      token_(std::make_shared<Token>(Token{this})),
      id_(id),
      rng_(mix(shared_->env.seed ^ mix(static_cast<std::uint64_t>(id)))),
      call_timer_(shared_->env.io),
      wait_timer_(shared_->env.io) {
  lua_State* L = main();

  lua_createtable(L, 0, 3);
  lua_pushinteger(L, id);
  lua_setfield(L, -2, "id");
  lua_pushinteger(L, 0);
  lua_setfield(L, -2, "iteration");
  lua_rawgeti(L, LUA_REGISTRYINDEX, shared_->config_ref);
  lua_setfield(L, -2, "config");
  lua_pushvalue(L, -1);
  user_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);

  // ctx is a userdata, so that scripts cannot replace its methods, pointing back at this user;
  // its user value is the user table that ctx.user returns.
  auto** slot = static_cast<UserImpl**>(lua_newuserdatauv(L, sizeof(UserImpl*), 1));
  *slot = this;
  luaL_setmetatable(L, kCtxMeta);
  lua_insert(L, -2);
  lua_setiuservalue(L, -2, 1);
  ctx_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);

  lua_newtable(L);
  state_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);
}

UserImpl::~UserImpl() {
  token_->user = nullptr;
  drop_call();
  lua_State* L = main();
  // A ctx kept somewhere (a global) outlives the user; it must not lead to freed memory.
  lua_rawgeti(L, LUA_REGISTRYINDEX, ctx_ref_);
  *static_cast<UserImpl**>(lua_touserdata(L, -1)) = nullptr;
  lua_pop(L, 1);
  luaL_unref(L, LUA_REGISTRYINDEX, ctx_ref_);
  luaL_unref(L, LUA_REGISTRYINDEX, user_ref_);
  luaL_unref(L, LUA_REGISTRYINDEX, state_ref_);
}

Millis UserImpl::default_timeout() const {
  return std::chrono::ceil<Millis>(shared_->env.op_timeout);
}

void UserImpl::user_setup(Done<Unit> done) {
  start_call("user_setup", iteration_, std::nullopt, std::move(done));
}

void UserImpl::user_teardown(Done<Unit> done) {
  start_call("user_teardown", iteration_, std::nullopt, std::move(done));
}

void UserImpl::run_iteration(long long iteration, Micros timeout, Done<Unit> done) {
  start_call("run", iteration, timeout, std::move(done));
}

void UserImpl::start_call(const char* function, long long iteration, std::optional<Micros> timeout,
                          Done<Unit> done) {
  if (phase_ != Phase::idle) {
    std::string detail =
        fmt::format("{} of user {} began while {} was still running", function, id_, function_);
    boost::asio::post(io(), [done = std::move(done), detail] { done(Failure{"busy", detail}); });
    return;
  }
  phase_ = Phase::running;
  done_ = std::move(done);
  function_ = function;
  iteration_ = iteration;
  ++call_id_;
  steps_.clear();
  watch_ = Watchdog{};

  lua_State* L = main();
  lua_rawgeti(L, LUA_REGISTRYINDEX, shared_->module_ref);
  bool defined = push_module_function(L, lua_gettop(L), function);
  lua_remove(L, defined ? -2 : -1);
  if (!defined) {
    finish(ok());
    return;
  }

  if (timeout) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, user_ref_);
    lua_pushliteral(L, "iteration");
    lua_pushinteger(L, static_cast<lua_Integer>(iteration));
    lua_rawset(L, -3);
    lua_pop(L, 1);
  }

  co_ = lua_newthread(L);
  lua_insert(L, -2);
  lua_xmove(L, co_, 1);
  co_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_rawgeti(co_, LUA_REGISTRYINDEX, ctx_ref_);
  lua_rawgeti(co_, LUA_REGISTRYINDEX, user_ref_);

  has_deadline_ = timeout.has_value();
  if (timeout) {
    timeout_ = *timeout;
    watch_.deadline = Clock::now() + *timeout;
    call_timer_.expires_after(*timeout);
    call_timer_.async_wait([token = std::weak_ptr<Token>(token_),
                            call = call_id_](const boost::system::error_code& ec) {
      auto t = token.lock();
      if (ec || !t || !t->user) return;
      UserImpl& user = *t->user;
      if (user.call_id_ == call && user.phase_ == Phase::running) user.timed_out();
    });
  }
  resume(2);
}

void UserImpl::resume(int nargs) {
  op_pending_ = false;
  // Without an iteration deadline the watchdog only bounds the Lua run between two waits.
  if (!has_deadline_) watch_.deadline = Clock::now() + kBusyBudget;
  shared_->lua.watch(&watch_);
  resuming_ = true;
  int nresults = 0;
  int status = lua_resume(co_, nullptr, nargs, &nresults);
  resuming_ = false;
  shared_->lua.watch(nullptr);
  settle(status, nresults);
}

void UserImpl::settle(int status, int nresults) {
  if (watch_.fired) {
    timed_out();
    return;
  }
  if (status == LUA_YIELD && op_pending_) return;  // suspended in a wait
  if (status == LUA_YIELD) {
    lua_pop(co_, nresults);
    std::string message = fmt::format(
        "{}: {}() yielded outside a ctx call; coroutine.yield() there would wait for nothing",
        shared_->lua.path(), function_);
    record_failure(function_, "", "script error", message);
    finish(Failure{"script error", message});
    return;
  }
  if (status == LUA_OK) {
    lua_pop(co_, nresults);
    finish(ok());
    return;
  }
  script_error();
}

void UserImpl::script_error() {
  lua_State* L = main();
  lua_xmove(co_, L, 1);
  int top = lua_gettop(L);
  if (is_failure(L, top)) {
    // Raised by a ctx call or by step(): recorded already.
    Failure failure{raw_string_field(L, top, "reason"), raw_string_field(L, top, "message")};
    lua_pop(L, 1);
    finish(std::move(failure));
    return;
  }
  std::string message = describe_error(L, top, shared_->lua.path());
  lua_pop(L, 1);
  record_failure(function_, "", "script error", message);
  finish(Failure{"script error", message});
}

void UserImpl::timed_out() {
  std::string message;
  std::string step;
  if (has_deadline_) {
    step = "iteration";
    message = fmt::format("iteration {} of user {} did not finish within {}", iteration_, id_,
                          format_duration(timeout_));
  } else {
    step = function_;
    message = fmt::format("{} of user {} ran Lua for {} without waiting (an endless loop?)",
                          function_, id_, format_duration(kBusyBudget));
  }
  try {
    recorder().failure(step, "", "timeout", message);
  } catch (const std::exception&) {
    // The outcome still reaches the runner below.
  }
  finish(Failure{"timeout", message});
}

void UserImpl::drop_call() {
  ++call_id_;
  ++wait_id_;
  op_pending_ = false;
  call_timer_.cancel();
  wait_timer_.cancel();
  steps_.clear();
  if (co_ref_ != LUA_NOREF) {
    // The coroutine may still be suspended in a wait; once unreferenced the collector frees it.
    // Its to-be-closed variables are not closed.
    luaL_unref(main(), LUA_REGISTRYINDEX, co_ref_);
    co_ref_ = LUA_NOREF;
  }
  co_ = nullptr;
}

void UserImpl::finish(Result<Unit> result) {
  drop_call();
  phase_ = Phase::finishing;
  result_ = std::move(result);
  // Posted: the runner's next call must not begin inside this one, and a scenario that never
  // waits must not grow the stack iteration after iteration.
  boost::asio::post(io(), [token = std::weak_ptr<Token>(token_), call = call_id_] {
    auto t = token.lock();
    if (!t || !t->user) return;
    UserImpl& user = *t->user;
    if (user.call_id_ != call || user.phase_ != Phase::finishing) return;
    user.phase_ = Phase::idle;
    Done<Unit> done = std::move(user.done_);
    Result<Unit> outcome = std::move(*user.result_);
    user.result_.reset();
    done(std::move(outcome));  // may destroy the user
  });
}

void UserImpl::abandon() {
  if (phase_ == Phase::idle) return;
  // A call that finished but whose done has not run yet completes with its own outcome.
  Result<Unit> outcome =
      phase_ == Phase::finishing && result_
          ? std::move(*result_)
          : Result<Unit>(
                Failure{"stopped", fmt::format("{} of user {} was stopped", function_, id_)});
  drop_call();
  phase_ = Phase::idle;
  result_.reset();
  Done<Unit> done = std::move(done_);
  done(std::move(outcome));
}

void UserImpl::begin_wait(lua_State* L, const OpSpec& spec) {
  ++wait_id_;
  op_pending_ = true;
  op_.action = spec.action;
  op_.target.assign(spec.target);
  op_.timeout = spec.timeout;
  op_.map = spec.map;
  push_where(L);
  op_.where = lua_tostring(L, -1);
  lua_pop(L, 1);
  op_.started = Clock::now();
}

void UserImpl::abort_wait(const char* action, const char* what) noexcept {
  ++wait_id_;
  op_pending_ = false;
  try {
    start_error_ = std::string("ctx:") + action + ": " + what;
  } catch (const std::exception&) {
    start_error_.clear();
  }
}

void UserImpl::finish_action() {
  auto took = std::chrono::duration_cast<Micros>(Clock::now() - op_.started);
  recorder().observe("action.duration", {{"action", op_.action}, {"target", op_.target}},
                     static_cast<double>(took.count()));
}

void UserImpl::fail_wait(Failure failure) {
  if (op_.map) op_.map(failure, op_.target, op_.timeout);
  std::string message = op_.where + failure.detail;
  record_failure(op_.action, op_.target, failure.reason, message);
  lua_checkstack(co_, 4);
  lua_pushboolean(co_, 0);
  push_failure(co_, failure.reason, message);
  resume(2);
}

bool UserImpl::begin_step(const char* name) noexcept {
  try {
    steps_.push_back(Step{name, Clock::now()});
    return true;
  } catch (const std::exception& e) {
    start_error_ = e.what();
    return false;
  }
}

void UserImpl::end_step(bool succeeded) noexcept {
  if (steps_.empty()) return;
  try {
    if (succeeded) {
      auto took = std::chrono::duration_cast<Micros>(Clock::now() - steps_.back().started);
      recorder().observe("step.duration", {{"step", steps_.back().name}},
                         static_cast<double>(took.count()));
    }
  } catch (const std::exception&) {
    // A sample lost; the step still closes.
  }
  steps_.pop_back();
}

void UserImpl::record_failure(std::string_view action, std::string_view target,
                              std::string_view reason, std::string_view message) noexcept {
  try {
    std::string_view step = steps_.empty() ? action : std::string_view(steps_.back().name);
    recorder().failure(step, target, reason, message);
  } catch (const std::exception&) {
    // The failure still ends the call; only its count is lost.
  }
}

}  // namespace liveload::scenario::detail
