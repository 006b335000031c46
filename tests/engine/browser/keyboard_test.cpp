#include "engine/browser/keyboard.hpp"

#include <gtest/gtest.h>

namespace liveload::engine::keyboard {
namespace {

TEST(Keyboard, NamedKeysCarryCodeAndVirtualKeyCode) {
  auto enter = parse("Enter");
  ASSERT_TRUE(enter.ok());
  EXPECT_EQ(enter.value().key.code, "Enter");
  EXPECT_EQ(enter.value().key.key_code, 13);
  EXPECT_EQ(enter.value().key.text, "\r");
  auto down = parse("ArrowDown");
  ASSERT_TRUE(down.ok());
  EXPECT_EQ(down.value().key.key_code, 40);
  EXPECT_TRUE(down.value().key.text.empty());
}

TEST(Keyboard, SingleCharactersTypeThemselves) {
  auto a = parse("a");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.value().key.code, "KeyA");
  EXPECT_EQ(a.value().key.key_code, 65);
  EXPECT_EQ(a.value().key.text, "a");
  auto seven = parse("7");
  ASSERT_TRUE(seven.ok());
  EXPECT_EQ(seven.value().key.code, "Digit7");
  auto e_acute = parse("\xC3\xA9");
  ASSERT_TRUE(e_acute.ok());
  EXPECT_EQ(e_acute.value().key.text, "\xC3\xA9");
  EXPECT_EQ(e_acute.value().key.key_code, 0);
}

TEST(Keyboard, ModifiersAreHeldAroundTheKeyAndSuppressText) {
  auto chord = parse("Control+a");
  ASSERT_TRUE(chord.ok());
  EXPECT_EQ(chord.value().modifier_mask, kControl);
  const auto e = events(chord.value());
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].at("type"), "rawKeyDown");
  EXPECT_EQ(e[0].at("key"), "Control");
  EXPECT_EQ(e[1].at("type"), "rawKeyDown");  // no text with Control held
  EXPECT_EQ(e[1].at("key"), "a");
  EXPECT_EQ(e[1].at("modifiers"), kControl);
  EXPECT_EQ(e[2].at("type"), "keyUp");
  EXPECT_EQ(e[3].at("key"), "Control");
  EXPECT_EQ(e[3].at("modifiers"), 0);
}

TEST(Keyboard, ShiftUppercasesLettersAndKeepsText) {
  auto chord = parse("Shift+a");
  ASSERT_TRUE(chord.ok());
  const auto e = events(chord.value());
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[1].at("type"), "keyDown");
  EXPECT_EQ(e[1].at("key"), "A");
  EXPECT_EQ(e[1].at("text"), "A");
  EXPECT_EQ(e[1].at("modifiers"), kShift);
  auto tab = parse("Shift+Tab");
  ASSERT_TRUE(tab.ok());
  EXPECT_EQ(tab.value().key.key_code, 9);
}

TEST(Keyboard, PlusCanBeTheKeyItself) {
  auto plus = parse("Shift++");
  ASSERT_TRUE(plus.ok());
  EXPECT_EQ(plus.value().key.key, "+");
  auto alone = parse("+");
  ASSERT_TRUE(alone.ok());
  EXPECT_EQ(alone.value().key.text, "+");
}

TEST(Keyboard, UnknownNamesAreClearFailures) {
  auto typo = parse("Entr");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.failure().reason, "invalid key");
  EXPECT_NE(typo.failure().detail.find("unknown key \"Entr\""), std::string::npos);
  auto bad_modifier = parse("Ctrl+a");
  ASSERT_FALSE(bad_modifier.ok());
  EXPECT_NE(bad_modifier.failure().detail.find("\"Ctrl\""), std::string::npos);
  EXPECT_FALSE(parse("").ok());
  EXPECT_FALSE(parse("Shift+").ok());
}

}  // namespace
}  // namespace liveload::engine::keyboard
