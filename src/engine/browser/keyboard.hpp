#pragma once
// Key names as Playwright writes them ("Enter", "a", "ArrowDown", "Control+a", "Shift+Tab") and
// the Input.dispatchKeyEvent commands that press them like a US keyboard would.
#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace liveload::engine::keyboard {

struct Key {
  std::string key;   // KeyboardEvent.key
  std::string code;  // KeyboardEvent.code, "" when there is no physical key for it
  int key_code = 0;  // windowsVirtualKeyCode, 0 when unknown
  std::string text;  // what typing it inserts, "" for keys that insert nothing
  int location = 0;  // 1 left, 2 right (modifiers)
};

// CDP modifier bits.
enum Modifier { kAlt = 1, kControl = 2, kMeta = 4, kShift = 8 };

struct Chord {
  std::vector<Key> modifiers;  // in the order written
  Key key;
  int modifier_mask = 0;
};

// Failure reason "invalid key" naming the part that is not a key.
Result<Chord> parse(std::string_view spec);

// The params of each Input.dispatchKeyEvent, in order: modifiers down, the key down and up,
// modifiers up. With Control, Alt or Meta held the key inserts no text, so "Control+a" selects
// instead of typing.
std::vector<boost::json::object> events(const Chord& chord);

}  // namespace liveload::engine::keyboard
