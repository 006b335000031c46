#include "report/html.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/html_page.hpp"
#include "result_fixture.hpp"
#include "telemetry/base64.hpp"

using namespace liveload;
using namespace liveload::report;
using namespace std::chrono_literals;
using report::testing::sample_meta;
using report::testing::SampleRun;

namespace {

size_t occurrences(std::string_view text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string gunzip(const std::string& packed) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out;
  char buffer[1 << 16];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  z.avail_in = static_cast<uInt>(packed.size());
  int status = Z_OK;
  while (status == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    status = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
  }
  inflateEnd(&z);
  EXPECT_EQ(status, Z_STREAM_END);
  return out;
}

// The text of the page's data element.
std::string data_text(const std::string& page) {
  const std::string open = R"(<script id="liveload-data" type="application/octet-stream">)";
  const size_t start = page.find(open);
  if (start == std::string::npos) return {};
  const size_t from = start + open.size();
  return page.substr(from, page.find("</script>", from) - from);
}

boost::json::value page_data(const std::string& page) {
  const auto bytes = telemetry::base64_decode(data_text(page));
  if (!bytes) return nullptr;
  return boost::json::parse(gunzip(std::string(bytes->begin(), bytes->end())));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A run whose every string from the target tries to become markup.
boost::json::object hostile_result() {
  Micros now{0};
  telemetry::Registry r("node-\"><img src=x onerror=alert(1)>", 5s, [&now] { return now; });
  r.observe("liveview.event", {{"event", "<script>alert(1)</script>"}}, 1000);
  r.observe("liveview.event", {{"event", "\u202Egnp.exe"}}, 2000);
  r.failure("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "</script>",
            "</script><script>alert(1)</script>");
  now = 1s;
  RunMeta meta = sample_meta();
  meta.scenario_name = "</script><script>alert(1)</script>";
  meta.target = "http://127.0.0.1/?q=\"><img src=x onerror=alert(1)>";
  return build_result(meta, {r.snapshot()});
}

}  // namespace

TEST(HtmlTemplate, HoldsTheDataMarkerOnceAndAPolicyThatAllowsNoNetwork) {
  const std::string_view page = html_template();
  EXPECT_EQ(occurrences(page, kHtmlDataMarker), 1u);
  EXPECT_NE(page.find("default-src 'none'"), std::string_view::npos);
  EXPECT_EQ(page.find("unsafe-inline"), std::string_view::npos);
  EXPECT_EQ(page.find("onerror"), std::string_view::npos);
  EXPECT_EQ(page.find("alert(1)"), std::string_view::npos);
}

TEST(HtmlReport, InsertsTheResultAsBase64OfGzipIntoTheTemplate) {
  SampleRun run;
  const boost::json::value doc = run.result();
  auto page = render_html_report(doc);
  ASSERT_TRUE(page) << page.failure().detail;

  EXPECT_EQ(page.value().find(kHtmlDataMarker), std::string::npos);
  const std::string text = data_text(page.value());
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(
      text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="),
      std::string::npos);

  const auto data = page_data(page.value());
  ASSERT_TRUE(data.is_object());
  EXPECT_EQ(data.at("format"), "liveload.report-data");
  EXPECT_EQ(data.at("view"), "report");
  const auto& runs = data.at("runs").get_array();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].at("run"), doc.at("run"));
  EXPECT_EQ(runs[0].at("failures"), doc.at("failures"));
  // Everything around the data is the template's.
  const std::string_view tmpl = html_template();
  const size_t marker = tmpl.find(kHtmlDataMarker);
  EXPECT_EQ(page.value().substr(0, marker), tmpl.substr(0, marker));
  EXPECT_EQ(page.value().size(), tmpl.size() - kHtmlDataMarker.size() + text.size());
}

TEST(HtmlReport, StringsFromTheTargetNeverReachThePageAsMarkup) {
  const boost::json::value doc = hostile_result();
  auto page = render_html_report(doc);
  ASSERT_TRUE(page) << page.failure().detail;
  const std::string_view tmpl = html_template();
  EXPECT_EQ(occurrences(page.value(), "</script"), occurrences(tmpl, "</script"));
  EXPECT_EQ(occurrences(page.value(), "<script"), occurrences(tmpl, "<script"));
  EXPECT_EQ(page.value().find("onerror"), std::string::npos);
  EXPECT_EQ(page.value().find("alert(1)"), std::string::npos);
  EXPECT_EQ(page.value().find("\u202E"), std::string::npos);

  // They are all still there, as data.
  const auto data = page_data(page.value());
  const auto& run = data.at("runs").at(0);
  EXPECT_EQ(run.at("run").at("scenario").at("name"), "</script><script>alert(1)</script>");
  EXPECT_EQ(run.at("failures").at(0).at("samples").at(0).at("message"),
            "</script><script>alert(1)</script>");
}

TEST(HtmlReport, WritesThePageAndNamesThePathWhenItCannot) {
  SampleRun run;
  const auto dir = std::filesystem::path(::testing::TempDir()) / "html_report_test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "report.html").string();
  ASSERT_TRUE(write_html_report(run.result(), path));
  const std::string written = read_file(path);
  EXPECT_EQ(written, render_html_report(run.result()).value());
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp." + std::to_string(::getpid())));

  const auto missing = (dir / "no-such-dir" / "report.html").string();
  auto failed = write_html_report(run.result(), missing);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.failure().reason, "write failed");
  EXPECT_NE(failed.failure().detail.find(missing), std::string::npos);
}

TEST(HtmlReport, RefusesADocumentThatIsNotAResultAndWritesNothing) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "html_report_bad";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "report.html").string();
  std::filesystem::remove(path);

  SampleRun run;
  boost::json::value doc = run.result();
  doc.as_object()["metrics"].as_array()[0].as_object()["kind"] = "pie";
  auto failed = write_html_report(doc, path);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.failure().reason, "bad result file");
  EXPECT_NE(failed.failure().detail.find("metrics[0].kind"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(path));

  auto not_json_object = render_html_report(boost::json::value("text"));
  ASSERT_FALSE(not_json_object);
  EXPECT_EQ(not_json_object.failure().reason, "bad result file");
}

TEST(CompareReport, NeedsTwoRunsAndNamesTheOneThatIsBroken) {
  SampleRun a;
  const boost::json::value doc = a.result();
  EXPECT_FALSE(render_compare_report({ReportRun{"a.json", &doc}}));

  boost::json::value broken = a.result();
  broken.as_object().erase("run");
  auto failed = render_compare_report({ReportRun{"a.json", &doc}, ReportRun{"b.json", &broken}});
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.failure().detail.find("b.json"), std::string::npos);

  auto page = render_compare_report({ReportRun{"a.json", &doc}, ReportRun{"b.json", &doc}});
  ASSERT_TRUE(page) << page.failure().detail;
  const auto data = page_data(page.value());
  EXPECT_EQ(data.at("view"), "compare");
  ASSERT_EQ(data.at("runs").get_array().size(), 2u);
  EXPECT_EQ(data.at("runs").at(1).at("label"), "b.json");
}

TEST(Gzip, IsReadBackByZlibAsTheSameBytes) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "bucket " + std::to_string(i % 17) + ";";
  text += std::string("\0\xff binary", 9);
  auto packed = gzip(text);
  ASSERT_TRUE(packed);
  ASSERT_GE(packed.value().size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(packed.value()[0]), 0x1f);  // the gzip magic
  EXPECT_EQ(static_cast<unsigned char>(packed.value()[1]), 0x8b);
  EXPECT_LT(packed.value().size(), text.size() / 4);
  EXPECT_EQ(gunzip(packed.value()), text);
  EXPECT_EQ(gunzip(gzip("").value()), "");
}

TEST(InsertData, RefusesATemplateWithoutOneMarkerAndDataThatIsNotBase64) {
  const std::string marker(kHtmlDataMarker);
  EXPECT_EQ(insert_data("<p>" + marker + "</p>", "QUJD").value(), "<p>QUJD</p>");

  auto none = insert_data("<p></p>", "QUJD");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.failure().reason, "report failed");
  EXPECT_FALSE(insert_data(marker + marker, "QUJD"));
  EXPECT_FALSE(insert_data(marker, "QUJD</script>"));
  EXPECT_FALSE(insert_data(marker, "QU JD"));
}
