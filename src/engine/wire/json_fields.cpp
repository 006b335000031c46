#include "engine/wire/json_fields.hpp"

namespace liveload::engine::wire {

const boost::json::object* object_at(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value ? value->if_object() : nullptr;
}

std::optional<std::string_view> string_at(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  const auto* text = value ? value->if_string() : nullptr;
  if (!text) return std::nullopt;
  return std::string_view(*text);
}

std::optional<double> number_at(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value) return std::nullopt;
  if (const auto* d = value->if_double()) return *d;
  if (const auto* i = value->if_int64()) return static_cast<double>(*i);
  if (const auto* u = value->if_uint64()) return static_cast<double>(*u);
  return std::nullopt;
}

std::optional<bool> bool_at(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  const auto* flag = value ? value->if_bool() : nullptr;
  if (!flag) return std::nullopt;
  return *flag;
}

}  // namespace liveload::engine::wire
