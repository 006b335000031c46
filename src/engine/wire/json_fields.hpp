#pragma once
// Typed reads of CDP and Phoenix JSON fields that never throw: a missing field and a field of
// the wrong type both read as "absent", so a malformed event is skipped, not fatal.
#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

namespace liveload::engine::wire {

const boost::json::object* object_at(const boost::json::object& object, std::string_view key);
std::optional<std::string_view> string_at(const boost::json::object& object, std::string_view key);
// Any JSON number (integer or floating point) as a double.
std::optional<double> number_at(const boost::json::object& object, std::string_view key);
std::optional<bool> bool_at(const boost::json::object& object, std::string_view key);

}  // namespace liveload::engine::wire
