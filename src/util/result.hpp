#pragma once
// A value or a failure, the one error style inside LiveLoad's layers. Failures carry a short,
// stable reason (what is counted in result.json) and a detail meant for a person.
#include <string>
#include <utility>
#include <variant>

namespace liveload {

struct Failure {
  // Short and stable, used as a tag value: "timeout", "browser crashed", "not found",
  // "assertion", "navigation failed", "script error", "stopped", ...
  std::string reason;
  // What a person reads: "click #inc: no element matched within 5 s".
  std::string detail;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Failure failure) : v_(std::move(failure)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  const Failure& failure() const { return std::get<1>(v_); }

 private:
  std::variant<T, Failure> v_;
};

struct Unit {};
inline Result<Unit> ok() {
  return Unit{};
}

}  // namespace liveload
