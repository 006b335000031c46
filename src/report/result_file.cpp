#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "report/result.hpp"
#include "telemetry/catalogue.hpp"

namespace liveload::report {

namespace {

Failure write_failure(const std::string& path, const std::string& what) {
  return Failure{"write failed", fmt::format("cannot write {}: {}", path, what)};
}

Failure bad_file(const std::string& origin, const std::string& what) {
  return Failure{"bad result file", fmt::format("{}: {}", origin, what)};
}

// Each check returns the first problem as text, or nothing.
using Problem = std::optional<std::string>;

Problem expect_kind(const boost::json::object& o, std::string_view key, boost::json::kind kind,
                    const std::string& where) {
  const auto* v = o.if_contains(key);
  const bool number = kind == boost::json::kind::double_;
  if (v != nullptr && (number ? v->is_number() : v->kind() == kind)) return std::nullopt;
  const char* wanted = number                              ? "a number"
                       : kind == boost::json::kind::string ? "a string"
                       : kind == boost::json::kind::object ? "an object"
                                                           : "an array";
  return fmt::format("{}{}{}: {} {}", where, where.empty() ? "" : ".", key,
                     v == nullptr ? "missing, expected" : "expected", wanted);
}

Problem check_value(const boost::json::object& v, telemetry::Kind kind, const std::string& where) {
  using boost::json::kind::double_;
  switch (kind) {
    case telemetry::Kind::histogram:
      if (auto p = expect_kind(v, "count", double_, where)) return p;
      if (auto p = expect_kind(v, "sketch", boost::json::kind::string, where)) return p;
      return std::nullopt;
    case telemetry::Kind::counter:
      return expect_kind(v, "value", double_, where);
    case telemetry::Kind::gauge:
      return expect_kind(v, "last", double_, where);
  }
  return std::nullopt;
}

Problem check_metric(const boost::json::value& value, const std::string& where) {
  if (!value.is_object()) return where + ": expected an object";
  const auto& m = value.get_object();
  if (auto p = expect_kind(m, "name", boost::json::kind::string, where)) return p;
  if (auto p = expect_kind(m, "kind", boost::json::kind::string, where)) return p;
  const auto kind = telemetry::kind_named(m.at("kind").get_string());
  if (!kind) return where + ".kind: expected one of histogram, counter, gauge";
  if (auto p = expect_kind(m, "unit", boost::json::kind::string, where)) return p;
  if (!telemetry::unit_named(m.at("unit").get_string())) {
    return where + ".unit: expected one of us, bytes, count, ratio";
  }
  if (auto p = expect_kind(m, "tags", boost::json::kind::object, where)) return p;
  for (const auto& [key, tag] : m.at("tags").get_object()) {
    if (!tag.is_string()) return fmt::format("{}.tags.{}: expected a string", where, key);
  }
  if (auto p = expect_kind(m, "total", boost::json::kind::object, where)) return p;
  if (auto p = check_value(m.at("total").get_object(), *kind, where + ".total")) return p;
  if (auto p = expect_kind(m, "buckets", boost::json::kind::array, where)) return p;
  const auto& buckets = m.at("buckets").get_array();
  for (size_t i = 0; i < buckets.size(); ++i) {
    const std::string at = fmt::format("{}.buckets[{}]", where, i);
    if (!buckets[i].is_object()) return at + ": expected an object";
    const auto& b = buckets[i].get_object();
    if (auto p = expect_kind(b, "start_us", boost::json::kind::double_, at)) return p;
    if (auto p = expect_kind(b, "end_us", boost::json::kind::double_, at)) return p;
    if (auto p = check_value(b, *kind, at)) return p;
  }
  return std::nullopt;
}

Problem check_metrics(const boost::json::object& o, const std::string& where) {
  if (auto p = expect_kind(o, "metrics", boost::json::kind::array, where)) return p;
  const auto& metrics = o.at("metrics").get_array();
  const std::string prefix = where.empty() ? "metrics" : where + ".metrics";
  for (size_t i = 0; i < metrics.size(); ++i) {
    if (auto p = check_metric(metrics[i], fmt::format("{}[{}]", prefix, i))) return p;
  }
  return std::nullopt;
}

Problem check_document(const boost::json::object& doc) {
  if (auto p = expect_kind(doc, "run", boost::json::kind::object, "")) return p;
  const auto& run = doc.at("run").get_object();
  for (const char* key : {"started_at", "status", "target"}) {
    if (auto p = expect_kind(run, key, boost::json::kind::string, "run")) return p;
  }
  for (const char* key : {"duration_us", "bucket_us"}) {
    if (auto p = expect_kind(run, key, boost::json::kind::double_, "run")) return p;
  }
  if (auto p = expect_kind(run, "scenario", boost::json::kind::object, "run")) return p;
  if (auto p = expect_kind(run, "summary", boost::json::kind::object, "run")) return p;

  if (auto p = expect_kind(doc, "nodes", boost::json::kind::array, "")) return p;
  const auto& nodes = doc.at("nodes").get_array();
  for (size_t i = 0; i < nodes.size(); ++i) {
    const std::string where = fmt::format("nodes[{}]", i);
    if (!nodes[i].is_object()) return where + ": expected an object";
    if (auto p = expect_kind(nodes[i].get_object(), "id", boost::json::kind::string, where)) {
      return p;
    }
    if (auto p = check_metrics(nodes[i].get_object(), where)) return p;
  }
  if (auto p = check_metrics(doc, "")) return p;

  if (auto p = expect_kind(doc, "failures", boost::json::kind::array, "")) return p;
  const auto& failures = doc.at("failures").get_array();
  for (size_t i = 0; i < failures.size(); ++i) {
    const std::string where = fmt::format("failures[{}]", i);
    if (!failures[i].is_object()) return where + ": expected an object";
    const auto& f = failures[i].get_object();
    for (const char* key : {"step", "target", "reason"}) {
      if (auto p = expect_kind(f, key, boost::json::kind::string, where)) return p;
    }
    if (auto p = expect_kind(f, "count", boost::json::kind::double_, where)) return p;
    if (auto p = expect_kind(f, "samples", boost::json::kind::array, where)) return p;
  }
  return std::nullopt;
}

}  // namespace

Result<Unit> write_json_file(const std::string& path, const boost::json::value& value) {
  return write_text_file(path, boost::json::serialize(value) + "\n");
}

Result<Unit> write_text_file(const std::string& path, const std::string& text) {
  const std::string temp = fmt::format("{}.tmp.{}", path, ::getpid());

  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return write_failure(path, std::strerror(errno));
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return write_failure(path, why);
    }
    done += static_cast<size_t>(n);
  }
  // Durable before it replaces the old file: a rename of unflushed data can surface as an empty
  // file after a power loss.
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    return write_failure(path, why);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    return write_failure(path, why);
  }
  return ok();
}

Result<boost::json::value> read_result_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return bad_file(path, fmt::format("cannot read it: {}", std::strerror(errno)));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return bad_file(path, "reading it failed");
  const std::string text = buffer.str();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return bad_file(path, "it is empty");

  boost::json::stream_parser parser;
  boost::system::error_code ec;
  const size_t used = parser.write_some(text.data(), text.size(), ec);
  if (!ec && used < text.size() && text.find_first_not_of(" \t\r\n", used) != std::string::npos) {
    return bad_file(path, fmt::format("not valid JSON: unexpected data at byte {}", used));
  }
  if (!ec) parser.finish(ec);
  if (ec) {
    const bool truncated = ec == boost::json::error::incomplete || used >= text.size();
    return bad_file(path, fmt::format("not valid JSON at byte {}: {}{}", used, ec.message(),
                                      truncated ? " (the file looks truncated)" : ""));
  }
  boost::json::value doc = parser.release();
  if (auto valid = validate_result(doc, path); !valid) return valid.failure();
  return doc;
}

Result<Unit> validate_result(const boost::json::value& doc, const std::string& origin) {
  if (!doc.is_object()) return bad_file(origin, "not a LiveLoad result: not a JSON object");
  const auto& o = doc.get_object();
  const auto* schema = o.if_contains("schema");
  if (schema == nullptr || !schema->is_string() || schema->get_string() != kResultSchema) {
    return bad_file(
        origin, fmt::format("not a LiveLoad result: schema is {}, expected \"{}\"",
                            schema ? boost::json::serialize(*schema) : "missing", kResultSchema));
  }
  const auto* version = o.if_contains("version");
  if (version == nullptr || !version->is_int64()) {
    return bad_file(origin, "version: missing, expected an integer");
  }
  if (version->get_int64() != kResultVersion) {
    return bad_file(origin, fmt::format("result version {} is not supported; this LiveLoad "
                                        "reads version {}",
                                        version->get_int64(), kResultVersion));
  }
  if (auto problem = check_document(o)) return bad_file(origin, *problem);
  return ok();
}

}  // namespace liveload::report
