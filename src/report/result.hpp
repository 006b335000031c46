#pragma once
// The result document, result.json: everything a run measured, in one versioned schema
// (docs/result-schema.md). report.md, the terminal summary and later the HTML report are views
// of this document and of nothing else. Built in result.cpp; saved and loaded in
// result_file.cpp, through a temporary file and a rename so that a crash or a full disk never
// leaves half a result.json behind, and with checks that say precisely what is wrong with a file
// that is not a result this version reads.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "telemetry/snapshot.hpp"
#include "util/result.hpp"

namespace liveload::report {

inline constexpr std::string_view kResultSchema = "liveload.result";
inline constexpr int64_t kResultVersion = 1;

// What the runner knows about the run as a whole.
struct RunMeta {
  std::string scenario_name;
  std::string scenario_path;
  std::string target;
  boost::json::object options;  // the options in effect, after the scenario's defaults
  std::string started_at;       // ISO-8601 UTC, "2026-11-01T12:00:00.000Z"
  std::string ended_at;
  int64_t started_unix_ms = 0;
  int64_t ended_unix_ms = 0;
  int64_t duration_us = 0;
  std::string version = LIVELOAD_VERSION;
  std::string hostname;
  int cores = 0;
  uint64_t memory_bytes = 0;
  std::string os;
  std::string status = "completed";  // "completed" | "interrupted" | "aborted"
  int64_t bucket_us = 5'000'000;
  int exit_code = 0;
  uint64_t users_started = 0;
  uint64_t iterations_ok = 0;
  uint64_t iterations_failed = 0;
  // Things a reader of the result should know (a failed teardown, say); merged with the
  // document's own warnings.
  std::vector<std::string> warnings;
};

// The whole document: run metadata, each node with its own metrics, the run total (the merge of
// all nodes) and the failures with their sample messages. Its size grows with the number of
// series and buckets, never with the number of users or samples. A node whose snapshot cannot
// be merged with the others (a different bucket width or sketch accuracy) is still listed under
// "nodes" but left out of the total, and run.warnings says so.
boost::json::object build_result(const RunMeta& meta,
                                 const std::vector<telemetry::NodeSnapshot>& nodes);

// Writes `value` as JSON to `path`, replacing any file there. Failure reason "write failed",
// with the path and the system's error in the detail.
Result<Unit> write_json_file(const std::string& path, const boost::json::value& value);
// The same way of writing for any text (report.md, report.html): durable, through a temporary
// file and a rename, so a reader sees the old file or the whole new one, never half of one.
Result<Unit> write_text_file(const std::string& path, const std::string& text);

// Reads and checks a result.json. Failure reason "bad result file"; the detail names the file
// and what is wrong: unreadable, empty, not JSON (with the byte offset, and a hint when the file
// looks truncated), another schema, an unsupported version, or a field of the wrong shape (with
// its place, such as "metrics[3].kind").
Result<boost::json::value> read_result_file(const std::string& path);

// The checks of read_result_file on a document in memory; `origin` names it in messages.
Result<Unit> validate_result(const boost::json::value& doc, const std::string& origin);

}  // namespace liveload::report
