// The binary form of a DDSketch. Little-endian, versioned:
//   0xDD, version (1), alpha (f64), max_bins (varint), flags (u8: bit 0 = collapsed),
//   count, zero_count (varints), sum, min, max (f64), offset (zigzag varint),
//   number of bins (varint), then one varint count per bin from `offset` upwards.
// Varints keep the empty bins inside the span at one byte each; a typical latency sketch of a
// few hundred bins encodes in well under a kilobyte.
#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "telemetry/base64.hpp"
#include "telemetry/ddsketch.hpp"

namespace liveload::telemetry {

namespace {

constexpr uint8_t kMagic = 0xDD;
constexpr uint8_t kVersion = 1;
// Far above any limit LiveLoad sets; it bounds what a corrupt header can make decode allocate.
constexpr uint64_t kMaxBinsCeiling = 1u << 20;

void put_varint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

void put_double(std::vector<uint8_t>& out, double v) {
  const auto bits = std::bit_cast<uint64_t>(v);
  for (int shift = 0; shift < 64; shift += 8) out.push_back(static_cast<uint8_t>(bits >> shift));
}

uint64_t zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ (v < 0 ? ~uint64_t{0} : 0);
}
int64_t unzigzag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

// Reads the fields in order; the first problem sticks and names the byte where it was found.
class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  uint8_t byte() {
    if (!need(1)) return 0;
    return data_[pos_++];
  }

  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!need(1)) return 0;
      const uint8_t b = data_[pos_++];
      v |= uint64_t{b & 0x7Fu} << shift;
      if ((b & 0x80) == 0) return v;
    }
    fail("a varint runs over 64 bits");
    return 0;
  }

  double f64() {
    if (!need(8)) return 0;
    uint64_t bits = 0;
    for (int k = 0; k < 8; ++k) bits |= uint64_t{data_[pos_++]} << (8 * k);
    return std::bit_cast<double>(bits);
  }

  void fail(std::string what) {
    if (error_.empty()) error_ = fmt::format("{} (at byte {})", what, pos_);
  }

  size_t remaining() const { return size_ - pos_; }
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  bool need(size_t n) {
    if (failed()) return false;
    if (size_ - pos_ < n) {
      fail("truncated");
      return false;
    }
    return true;
  }

  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  std::string error_;
};

Failure corrupt(const std::string& what) {
  return Failure{"corrupt sketch", "sketch: " + what};
}

}  // namespace

std::vector<uint8_t> DDSketch::encode() const {
  std::vector<uint8_t> out;
  out.reserve(64 + store_.total() / 8);
  out.push_back(kMagic);
  out.push_back(kVersion);
  put_double(out, mapping_.relative_accuracy());
  put_varint(out, store_.max_bins());
  out.push_back(store_.collapsed() ? 1 : 0);
  put_varint(out, count_);
  put_varint(out, zero_count_);
  put_double(out, sum_);
  put_double(out, min_);
  put_double(out, max_);
  if (store_.empty()) {
    put_varint(out, 0);
    put_varint(out, 0);
    return out;
  }
  put_varint(out, zigzag(store_.min_index()));
  put_varint(out, static_cast<uint64_t>(store_.max_index() - store_.min_index()) + 1);
  store_.for_each([&out](int32_t, uint64_t count) { put_varint(out, count); });
  return out;
}

Result<DDSketch> DDSketch::decode(const uint8_t* data, size_t size) {
  Reader in(data, size);
  if (in.byte() != kMagic && !in.failed()) return corrupt("not a sketch encoding (bad magic)");
  const uint8_t version = in.byte();
  if (!in.failed() && version != kVersion) {
    return corrupt(fmt::format("unsupported encoding version {}", version));
  }
  const double alpha = in.f64();
  const uint64_t max_bins = in.varint();
  const uint8_t flags = in.byte();
  const uint64_t count = in.varint();
  const uint64_t zero_count = in.varint();
  const double sum = in.f64();
  const double min = in.f64();
  const double max = in.f64();
  const int64_t offset = unzigzag(in.varint());
  const uint64_t bin_count = in.varint();
  if (in.failed()) return corrupt(in.error());

  auto mapping = IndexMapping::create(alpha);
  if (!mapping) return corrupt(mapping.failure().detail);
  if (max_bins == 0 || max_bins > kMaxBinsCeiling) {
    return corrupt(fmt::format("bin limit {} out of range", max_bins));
  }
  if ((flags & ~1u) != 0) return corrupt(fmt::format("unknown flags {:#x}", flags));
  // Each bin takes at least one byte, which also bounds the allocation below.
  if (bin_count > max_bins || bin_count > in.remaining()) {
    return corrupt(fmt::format("{} bins do not fit (limit {}, {} bytes left)", bin_count, max_bins,
                               in.remaining()));
  }
  if (offset < std::numeric_limits<int32_t>::min() ||
      offset + static_cast<int64_t>(bin_count) - 1 > std::numeric_limits<int32_t>::max()) {
    return corrupt(fmt::format("bin offset {} out of range", offset));
  }

  std::vector<uint64_t> bins(bin_count);
  uint64_t binned = 0;
  for (auto& bin : bins) {
    bin = in.varint();
    if (bin > std::numeric_limits<uint64_t>::max() - binned) in.fail("bin counts overflow");
    binned += bin;
  }
  if (in.failed()) return corrupt(in.error());
  if (in.remaining() != 0) return corrupt(fmt::format("{} stray bytes at the end", in.remaining()));
  if (binned > std::numeric_limits<uint64_t>::max() - zero_count || binned + zero_count != count) {
    return corrupt(fmt::format("count {} disagrees with the bins ({}) and zeros ({})", count,
                               binned, zero_count));
  }
  const bool bounds_ok =
      count == 0 ? sum == 0 && min == 0 && max == 0
                 : std::isfinite(sum) && std::isfinite(max) && 0 <= min && min <= max && sum >= 0;
  if (!bounds_ok) {
    return corrupt(
        fmt::format("impossible sum {}, min {} or max {} for {} samples", sum, min, max, count));
  }

  DDSketch sketch(mapping.value(), static_cast<size_t>(max_bins));
  sketch.store_ = BinStore::from_parts(static_cast<size_t>(max_bins), static_cast<int32_t>(offset),
                                       std::move(bins), (flags & 1) != 0);
  sketch.zero_count_ = zero_count;
  sketch.count_ = count;
  sketch.sum_ = sum;
  sketch.min_ = min;
  sketch.max_ = max;
  return sketch;
}

std::string DDSketch::to_base64() const {
  const auto bytes = encode();
  return base64_encode(bytes.data(), bytes.size());
}

Result<DDSketch> DDSketch::from_base64(std::string_view text) {
  auto bytes = base64_decode(text);
  if (!bytes) return corrupt("not valid base64");
  return decode(*bytes);
}

}  // namespace liveload::telemetry
