#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>

#include "report/result.hpp"
#include "result_fixture.hpp"

namespace fs = std::filesystem;
using namespace liveload;
using namespace liveload::report;
using report::testing::SampleRun;

namespace {

class ResultFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("liveload-result-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  void write_text(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
  }

  // Reading `text` as a result file fails, and the message names the file and holds `words`.
  void expect_rejected(const std::string& text, const std::string& words) const {
    write_text("bad.json", text);
    auto read = read_result_file(path("bad.json"));
    ASSERT_FALSE(read.ok()) << words;
    EXPECT_EQ(read.failure().reason, "bad result file");
    EXPECT_NE(read.failure().detail.find(path("bad.json")), std::string::npos)
        << read.failure().detail;
    EXPECT_NE(read.failure().detail.find(words), std::string::npos) << read.failure().detail;
  }

  fs::path dir_;
};

}  // namespace

TEST_F(ResultFile, RoundTripsThroughWriteAndRead) {
  SampleRun run;
  const boost::json::value doc = run.result();
  ASSERT_TRUE(write_json_file(path("result.json"), doc).ok());
  auto read = read_result_file(path("result.json"));
  ASSERT_TRUE(read.ok()) << read.failure().detail;
  EXPECT_EQ(read.value(), doc);
  // Nothing but the result is left in the folder.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(ResultFile, WriteReplacesAnOldFileWhole) {
  write_text("result.json", std::string(100000, 'x'));
  SampleRun run;
  ASSERT_TRUE(write_json_file(path("result.json"), run.result()).ok());
  EXPECT_TRUE(read_result_file(path("result.json")).ok());
}

TEST_F(ResultFile, WriteIntoAMissingFolderFailsNamingThePath) {
  const std::string target = path("no/such/dir/result.json");
  auto wrote = write_json_file(target, boost::json::object{});
  ASSERT_FALSE(wrote.ok());
  EXPECT_EQ(wrote.failure().reason, "write failed");
  EXPECT_NE(wrote.failure().detail.find(target), std::string::npos) << wrote.failure().detail;
  EXPECT_NE(wrote.failure().detail.find("No such file"), std::string::npos);
}

TEST_F(ResultFile, RejectsAMissingFile) {
  auto read = read_result_file(path("absent.json"));
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.failure().detail.find("absent.json"), std::string::npos);
  EXPECT_NE(read.failure().detail.find("cannot read"), std::string::npos);
}

TEST_F(ResultFile, RejectsEmptyTruncatedAndCorruptFiles) {
  SampleRun run;
  const std::string text = boost::json::serialize(run.result());
  expect_rejected("", "empty");
  expect_rejected(text.substr(0, text.size() / 2), "truncated");
  expect_rejected(text.substr(0, text.size() - 1), "truncated");
  expect_rejected("{\"schema\": liveload}", "not valid JSON at byte");
  expect_rejected(text + "}", "unexpected data");
  expect_rejected("\x89PNG\r\n\x1a\n", "not valid JSON");
}

TEST_F(ResultFile, RejectsOtherSchemasAndVersions) {
  expect_rejected("[1, 2]", "not a JSON object");
  expect_rejected("{\"schema\": \"k6.summary\", \"version\": 1}", "schema is \"k6.summary\"");
  expect_rejected("{\"version\": 1}", "schema is missing");
  expect_rejected("{\"schema\": \"liveload.result\"}", "version: missing");
  expect_rejected("{\"schema\": \"liveload.result\", \"version\": 2}",
                  "version 2 is not supported");
}

TEST_F(ResultFile, NamesTheFieldOfTheWrongShape) {
  SampleRun run;
  auto mutate = [&run](auto change) {
    boost::json::value doc = run.result();
    change(doc.as_object());
    return boost::json::serialize(doc);
  };
  expect_rejected(mutate([](auto& d) { d["metrics"].as_array()[1].as_object()["kind"] = "meter"; }),
                  "metrics[1].kind: expected one of histogram, counter, gauge");
  expect_rejected(mutate([](auto& d) { d["metrics"].as_array()[0].as_object().erase("total"); }),
                  "metrics[0].total: missing");
  expect_rejected(
      mutate([](auto& d) { d["metrics"].as_array()[0].as_object()["unit"] = "parsecs"; }),
      "metrics[0].unit");
  expect_rejected(mutate([](auto& d) {
                    d["nodes"]
                        .as_array()[0]
                        .as_object()["metrics"]
                        .as_array()[2]
                        .as_object()["buckets"]
                        .as_array()[0]
                        .as_object()
                        .erase("start_us");
                  }),
                  "nodes[0].metrics[2].buckets[0].start_us: missing");
  expect_rejected(mutate([](auto& d) { d["run"].as_object()["duration_us"] = "long"; }),
                  "run.duration_us: expected a number");
  expect_rejected(mutate([](auto& d) { d.erase("failures"); }), "failures: missing");
}
