// Writes the results the report's browser tests open, made the way a real run makes them:
// samples recorded through telemetry::Registry on an injected clock, then build_result,
// render_markdown and write_html_report. Nothing here is committed; the tests run it.
//
//   report_fixtures DIR        small.json/.md/.html (two nodes, hostile strings), other.json/.html,
//                              compare.html of both, sketches.json (encodings for the TypeScript
//                              decoder) and broken result files
//   report_fixtures --day DIR  day.html: 24 hours of 5 s buckets, 30 metrics, 10 tag values each
//                              (add --json to also write day.json)
#include <fmt/format.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "report/html.hpp"
#include "report/markdown.hpp"
#include "report/result.hpp"
#include "telemetry/base64.hpp"
#include "telemetry/ddsketch.hpp"
#include "telemetry/registry.hpp"

namespace {

using namespace liveload;
using namespace std::chrono_literals;
namespace json = boost::json;
using report::RunMeta;
using telemetry::Registry;

// Deterministic noise: the fixtures are the same on every machine.
class Noise {
 public:
  explicit Noise(uint64_t seed) : state_(seed) {}
  double unit() {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state_ >> 11) / 9007199254740992.0;
  }
  // Log-normal around `median`, spread `sigma`: the shape of latencies.
  double around(double median, double sigma) {
    const double u1 = std::max(unit(), 1e-12);
    const double u2 = unit();
    return median * std::exp(sigma * std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307 * u2));
  }

 private:
  uint64_t state_;
};

constexpr const char* kScript = "<script>alert(1)</script>";
constexpr const char* kImg = "\"><img src=x onerror=\"window.__xss=1\">";
constexpr const char* kClose = "</script><script>window.__xss=2</script>";
constexpr const char* kRtl = "\u202Egnp.exe\u202C";  // a right-to-left override

RunMeta meta_of(const std::string& name, int64_t duration_us, uint64_t users, uint64_t ok,
                uint64_t failed, int64_t bucket_us = 5'000'000) {
  RunMeta m;
  m.scenario_name = name;
  m.scenario_path = "examples/checkout.lua";
  m.target = std::string("http://127.0.0.1:4000/?q=") + kClose;
  m.options = {{"users", users}, {"duration", "2m"}, {"note", kScript}};
  m.started_at = "2026-11-01T12:00:00.000Z";
  m.started_unix_ms = 1793534400000;
  m.duration_us = duration_us;
  m.ended_unix_ms = m.started_unix_ms + duration_us / 1000;
  m.ended_at = "2026-11-01T12:02:00.000Z";
  m.hostname = "bench-1";
  m.cores = 2;
  m.memory_bytes = 24ull << 30;
  m.os = "Linux 6.1.0 x86_64";
  m.bucket_us = bucket_us;
  m.exit_code = failed > 0 ? 1 : 0;
  m.users_started = users;
  m.iterations_ok = ok;
  m.iterations_failed = failed;
  return m;
}

struct Counts {
  uint64_t ok = 0;
  uint64_t failed = 0;
};

// Two minutes of a checkout scenario on one node: users ramp up to `peak`, latencies grow with
// them (times `slowdown`), and some iterations fail with hostile messages.
Counts record_node(Registry& r, Micros& now, int peak, double slowdown, uint64_t seed,
                   const std::string& node) {
  Noise noise(seed);
  Counts counts;
  for (int second = 0; second < 120; ++second) {
    now = Micros(std::chrono::seconds(second));
    const int users = std::min(peak, 1 + second * peak / 60);
    r.gauge("users.active", {}, users);
    r.gauge("chromium.memory.bytes", {{"process", "renderer-1"}}, 180e6 + users * 4e6);
    r.gauge("chromium.memory.bytes", {{"process", "browser"}}, 90e6 + second * 1e5);
    const double load = slowdown * (1 + users / 10.0);
    for (int i = 0; i < users; ++i) {
      now = Micros(std::chrono::seconds(second)) + Micros(i * 1000);
      r.observe("action.duration", {{"action", "click"}, {"target", "#inc"}},
                noise.around(40'000 * load, 0.35));
      r.observe("action.duration", {{"action", "click"}, {"target", kScript}},
                noise.around(90'000 * load, 0.5));
      r.observe("liveview.event", {{"event", "inc"}}, noise.around(25'000 * load, 0.3));
      r.observe("liveview.event", {{"event", kRtl}}, noise.around(60'000 * load, 0.6));
      r.observe("ws.frame_sent.bytes", {}, noise.around(180, 0.2));
      r.observe("ws.frame_received.bytes", {}, noise.around(2400, 0.5));
      r.add("ws.frames_sent", {});
      r.add("http.requests", {{"status", "200"}});
      r.observe("http.duration", {{"path", "/checkout"}}, noise.around(12'000 * load, 0.4));
      if (i % 4 != 0) continue;
      r.observe("liveview.join", {{"path", "/counter"}}, noise.around(150'000 * load, 0.3));
      r.observe("liveview.join", {{"path", std::string("/") + kImg}},
                noise.around(210'000 * load, 0.3));
      r.observe("step.duration", {{"step", "checkout"}}, noise.around(800'000 * load, 0.3));
      const bool fails = (second * 7 + i) % 23 == 0;
      if (fails) {
        r.add("iterations", {{"result", "failed"}});
        r.failure("click", "#pay", "timeout",
                  fmt::format("click #pay: no element matched within 5 s (user {})", i + 1));
        if (second % 2 == 0) {
          r.failure(kScript, kImg, "</script>",
                    fmt::format("{}\nline two {} {} on {}", kRtl, kClose, kScript, node));
        }
        ++counts.failed;
      } else {
        r.observe("iteration.duration", {}, noise.around(1'500'000 * load, 0.25));
        r.add("iterations", {{"result", "ok"}});
        ++counts.ok;
      }
    }
  }
  now = 120s;
  r.gauge("users.active", {}, 0);
  return counts;
}

json::object small_run(bool second_node, double slowdown, uint64_t seed) {
  Micros now_a{0}, now_b{0};
  Registry a("node-a", 5s, [&now_a] { return now_a; });
  Registry b(std::string("worker-2") + kClose, 5s, [&now_b] { return now_b; });
  Counts ca = record_node(a, now_a, 20, slowdown, seed, "node-a");
  std::vector<telemetry::NodeSnapshot> nodes{a.snapshot()};
  uint64_t users = 20;
  if (second_node) {
    const Counts cb = record_node(b, now_b, 12, slowdown * 1.3, seed + 1, "worker-2");
    ca.ok += cb.ok;
    ca.failed += cb.failed;
    users += 12;
    nodes.push_back(b.snapshot());
  }
  const std::string name = second_node ? std::string("checkout ") + kScript : "checkout";
  return report::build_result(meta_of(name, 120'000'000, users, ca.ok, ca.failed), nodes);
}

bool write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

json::array quantiles_of(const telemetry::DDSketch& s) {
  json::array out;
  for (double q : {0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0}) {
    out.push_back(json::object{
        {"q", q},
        {"value", std::isnan(s.quantile(q)) ? json::value(nullptr) : json::value(s.quantile(q))}});
  }
  return out;
}

json::object sketch_case(const std::string& name, const telemetry::DDSketch& s) {
  json::array bins;
  s.store().for_each([&bins](int32_t, uint64_t count) { bins.push_back(count); });
  return {{"name", name},
          {"base64", s.to_base64()},
          {"alpha", s.mapping().relative_accuracy()},
          {"max_bins", s.store().max_bins()},
          {"collapsed", s.store().collapsed()},
          {"count", s.count()},
          {"zero_count", s.zero_count()},
          {"sum", s.sum()},
          {"min", s.empty() ? 0.0 : s.min()},
          {"max", s.empty() ? 0.0 : s.max()},
          {"offset", s.store().empty() ? 0 : s.store().min_index()},
          {"bins", std::move(bins)},
          {"quantiles", quantiles_of(s)}};
}

// Sketches of several shapes as the C++ side encodes them, each with what decoding must give,
// and merges, for report/web/test/sketch.test.mjs.
json::object sketch_cases() {
  Noise noise(7);
  json::array cases;
  telemetry::DDSketch latency, zeros, heavy, empty, one;
  for (int i = 0; i < 5000; ++i) latency.add(noise.around(120'000, 0.6));
  for (int i = 0; i < 300; ++i) zeros.add(i % 3 == 0 ? 0.0 : noise.around(50, 1.5));
  for (int i = 0; i < 3000; ++i) heavy.add(1000.0 / std::pow(1.0 - noise.unit(), 1 / 1.1));
  one.add(4242);
  auto mapping = telemetry::IndexMapping::create(0.02).value();
  telemetry::DDSketch coarse(mapping, 32);  // few bins: the store folds its lowest ones
  for (int i = 0; i < 2000; ++i) coarse.add(std::pow(10.0, 8 * noise.unit()));
  for (const auto& [name, s] : {std::pair{"latency", &latency},
                                {"zeros", &zeros},
                                {"heavy", &heavy},
                                {"empty", &empty},
                                {"one", &one},
                                {"collapsed", &coarse}}) {
    cases.push_back(sketch_case(name, *s));
  }
  json::array merges;
  for (const auto& [a, b] : {std::pair{&latency, &heavy}, {&zeros, &one}, {&empty, &latency}}) {
    telemetry::DDSketch merged = *a;
    (void)merged.merge(*b);
    merges.push_back(json::object{
        {"a", a->to_base64()}, {"b", b->to_base64()}, {"merged", sketch_case("merged", merged)}});
  }
  telemetry::DDSketch narrow(telemetry::IndexMapping::create(0.02).value(), 32);
  telemetry::DDSketch wide(telemetry::IndexMapping::create(0.02).value(), 32);
  for (int i = 0; i < 100; ++i) narrow.add(5 + i);
  for (int i = 0; i < 100; ++i) wide.add(1e6 + i * 1e5);
  telemetry::DDSketch folded = narrow;
  (void)folded.merge(wide);
  merges.push_back(json::object{{"a", narrow.to_base64()},
                                {"b", wide.to_base64()},
                                {"merged", sketch_case("folded", folded)}});

  const auto good = latency.encode();
  std::vector<uint8_t> truncated(good.begin(), good.end() - 3);
  std::vector<uint8_t> magic = good;
  magic[0] = 0xAB;
  std::vector<uint8_t> stray = good;
  stray.push_back(0);
  json::array corrupt;
  for (const auto* bytes : {&truncated, &magic, &stray}) {
    corrupt.push_back(json::string(telemetry::base64_encode(bytes->data(), bytes->size())));
  }
  return {
      {"cases", std::move(cases)}, {"merges", std::move(merges)}, {"corrupt", std::move(corrupt)}};
}

int small_fixtures(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const json::value small = small_run(true, 1.0, 11);
  const json::value other = small_run(false, 1.25, 12);
  const std::string small_text = json::serialize(small);
  bool ok = write_text(dir / "small.json", small_text + "\n") &&
            write_text(dir / "small.md", report::render_markdown(small)) &&
            write_text(dir / "other.json", json::serialize(other) + "\n") &&
            write_text(dir / "sketches.json", json::serialize(sketch_cases()) + "\n") &&
            write_text(dir / "truncated.json", small_text.substr(0, small_text.size() / 2)) &&
            write_text(dir / "garbage.json", "\x89PNG\r\n\x1a\n not json") &&
            write_text(dir / "empty.json", "") &&
            write_text(dir / "wrong-schema.json", R"({"schema":"k6.summary","version":1})");
  for (const auto& [name, doc] : {std::pair{"small.html", &small}, {"other.html", &other}}) {
    if (auto written = report::write_html_report(*doc, (dir / name).string()); !written) {
      std::cerr << written.failure().detail << "\n";
      ok = false;
    }
  }
  const std::vector<report::ReportRun> runs{{"small.json", &small}, {"other.json", &other}};
  if (auto written = report::write_compare_report(runs, (dir / "compare.html").string());
      !written) {
    std::cerr << written.failure().detail << "\n";
    ok = false;
  }
  if (!ok) std::cerr << "report_fixtures: cannot write into " << dir << "\n";
  return ok ? 0 : 1;
}

}  // namespace

int day_fixture(const std::filesystem::path& dir, bool with_json);

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 1 && args[0] != "--day") return small_fixtures(args[0]);
  if ((args.size() == 2 || args.size() == 3) && args[0] == "--day") {
    return day_fixture(args[1], args.size() == 3 && args[2] == "--json");
  }
  std::cerr << "usage: report_fixtures DIR | report_fixtures --day DIR [--json]\n";
  return 2;
}
