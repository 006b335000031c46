#pragma once
// The text views of a result document: report.md, a summary of a run for people and pull
// requests (markdown.cpp), and the few lines the CLI prints when a run ends (summary.cpp). Both
// are rendered from the document alone, so they can be rebuilt from any saved result.json.
#include <boost/json/value.hpp>
#include <string>

namespace liveload::report {

// Header (scenario, target, start, duration, status, users, iterations), tables of histograms,
// counters, gauges and failures, and the main timings and active users over time. Every string
// taken from the target is escaped, so no selector, URL or message can break a table.
std::string render_markdown(const boost::json::value& result);

// The terminal summary: the same figures as report.md in a few lines of plain text, ending in a
// newline; safe for a terminal whatever the target sent (control characters are replaced).
std::string render_summary(const boost::json::value& result);

}  // namespace liveload::report
