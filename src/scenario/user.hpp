#pragma once
// One virtual user: the coroutine of its current call, the wait that coroutine is suspended in,
// its open steps and what it records. The ctx functions (ctx_page.cpp, ctx_flow.cpp) start
// waits through it; the completion of a wait resumes the coroutine from the event loop.
//
// A late completion (after a timeout, abandon() or the user's destruction) must not reach the
// coroutine: every callback holds a weak Token and the number of the wait it belongs to, and
// does nothing unless that wait is still the one pending.
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <lua.hpp>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/lua_state.hpp"
#include "scenario/scenario.hpp"

namespace liveload::scenario::detail {

using engine::Millis;

// What all users of one worker share. Users keep it alive, so they may outlive the WorkerState;
// they own timers on env.io, so they must not outlive the io_context.
struct Shared {
  Shared(const ScenarioInfo& info, UserEnv env) : env(env), lua(info.path) {}
  UserEnv env;
  LuaState lua;
  int module_ref = LUA_NOREF;
  int config_ref = LUA_NOREF;
};

class UserImpl;

struct Token {
  UserImpl* user;
};

// Pushes a successful result onto the coroutine; returns how many values it pushed. Never
// raises.
template <class T>
using Push = int (*)(lua_State* co, UserImpl& user, T& value);
// Rewrites an engine failure into the one recorded (expect_visible: a timeout is an assertion).
using FailureMap = void (*)(Failure& failure, std::string_view target, Millis timeout);

struct OpSpec {
  const char* action;       // the ctx method: "click"
  std::string_view target;  // its selector, URL path or ""
  Millis timeout;
  FailureMap map = nullptr;
  int option = 0;  // a checked choice (element state, loading kind, checked or not)
};

// Reads the call's arguments from the ctx function's stack and starts it on the page.
template <class T>
using PageCall = void (*)(lua_State* L, engine::Page& page, const OpSpec& spec, Done<T> done);

// Pushes the error object of a failure that has been recorded already. Never raises.
void push_failure(lua_State* L, std::string_view reason, std::string_view message);
bool is_failure(lua_State* L, int index);

class UserImpl final : public VirtualUser {
 public:
  UserImpl(std::shared_ptr<Shared> shared, int id);
  ~UserImpl() override;
  UserImpl(const UserImpl&) = delete;
  UserImpl& operator=(const UserImpl&) = delete;

  void set_page(engine::Page* page) override { page_ = page; }
  void user_setup(Done<Unit> done) override;
  void user_teardown(Done<Unit> done) override;
  void run_iteration(long long iteration, Micros timeout, Done<Unit> done) override;
  void abandon() override;

  // --- For the ctx functions. The start_* calls and launch() never raise: they return false
  // with start_error() set when the wait cannot begin, and the caller raises that.
  lua_State* thread() const { return co_; }
  Millis default_timeout() const;
  const std::string& current_path() const { return current_path_; }
  const std::string& start_error() const { return start_error_; }
  int state_ref() const { return state_ref_; }

  template <class T>
  bool start(lua_State* L, const OpSpec& spec, PageCall<T> call, Push<T> push) noexcept;
  bool start_navigate(lua_State* L, std::string_view url, Millis timeout) noexcept;
  bool start_reload(lua_State* L, Millis timeout) noexcept;
  bool start_wait_for_liveview(lua_State* L, Millis timeout) noexcept;
  bool start_expect_text(lua_State* L, std::string_view selector, std::string_view text,
                         Millis timeout) noexcept;
  bool start_sleep(lua_State* L, Micros duration) noexcept;
  // Waits a uniformly random time in [min, max] and returns it in seconds.
  bool start_think(lua_State* L, Micros min, Micros max) noexcept;

  bool begin_step(const char* name) noexcept;
  void end_step(bool succeeded) noexcept;
  // Records a failure under the innermost open step, or under `action` outside any step.
  void record_failure(std::string_view action, std::string_view target, std::string_view reason,
                      std::string_view message) noexcept;
  const char* function() const { return function_; }

  // --- For the callbacks of waits.
  bool waiting(std::uint64_t wait) const { return op_pending_ && wait_id_ == wait; }
  bool resuming() const { return resuming_; }
  boost::asio::io_context& io() const { return shared_->env.io; }

 private:
  enum class Phase { idle, running, finishing };
  struct Step {
    std::string name;
    Clock::time_point started;
  };
  struct Op {
    const char* action = "";
    std::string target;
    std::string where;  // "file.lua:12: " of the ctx call
    Millis timeout{0};
    FailureMap map = nullptr;
    Clock::time_point started;
  };

  template <class T, class Handler>
  struct Guarded;

  template <class T, class Handler, class Call>
  bool launch(lua_State* L, const OpSpec& spec, Handler handler, Call call) noexcept;
  template <class T>
  void complete(Result<T> result, Push<T> push);
  template <class F>
  void succeed(F&& push_values);
  void fail_wait(Failure failure);
  void read_for_message(const std::string& selector, const std::string& text, Millis timeout);

  void begin_wait(lua_State* L, const OpSpec& spec);
  void abort_wait(const char* action, const char* what) noexcept;
  void finish_action();
  void start_call(const char* function, long long iteration, std::optional<Micros> timeout,
                  Done<Unit> done);
  void resume(int nargs);
  void settle(int status, int nresults);
  void script_error();
  void timed_out();
  void finish(Result<Unit> result);
  void drop_call();
  lua_State* main() const { return shared_->lua.get(); }
  telemetry::Recorder& recorder() const { return shared_->env.recorder; }

  std::shared_ptr<Shared> shared_;
  std::shared_ptr<Token> token_;
  int id_;
  engine::Page* page_ = nullptr;
  std::mt19937_64 rng_;

  int ctx_ref_ = LUA_NOREF;
  int user_ref_ = LUA_NOREF;
  int state_ref_ = LUA_NOREF;

  Phase phase_ = Phase::idle;
  Done<Unit> done_;
  std::optional<Result<Unit>> result_;  // of a finished call until its done runs
  const char* function_ = "run";
  long long iteration_ = 0;
  Micros timeout_{0};
  std::uint64_t call_id_ = 0;
  lua_State* co_ = nullptr;
  int co_ref_ = LUA_NOREF;
  Watchdog watch_;
  bool has_deadline_ = false;
  bool resuming_ = false;

  std::uint64_t wait_id_ = 0;
  bool op_pending_ = false;
  Op op_;
  std::vector<Step> steps_;
  std::string current_path_;
  std::string start_error_;

  boost::asio::steady_timer call_timer_;
  boost::asio::steady_timer wait_timer_;
};

// A completion handler that reaches the user only while the wait it belongs to is pending, and
// that defers itself when an engine completes inside the call that started it.
template <class T, class Handler>
struct UserImpl::Guarded {
  std::weak_ptr<Token> token;
  std::uint64_t wait;
  Handler handler;

  void operator()(Result<T> result) const {
    auto t = token.lock();
    if (!t || !t->user || !t->user->waiting(wait)) return;
    UserImpl& user = *t->user;
    if (user.resuming()) {
      boost::asio::post(user.io(), [self = *this, result = std::move(result)]() mutable {
        self(std::move(result));
      });
      return;
    }
    handler(user, std::move(result));
  }
};

template <class T, class Handler, class Call>
bool UserImpl::launch(lua_State* L, const OpSpec& spec, Handler handler, Call call) noexcept {
  try {
    begin_wait(L, spec);
    Done<T> done = Guarded<T, Handler>{token_, wait_id_, std::move(handler)};
    if (!page_) {
      Failure failure{"no page", std::string(spec.action) + ": the user has no page"};
      boost::asio::post(io(), [done, failure] { done(Result<T>(failure)); });
      return true;
    }
    call(*page_, std::move(done));
    return true;
  } catch (const std::exception& e) {
    abort_wait(spec.action, e.what());
    return false;
  }
}

template <class T>
bool UserImpl::start(lua_State* L, const OpSpec& spec, PageCall<T> call, Push<T> push) noexcept {
  return launch<T>(
      L, spec, [push](UserImpl& u, Result<T> r) { u.complete<T>(std::move(r), push); },
      [L, call, &spec](engine::Page& page, Done<T> done) { call(L, page, spec, std::move(done)); });
}

template <class T>
void UserImpl::complete(Result<T> result, Push<T> push) {
  if (!result) {
    fail_wait(result.failure());
    return;
  }
  finish_action();
  succeed([&](lua_State* co) { return push(co, *this, result.value()); });
}

template <class F>
void UserImpl::succeed(F&& push_values) {
  lua_checkstack(co_, 8);
  lua_pushboolean(co_, 1);
  int n = push_values(co_);
  resume(1 + n);
}

}  // namespace liveload::scenario::detail
