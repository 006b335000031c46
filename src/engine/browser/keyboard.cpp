#include "engine/browser/keyboard.hpp"

#include <array>
#include <cctype>

namespace liveload::engine::keyboard {

namespace {

struct Named {
  std::string_view name;
  std::string_view code;
  int key_code;
  std::string_view text;
  int location;
};

constexpr std::array<Named, 30> kNamed = {{
    {"Enter", "Enter", 13, "\r", 0},
    {"Tab", "Tab", 9, "", 0},
    {"Escape", "Escape", 27, "", 0},
    {"Backspace", "Backspace", 8, "", 0},
    {"Delete", "Delete", 46, "", 0},
    {"Insert", "Insert", 45, "", 0},
    {"ArrowLeft", "ArrowLeft", 37, "", 0},
    {"ArrowUp", "ArrowUp", 38, "", 0},
    {"ArrowRight", "ArrowRight", 39, "", 0},
    {"ArrowDown", "ArrowDown", 40, "", 0},
    {"Home", "Home", 36, "", 0},
    {"End", "End", 35, "", 0},
    {"PageUp", "PageUp", 33, "", 0},
    {"PageDown", "PageDown", 34, "", 0},
    {"Space", "Space", 32, " ", 0},
    {"F1", "F1", 112, "", 0},
    {"F2", "F2", 113, "", 0},
    {"F3", "F3", 114, "", 0},
    {"F4", "F4", 115, "", 0},
    {"F5", "F5", 116, "", 0},
    {"F6", "F6", 117, "", 0},
    {"F7", "F7", 118, "", 0},
    {"F8", "F8", 119, "", 0},
    {"F9", "F9", 120, "", 0},
    {"F10", "F10", 121, "", 0},
    {"F11", "F11", 122, "", 0},
    {"F12", "F12", 123, "", 0},
    {"Shift", "ShiftLeft", 16, "", 1},
    {"Control", "ControlLeft", 17, "", 1},
    {"Alt", "AltLeft", 18, "", 1},
}};

constexpr Named kMetaKey = {"Meta", "MetaLeft", 91, "", 1};

struct Punctuation {
  char c;
  std::string_view code;
  int key_code;
};

// The US layout's punctuation keys, unshifted and shifted.
constexpr std::array<Punctuation, 32> kPunctuation = {{
    {';', "Semicolon", 186},    {':', "Semicolon", 186},    {'=', "Equal", 187},
    {'+', "Equal", 187},        {',', "Comma", 188},        {'<', "Comma", 188},
    {'-', "Minus", 189},        {'_', "Minus", 189},        {'.', "Period", 190},
    {'>', "Period", 190},       {'/', "Slash", 191},        {'?', "Slash", 191},
    {'`', "Backquote", 192},    {'~', "Backquote", 192},    {'[', "BracketLeft", 219},
    {'{', "BracketLeft", 219},  {'\\', "Backslash", 220},   {'|', "Backslash", 220},
    {']', "BracketRight", 221}, {'}', "BracketRight", 221}, {'\'', "Quote", 222},
    {'"', "Quote", 222},        {'!', "Digit1", 49},        {'@', "Digit2", 50},
    {'#', "Digit3", 51},        {'$', "Digit4", 52},        {'%', "Digit5", 53},
    {'^', "Digit6", 54},        {'&', "Digit7", 55},        {'*', "Digit8", 56},
    {'(', "Digit9", 57},        {')', "Digit0", 48},
}};

Key from_named(const Named& n) {
  return Key{std::string(n.name), std::string(n.code), n.key_code, std::string(n.text), n.location};
}

// Number of code points in valid UTF-8, or 0 when it is not valid UTF-8.
std::size_t code_points(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t len = b < 0x80         ? 1
                            : (b >> 5) == 6  ? 2
                            : (b >> 4) == 14 ? 3
                            : (b >> 3) == 30 ? 4
                                             : 0;
    if (len == 0 || i + len > s.size()) return 0;
    for (std::size_t j = 1; j < len; ++j) {
      if ((static_cast<unsigned char>(s[i + j]) >> 6) != 2) return 0;
    }
    i += len;
    ++count;
  }
  return count;
}

bool lookup(std::string_view name, Key& out) {
  for (const auto& n : kNamed) {
    if (n.name == name) {
      out = from_named(n);
      if (name == "Space") out.key = " ";
      return true;
    }
  }
  if (name == kMetaKey.name) {
    out = from_named(kMetaKey);
    return true;
  }
  if (name == " ") return lookup("Space", out);
  if (name.size() == 1) {
    const char c = name[0];
    const auto uc = static_cast<unsigned char>(c);
    if (std::isalpha(uc)) {
      const char upper = static_cast<char>(std::toupper(uc));
      out = Key{std::string(1, c), std::string("Key") + upper, upper, std::string(1, c), 0};
      return true;
    }
    if (std::isdigit(uc)) {
      out = Key{std::string(1, c), std::string("Digit") + c, c, std::string(1, c), 0};
      return true;
    }
    for (const auto& p : kPunctuation) {
      if (p.c == c) {
        out = Key{std::string(1, c), std::string(p.code), p.key_code, std::string(1, c), 0};
        return true;
      }
    }
  }
  // Any other single character is typed as text without a physical key.
  if (code_points(name) == 1 && static_cast<unsigned char>(name[0]) >= 0x20) {
    out = Key{std::string(name), "", 0, std::string(name), 0};
    return true;
  }
  return false;
}

int modifier_bit(std::string_view name) {
  if (name == "Shift") return kShift;
  if (name == "Control" || name == "ControlOrMeta") return kControl;
  if (name == "Alt") return kAlt;
  if (name == "Meta") return kMeta;
  return 0;
}

}  // namespace

Result<Chord> parse(std::string_view spec) {
  if (spec.empty()) return Failure{"invalid key", "the key name is empty"};
  std::vector<std::string_view> parts;
  std::string_view rest = spec;
  while (true) {
    // A '+' right at the start of a part is the key itself ("Shift++" presses Shift and '+').
    const auto plus = rest.find('+', 1);
    if (plus == std::string_view::npos) {
      parts.push_back(rest);
      break;
    }
    parts.push_back(rest.substr(0, plus));
    rest.remove_prefix(plus + 1);
    if (rest.empty()) return Failure{"invalid key", "\"" + std::string(spec) + "\" ends with +"};
  }

  Chord chord;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const int bit = modifier_bit(parts[i]);
    if (bit == 0) {
      return Failure{"invalid key", "\"" + std::string(parts[i]) + "\" in \"" + std::string(spec) +
                                        "\" is not a modifier (Shift, Control, Alt, Meta)"};
    }
    Key modifier;
    lookup(parts[i] == "ControlOrMeta" ? "Control" : parts[i], modifier);
    chord.modifiers.push_back(modifier);
    chord.modifier_mask |= bit;
  }
  if (!lookup(parts.back(), chord.key)) {
    return Failure{"invalid key",
                   "unknown key \"" + std::string(parts.back()) +
                       "\" (use a single character or one of Enter, Tab, Escape, Backspace, "
                       "Delete, Insert, ArrowLeft, ArrowUp, ArrowRight, ArrowDown, Home, End, "
                       "PageUp, PageDown, Space, F1-F12, Shift, Control, Alt, Meta)"};
  }
  if ((chord.modifier_mask & kShift) != 0 && chord.key.key.size() == 1 &&
      std::islower(static_cast<unsigned char>(chord.key.key[0]))) {
    chord.key.key[0] =
        static_cast<char>(std::toupper(static_cast<unsigned char>(chord.key.key[0])));
    chord.key.text = chord.key.key;
  }
  if ((chord.modifier_mask & (kControl | kAlt | kMeta)) != 0) chord.key.text.clear();
  return chord;
}

namespace {

boost::json::object event(std::string_view type, const Key& key, int modifiers) {
  boost::json::object e;
  e["type"] = type;
  e["modifiers"] = modifiers;
  e["key"] = key.key;
  if (!key.code.empty()) e["code"] = key.code;
  if (key.key_code != 0) {
    e["windowsVirtualKeyCode"] = key.key_code;
    e["nativeVirtualKeyCode"] = key.key_code;
  }
  if (type == "keyDown") {
    e["text"] = key.text;
    e["unmodifiedText"] = key.text;
  }
  if (key.location != 0) e["location"] = key.location;
  return e;
}

int bit_of(const Key& modifier) {
  return modifier_bit(modifier.key);
}

}  // namespace

std::vector<boost::json::object> events(const Chord& chord) {
  std::vector<boost::json::object> out;
  int held = 0;
  for (const auto& m : chord.modifiers) {
    held |= bit_of(m);
    out.push_back(event("rawKeyDown", m, held));
  }
  out.push_back(event(chord.key.text.empty() ? "rawKeyDown" : "keyDown", chord.key, held));
  out.push_back(event("keyUp", chord.key, held));
  for (auto it = chord.modifiers.rbegin(); it != chord.modifiers.rend(); ++it) {
    held &= ~bit_of(*it);
    out.push_back(event("keyUp", *it, held));
  }
  return out;
}

}  // namespace liveload::engine::keyboard
