#include <gtest/gtest.h>

#include <random>

#include "sketch_test_data.hpp"
#include "telemetry/base64.hpp"
#include "telemetry/ddsketch.hpp"

using liveload::telemetry::base64_decode;
using liveload::telemetry::base64_encode;
using liveload::telemetry::DDSketch;
using liveload::telemetry::IndexMapping;
using namespace liveload::telemetry::testing;

namespace {

std::vector<DDSketch> assorted_sketches() {
  std::vector<DDSketch> out;
  out.emplace_back();  // empty
  for (const auto& d : distributions(3000)) {
    DDSketch s;
    for (double v : d.values) s.add(v);
    out.push_back(s);
  }
  DDSketch coarse(IndexMapping::create(0.05).value(), 16);  // collapsed
  for (int i = 1; i < 5000; ++i) coarse.add(i * 3.7);
  out.push_back(coarse);
  DDSketch zeros;
  for (int i = 0; i < 10; ++i) zeros.add(0);
  out.push_back(zeros);
  return out;
}

}  // namespace

TEST(SketchCodec, RoundTripsExactly) {
  for (const auto& sketch : assorted_sketches()) {
    auto decoded = DDSketch::decode(sketch.encode());
    ASSERT_TRUE(decoded.ok()) << decoded.failure().detail;
    EXPECT_TRUE(decoded.value() == sketch);
    EXPECT_EQ(decoded.value().mapping().relative_accuracy(), sketch.mapping().relative_accuracy());
    EXPECT_EQ(decoded.value().store().collapsed(), sketch.store().collapsed());
    EXPECT_EQ(decoded.value().encode(), sketch.encode());
    for (double q : many_quantiles()) {
      if (!sketch.empty()) {
        EXPECT_EQ(decoded.value().quantile(q), sketch.quantile(q));
      }
    }
  }
}

TEST(SketchCodec, RoundTripsThroughBase64) {
  for (const auto& sketch : assorted_sketches()) {
    auto decoded = DDSketch::from_base64(sketch.to_base64());
    ASSERT_TRUE(decoded.ok()) << decoded.failure().detail;
    EXPECT_TRUE(decoded.value() == sketch);
  }
}

TEST(SketchCodec, IsCompact) {
  DDSketch sketch;
  std::mt19937_64 rng(1);
  std::lognormal_distribution<double> latency(std::log(20000.0), 0.6);
  for (int i = 0; i < 100000; ++i) sketch.add(latency(rng));
  // A hundred thousand latencies spread over about 200 bins: one or two bytes each.
  EXPECT_LT(sketch.encode().size(), 700u);
}

TEST(SketchCodec, RejectsEveryTruncation) {
  for (const auto& sketch : assorted_sketches()) {
    const auto bytes = sketch.encode();
    for (size_t n = 0; n < bytes.size(); ++n) {
      auto decoded = DDSketch::decode(bytes.data(), n);
      ASSERT_FALSE(decoded.ok()) << "prefix of " << n << " of " << bytes.size();
      EXPECT_EQ(decoded.failure().reason, "corrupt sketch");
    }
  }
}

TEST(SketchCodec, RejectsNamedCorruptions) {
  DDSketch sketch;
  for (int i = 1; i <= 100; ++i) sketch.add(i);
  const auto good = sketch.encode();
  auto expect_rejected = [](std::vector<uint8_t> bytes, const std::string& words) {
    auto decoded = DDSketch::decode(bytes);
    ASSERT_FALSE(decoded.ok()) << words;
    EXPECT_NE(decoded.failure().detail.find(words), std::string::npos) << decoded.failure().detail;
  };

  auto bad_magic = good;
  bad_magic[0] = 'x';
  expect_rejected(bad_magic, "bad magic");

  auto bad_version = good;
  bad_version[1] = 9;
  expect_rejected(bad_version, "version 9");

  auto bad_alpha = good;
  for (size_t k = 2; k < 10; ++k) bad_alpha[k] = 0xFF;  // NaN
  expect_rejected(bad_alpha, "between 0 and 1");

  auto trailing = good;
  trailing.push_back(0);
  expect_rejected(trailing, "stray bytes");

  auto bad_count = good;
  bad_count[13] = static_cast<uint8_t>(bad_count[13] + 1);  // count: after magic, version,
  expect_rejected(bad_count, "disagrees");                  // alpha, 2-byte max_bins, flags

  auto bad_flags = good;
  bad_flags[12] = 0x80;
  expect_rejected(bad_flags, "flags");
}

TEST(SketchCodec, GarbageNeverCrashesAndNeverDecodesToAnInconsistentSketch) {
  std::mt19937 rng(99);
  DDSketch sample;
  for (int i = 1; i <= 300; ++i) sample.add(i * 17.0);
  const auto good = sample.encode();

  for (int trial = 0; trial < 20000; ++trial) {
    std::vector<uint8_t> bytes;
    if (trial % 2 == 0) {
      bytes.resize(rng() % 64);
      for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    } else {
      bytes = good;  // a valid encoding with a few bytes flipped
      for (int flips = 0; flips < 3; ++flips) bytes[rng() % bytes.size()] ^= 1u << (rng() % 8);
    }
    auto decoded = DDSketch::decode(bytes);
    if (!decoded.ok()) continue;
    const DDSketch& s = decoded.value();
    EXPECT_EQ(s.count(), s.zero_count() + s.store().total());
    EXPECT_LE(s.store().max_index() - s.store().min_index() + 1,
              static_cast<int64_t>(s.store().max_bins()));
    if (!s.empty()) {
      EXPECT_LE(s.quantile(0.5), s.max());
    }
  }
}

TEST(Base64, EncodesTheRfcVectors) {
  const std::pair<std::string, std::string> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(reinterpret_cast<const uint8_t*>(plain.data()), plain.size()), encoded);
    auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(std::string(decoded->begin(), decoded->end()), plain);
  }
}

TEST(Base64, RejectsWhatIsNotCanonicalBase64) {
  for (const char* bad : {"Zg", "Zg=", "Z===", "Zh==", "Zm9v!A==", "Zm=v", "=Zm9", "Zm9v\n"}) {
    EXPECT_FALSE(base64_decode(bad).has_value()) << bad;
  }
  auto decoded = DDSketch::from_base64("not base64 at all");
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.failure().detail.find("base64"), std::string::npos);
}
