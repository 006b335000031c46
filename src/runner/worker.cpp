#include "runner/worker.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace liveload::runner {

namespace {

constexpr auto kReopenDelay = std::chrono::seconds(1);
// After a failed iteration a user waits this long before its next one, so that an application
// that is down is met with a steady trickle of attempts, not a flood of instant failures.
constexpr auto kPauseAfterFailure = std::chrono::seconds(1);

engine::Millis to_millis(Micros d) {
  return std::chrono::duration_cast<engine::Millis>(d);
}

}  // namespace

struct Worker::User {
  explicit User(boost::asio::io_context& io) : timer(io) {}

  int id = 0;
  std::unique_ptr<scenario::VirtualUser> vu;
  std::unique_ptr<engine::Page> page;
  boost::asio::steady_timer timer;
  long long completed = 0;
  bool active = false;  // counted in control.active_users
  bool set_up = false;  // user_setup succeeded on the current page
  bool ended = false;
};

Worker::Worker(WorkerConfig config, RunControl& control, telemetry::Recorder& recorder)
    : config_(std::move(config)), control_(control), recorder_(recorder) {}

Worker::~Worker() {
  join();
}

void Worker::prepare(std::function<void(Result<Unit>)> ready) {
  work_.emplace(io_.get_executor());
  thread_ = std::thread([this, ready = std::move(ready)]() mutable {
    // Signals belong to the controller's thread; a worker that took SIGINT would skip the
    // graceful stop.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);

    scenario::UserEnv env{io_, recorder_, config_.target, config_.op_timeout};
    env.seed = config_.seed;
    auto lua = scenario::WorkerState::create(*config_.scenario, *config_.setup_config, env);
    if (!lua) {
      ready(lua.failure());
    } else {
      lua_ = std::move(lua.value());
      config_.browser_factory(io_, [this, ready](Result<std::shared_ptr<engine::Browser>> b) {
        if (!b) {
          ready(b.failure());
          return;
        }
        browser_ = std::move(b.value());
        ready(ok());
      });
    }
    io_.run();
  });
}

void Worker::begin(std::function<void()> finished) {
  boost::asio::post(io_, [this, finished = std::move(finished)] {
    finished_ = finished;
    users_left_ = static_cast<int>(config_.user_ids.size());
    if (users_left_ == 0) {
      finished_();
      return;
    }
    for (int id : config_.user_ids) {
      auto user = std::make_unique<User>(io_);
      user->id = id;
      user->vu = lua_->make_user(id);
      User& u = *user;
      users_.push_back(std::move(user));
      u.timer.expires_at(control_.start + config_.shape->start_offset(id - 1));
      open_page_when_due(u);
    }
  });
}

void Worker::open_page_when_due(User& user) {
  user.timer.async_wait([this, &user](const boost::system::error_code& ec) {
    if (ec || hard_stopped_ || control_.stopping) {
      end_user(user, false);
      return;
    }
    open_page(user);
  });
}

void Worker::open_page(User& user) {
  browser_->open_page(to_millis(config_.op_timeout), [this, &user](auto page) {
    if (user.ended) return;
    if (hard_stopped_) {
      end_user(user, false);
      return;
    }
    if (!page) {
      recorder_.failure("open_page", "", page.failure().reason, page.failure().detail);
      if (control_.stopping) {
        end_user(user, false);
        return;
      }
      // The browser restarts itself after a crash; try again shortly rather than spin.
      user.timer.expires_after(kReopenDelay);
      open_page_when_due(user);
      return;
    }
    user.page = std::move(page.value());
    user.vu->set_page(user.page.get());
    if (!user.active) {
      user.active = true;
      control_.users_started++;
      int active = ++control_.active_users;
      recorder_.gauge("users.active", {}, active);
    }
    run_user_setup(user);
  });
}

void Worker::run_user_setup(User& user) {
  user.vu->user_setup([this, &user](Result<Unit> r) {
    if (user.ended) return;
    if (hard_stopped_) {
      end_user(user, false);
      return;
    }
    if (!r) {
      // A crashed browser is not the user's fault: a fresh page gets a fresh user_setup.
      if (user.page && !user.page->alive() && !control_.stopping) {
        user.page.reset();
        open_page(user);
        return;
      }
      control_.users_failed++;
      end_user(user, false);
      return;
    }
    user.set_up = true;
    next_iteration(user);
  });
}

void Worker::next_iteration(User& user) {
  if (hard_stopped_ || control_.stopping ||
      !config_.shape->may_start_iteration(user.completed, control_.elapsed())) {
    end_user(user, user.set_up);
    return;
  }

  long long iteration = user.completed + 1;
  auto started = std::chrono::steady_clock::now();
  user.vu->run_iteration(
      iteration, config_.iteration_timeout, [this, &user, started, iteration](Result<Unit> r) {
        if (user.ended) return;
        auto took = std::chrono::duration_cast<Micros>(std::chrono::steady_clock::now() - started);
        bool crashed = user.page && !user.page->alive();
        if (r && crashed) {
          // The browser died while the script was between page operations (in a sleep, say): the
          // iteration did not run on one live page, so it fails like any interrupted by the crash.
          recorder_.failure(
              "iteration", "", "browser crashed",
              fmt::format("user {} iteration {}: the browser crashed during the iteration", user.id,
                          iteration));
          r = Failure{"browser crashed", "the browser crashed during the iteration"};
        }
        if (r) {
          control_.iterations_ok++;
          recorder_.add("iterations", {{"result", "ok"}});
          recorder_.observe("iteration.duration", {}, static_cast<double>(took.count()));
        } else if (r.failure().reason == "stopped") {
          // Cut short by the hard stop: neither a success nor the application's failure.
          control_.iterations_stopped++;
          recorder_.add("iterations", {{"result", "stopped"}});
        } else {
          control_.iterations_failed++;
          recorder_.add("iterations", {{"result", "failed"}});
        }
        user.completed++;
        if (hard_stopped_) {
          end_user(user, false);
          return;
        }
        if (crashed) {
          // The iteration failed as "browser crashed"; the user goes on in a new page.
          user.page.reset();
          user.set_up = false;
          open_page(user);
          return;
        }
        if (!r) {
          user.timer.expires_after(kPauseAfterFailure);
          user.timer.async_wait([this, &user](const boost::system::error_code&) {
            // Cancelled by the hard stop or not, next_iteration decides whether the user goes on.
            if (!user.ended) next_iteration(user);
          });
          return;
        }
        // Posted, not called, so that a run of instant iterations cannot grow the stack.
        boost::asio::post(io_, [this, &user] {
          if (!user.ended) next_iteration(user);
        });
      });
}

void Worker::end_user(User& user, bool run_teardown) {
  if (user.ended) return;
  if (run_teardown && !hard_stopped_ && user.page && user.page->alive()) {
    user.set_up = false;
    user.vu->user_teardown([this, &user](Result<Unit>) {
      // A failed teardown is recorded by the scenario layer; the user ends either way.
      end_user(user, false);
    });
    return;
  }
  release(user);
}

void Worker::release(User& user) {
  user.ended = true;
  user.timer.cancel();
  user.page.reset();
  if (user.active) {
    user.active = false;
    int active = --control_.active_users;
    recorder_.gauge("users.active", {}, active);
  }
  if (--users_left_ == 0) {
    browser_.reset();
    if (finished_) finished_();
  }
}

void Worker::hard_stop() {
  // Called from the controller's thread: a scenario spinning in Lua would never let the posted
  // stop below run, so its Lua is interrupted first, directly.
  if (lua_) lua_->interrupt();
  boost::asio::post(io_, [this] {
    if (hard_stopped_) return;
    hard_stopped_ = true;
    for (auto& user : users_) {
      if (user->ended) continue;
      user->timer.cancel();
      // abandon() completes a pending call with "stopped"; its callback then ends the user. A
      // user between calls (waiting on a timer or a page) is ended by that cancellation.
      user->vu->abandon();
    }
  });
}

void Worker::join() {
  if (work_) {
    // Users and the Lua state die on their own thread. Stopping the loop right after drops
    // handlers still queued by the browser connection, which was closed by then.
    boost::asio::post(io_, [this] {
      users_.clear();
      lua_.reset();
      browser_.reset();
      work_.reset();
      io_.stop();
    });
  }
  if (thread_.joinable()) thread_.join();
  work_.reset();
}

}  // namespace liveload::runner
