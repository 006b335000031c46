// WorkerState: the scenario loaded once more in a state of this worker thread, with the config
// from setup() and the ctx type, ready to make users.
#include <exception>

#include "scenario/ctx.hpp"
#include "scenario/lua_json.hpp"
#include "scenario/module.hpp"
#include "scenario/user.hpp"

namespace liveload::scenario {

namespace {

class WorkerImpl final : public WorkerState {
 public:
  explicit WorkerImpl(std::shared_ptr<detail::Shared> shared) : shared_(std::move(shared)) {}

  std::unique_ptr<VirtualUser> make_user(int user_id) override {
    return std::make_unique<detail::UserImpl>(shared_, user_id);
  }

  void interrupt() override { shared_->lua.interrupt(); }

 private:
  std::shared_ptr<detail::Shared> shared_;
};

}  // namespace

Result<std::unique_ptr<WorkerState>> WorkerState::create(const ScenarioInfo& info,
                                                         const boost::json::value& config,
                                                         UserEnv env) {
  try {
    auto shared = std::make_shared<detail::Shared>(info, env);
    lua_State* L = shared->lua.get();
    if (auto loaded = detail::load_scenario(shared->lua); !loaded) return loaded.failure();
    if (auto module = detail::read_module(L, -1, info.path); !module) {
      lua_pop(L, 1);
      return module.failure();
    }
    shared->module_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    detail::push_json(L, config);
    shared->config_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    detail::register_ctx(L);
    return std::unique_ptr<WorkerState>(std::make_unique<WorkerImpl>(std::move(shared)));
  } catch (const std::exception& e) {
    return Failure{"scenario", info.path + ": " + e.what()};
  }
}

}  // namespace liveload::scenario
