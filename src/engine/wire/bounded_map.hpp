#pragma once
// A map that keeps at most `capacity` entries and evicts the oldest insertion to make room. The
// observers keep per-request state keyed by ids that a page or server chooses; a request that is
// never answered must not make that state grow without end.
#include <algorithm>
#include <cstddef>
#include <list>
#include <optional>
#include <unordered_map>
#include <utility>

namespace liveload::engine::wire {

template <class Key, class Value>
class BoundedMap {
 public:
  // A capacity of 0 is taken as 1: a map that can hold nothing would drop every entry.
  explicit BoundedMap(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {}

  // Inserts `value` under `key` as the newest entry, replacing an entry already there. Returns
  // how many entries were evicted to stay within the capacity (0 or 1).
  std::size_t put(Key key, Value value) {
    erase(key);
    std::size_t evicted = 0;
    if (order_.size() >= capacity_) {
      index_.erase(order_.front().first);
      order_.pop_front();
      evicted = 1;
    }
    order_.emplace_back(key, std::move(value));
    index_.emplace(std::move(key), std::prev(order_.end()));
    return evicted;
  }

  Value* find(const Key& key) {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &it->second->second;
  }

  // Removes the entry under `key` and returns its value, or nothing when there is none.
  std::optional<Value> take(const Key& key) {
    auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    std::optional<Value> value(std::move(it->second->second));
    order_.erase(it->second);
    index_.erase(it);
    return value;
  }

  void erase(const Key& key) {
    auto it = index_.find(key);
    if (it == index_.end()) return;
    order_.erase(it->second);
    index_.erase(it);
  }

  // Calls fn(key, value) for every entry, oldest first.
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const auto& [key, value] : order_) fn(key, value);
  }

  void clear() {
    index_.clear();
    order_.clear();
  }

  std::size_t size() const { return order_.size(); }
  std::size_t capacity() const { return capacity_; }

 private:
  using Order = std::list<std::pair<Key, Value>>;

  std::size_t capacity_;
  Order order_;  // oldest first
  std::unordered_map<Key, typename Order::iterator> index_;
};

}  // namespace liveload::engine::wire
