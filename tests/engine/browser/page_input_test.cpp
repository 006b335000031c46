#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "browser_fixture.hpp"

namespace liveload::engine::testing {
namespace {

using ::testing::HasSubstr;

class InputTest : public BrowserTest {
 protected:
  std::string log(Page& page) {
    auto text = run<std::string>([&](auto done) { page.text("#log", 5s, done); });
    EXPECT_TRUE(text.ok()) << text.failure().detail;
    return text.ok() ? text.value() : "";
  }
  std::string eval_string(Page& page, const std::string& js) {
    auto v = run<boost::json::value>([&](auto done) { page.evaluate(js, 5s, done); });
    EXPECT_TRUE(v.ok()) << v.failure().detail;
    return v.ok() && v.value().is_string() ? std::string(v.value().get_string()) : "<none>";
  }
};

TEST_F(InputTest, ClickGoesThroughTrustedInputEvents) {
  auto page = page_at("/click");
  ASSERT_TRUE(page);
  auto r = run<Unit>([&](auto done) { page->click("#btn", 5s, done); });
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_EQ(log(*page), "trusted;");
}

// The cost a benchmark sees per click: one evaluate that the page answers once the element is
// actionable, and the three mouse events sent back to back (two round trips in all).
TEST_F(InputTest, AClickCostsFourCommands) {
  auto page = page_at("/click");
  ASSERT_TRUE(page);
  const auto before = browser().commands_sent();
  auto r = run<Unit>([&](auto done) { page->click("#btn", 5s, done); });
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_EQ(browser().commands_sent() - before, 4u);
}

TEST_F(InputTest, ClickScrollsAnElementBelowTheFoldIntoView) {
  auto page = page_at("/click");
  ASSERT_TRUE(page);
  auto r = run<Unit>([&](auto done) { page->click("#far", 5s, done); });
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_EQ(log(*page), "far;");
}

TEST_F(InputTest, ClickWaitsUntilTheElementIsNoLongerCovered) {
  auto page = page_at("/click");
  ASSERT_TRUE(page);
  auto covered = run<Unit>([&](auto done) { page->click("#under", 500ms, done); });
  ASSERT_FALSE(covered.ok());
  EXPECT_EQ(covered.failure().reason, "timeout");
  EXPECT_EQ(covered.failure().detail, "click #under: element is covered by div#cover within 500ms");
  EXPECT_EQ(log(*page), "");

  ASSERT_TRUE(
      run<boost::json::value>([&](auto done) { page->evaluate("uncover()", 5s, done); }).ok());
  auto r = run<Unit>([&](auto done) { page->click("#under", 5s, done); });
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_EQ(log(*page), "under;");
}

TEST_F(InputTest, ClickOnAMissingElementTimesOutNamingTheSelector) {
  auto page = page_at("/click");
  ASSERT_TRUE(page);
  auto r = run<Unit>([&](auto done) { page->click("#nope", 400ms, done); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "timeout");
  EXPECT_EQ(r.failure().detail, "click #nope: no element matched within 400ms");
}

TEST_F(InputTest, ClickOnHiddenOrDisabledElementsTimesOutSayingWhy) {
  auto page = page_at("/click");
  ASSERT_TRUE(page);
  auto hidden = run<Unit>([&](auto done) { page->click("#hidden", 300ms, done); });
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.failure().detail, "click #hidden: element is not visible within 300ms");
  auto off = run<Unit>([&](auto done) { page->click("#off", 300ms, done); });
  ASSERT_FALSE(off.ok());
  EXPECT_EQ(off.failure().detail, "click #off: element is disabled within 300ms");
}

TEST_F(InputTest, ClickWaitsForAMovingElementToStop) {
  auto page = page_at("/click");
  ASSERT_TRUE(page);
  auto r = run<Unit>([&](auto done) { page->click("#mover", 500ms, done); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "timeout");
  EXPECT_EQ(r.failure().detail, "click #mover: element is moving within 500ms");
  ASSERT_TRUE(run<boost::json::value>([&](auto done) {
                page->evaluate("document.getElementById('mover').style.animation = 'none'", 5s,
                               done);
              }).ok());
  auto stopped = run<Unit>([&](auto done) { page->click("#mover", 5s, done); });
  EXPECT_TRUE(stopped.ok()) << stopped.failure().detail;
}

TEST_F(InputTest, InvalidSelectorFailsAtOnceNotByTimeout) {
  auto page = page_at("/click");
  ASSERT_TRUE(page);
  auto r = run<Unit>([&](auto done) { page->click("##x", 30s, done); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "invalid selector");
  EXPECT_EQ(r.failure().detail, "click ##x: invalid selector");
  auto w = run<Unit>([&](auto done) { page->wait_for("a[", ElementState::visible, 30s, done); });
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.failure().reason, "invalid selector");
}

TEST_F(InputTest, HoverMovesTheMouseOverTheElement) {
  auto page = page_at("/click");
  ASSERT_TRUE(page);
  auto r = run<Unit>([&](auto done) { page->hover("#hover", 5s, done); });
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_EQ(log(*page), "entered;");
}

TEST_F(InputTest, FillReplacesTheValueWithTrustedInputEvents) {
  auto page = page_at("/form");
  ASSERT_TRUE(page);
  auto r = run<Unit>([&](auto done) { page->fill("#q", "hello", 5s, done); });
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  auto value = run<std::string>([&](auto done) { page->input_value("#q", 5s, done); });
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value.value(), "hello");
  EXPECT_EQ(log(*page), "input:insertText:true;");

  auto cleared = run<Unit>([&](auto done) { page->clear("#q", 5s, done); });
  ASSERT_TRUE(cleared.ok()) << cleared.failure().detail;
  value = run<std::string>([&](auto done) { page->input_value("#q", 5s, done); });
  EXPECT_EQ(value.value(), "");
  EXPECT_THAT(log(*page), HasSubstr("input:deleteContent"));
}

TEST_F(InputTest, FillWorksOnTextareasContentEditableAndDates) {
  auto page = page_at("/form");
  ASSERT_TRUE(page);
  ASSERT_TRUE(run<Unit>([&](auto done) { page->fill("#t", "multi\nline", 5s, done); }).ok());
  EXPECT_EQ(eval_string(*page, "document.getElementById('t').value"), "multi\nline");
  ASSERT_TRUE(run<Unit>([&](auto done) { page->fill("#editable", "edited", 5s, done); }).ok());
  EXPECT_EQ(eval_string(*page, "document.getElementById('editable').textContent"), "edited");
  ASSERT_TRUE(run<Unit>([&](auto done) { page->fill("#date", "2024-02-29", 5s, done); }).ok());
  EXPECT_EQ(eval_string(*page, "document.getElementById('date').value"), "2024-02-29");
  auto bad = run<Unit>([&](auto done) { page->fill("#date", "someday", 5s, done); });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.failure().reason, "invalid value");
}

TEST_F(InputTest, FillRefusesElementsThatTakeNoText) {
  auto page = page_at("/form");
  ASSERT_TRUE(page);
  auto r = run<Unit>([&](auto done) { page->fill("#s", "x", 5s, done); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "not fillable");
  EXPECT_THAT(r.failure().detail, HasSubstr("fill #s: element is not"));
  auto ro = run<Unit>([&](auto done) { page->fill("#ro", "x", 300ms, done); });
  ASSERT_FALSE(ro.ok());
  EXPECT_EQ(ro.failure().detail, "fill #ro: element is read-only within 300ms");
}

TEST_F(InputTest, PressEnterSubmitsTheForm) {
  auto page = page_at("/form");
  ASSERT_TRUE(page);
  ASSERT_TRUE(run<Unit>([&](auto done) { page->fill("#q", "query", 5s, done); }).ok());
  auto r = run<Unit>([&](auto done) { page->press("#q", "Enter", 5s, done); });
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_THAT(log(*page), HasSubstr("submitted:query;"));
}

TEST_F(InputTest, PressTypesCharactersAndEditingKeys) {
  auto page = page_at("/form");
  ASSERT_TRUE(page);
  for (const char* key : {"a", "Shift+b", "c", "Backspace", "ArrowLeft", "Delete", "End", "!"}) {
    auto r = run<Unit>([&](auto done) { page->press("#keys", key, 5s, done); });
    ASSERT_TRUE(r.ok()) << key << ": " << r.failure().detail;
  }
  EXPECT_EQ(eval_string(*page, "document.getElementById('keys').value"), "a!");
  EXPECT_THAT(log(*page), HasSubstr("down:a;down:Shift;down:B;"));
  ASSERT_TRUE(run<Unit>([&](auto done) { page->press("#keys", "Control+a", 5s, done); }).ok());
  ASSERT_TRUE(run<Unit>([&](auto done) { page->press("#keys", "Backspace", 5s, done); }).ok());
  EXPECT_EQ(eval_string(*page, "document.getElementById('keys').value"), "");
}

TEST_F(InputTest, PressWithAnUnknownKeyIsAClearFailure) {
  auto page = page_at("/form");
  ASSERT_TRUE(page);
  auto r = run<Unit>([&](auto done) { page->press("#keys", "Entr", 5s, done); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "invalid key");
  EXPECT_THAT(r.failure().detail, HasSubstr("press #keys Entr: unknown key \"Entr\""));
}

TEST_F(InputTest, SetCheckedClicksOnlyWhenTheStateDiffers) {
  auto page = page_at("/form");
  ASSERT_TRUE(page);
  auto is_checked = [&] {
    auto r = run<bool>([&](auto done) { page->is_checked("#c", 5s, done); });
    EXPECT_TRUE(r.ok());
    return r.ok() && r.value();
  };
  EXPECT_FALSE(is_checked());
  ASSERT_TRUE(run<Unit>([&](auto done) { page->set_checked("#c", true, 5s, done); }).ok());
  EXPECT_TRUE(is_checked());
  ASSERT_TRUE(run<Unit>([&](auto done) { page->set_checked("#c", true, 5s, done); }).ok());
  EXPECT_TRUE(is_checked());
  ASSERT_TRUE(run<Unit>([&](auto done) { page->set_checked("#c", false, 5s, done); }).ok());
  EXPECT_FALSE(is_checked());

  auto stubborn = run<Unit>([&](auto done) { page->set_checked("#stubborn", true, 5s, done); });
  ASSERT_FALSE(stubborn.ok());
  EXPECT_EQ(stubborn.failure().reason, "action failed");
  auto not_a_box = run<Unit>([&](auto done) { page->set_checked("#q", true, 5s, done); });
  ASSERT_FALSE(not_a_box.ok());
  EXPECT_EQ(not_a_box.failure().reason, "not checkable");
}

TEST_F(InputTest, SelectOptionByValueOrLabelFiresChange) {
  auto page = page_at("/form");
  ASSERT_TRUE(page);
  ASSERT_TRUE(run<Unit>([&](auto done) { page->select_option("#s", {"b"}, 5s, done); }).ok());
  auto value = run<std::string>([&](auto done) { page->input_value("#s", 5s, done); });
  EXPECT_EQ(value.value(), "b");
  ASSERT_TRUE(run<Unit>([&](auto done) { page->select_option("#s", {"Gamma"}, 5s, done); }).ok());
  value = run<std::string>([&](auto done) { page->input_value("#s", 5s, done); });
  EXPECT_EQ(value.value(), "c");
  EXPECT_EQ(log(*page), "change;change;");

  ASSERT_TRUE(run<Unit>([&](auto done) { page->select_option("#m", {"x", "y"}, 5s, done); }).ok());
  EXPECT_EQ(eval_string(*page,
                        "Array.from(document.getElementById('m').selectedOptions)"
                        ".map(o => o.value).join(',')"),
            "x,y");
  auto missing = run<Unit>([&](auto done) { page->select_option("#s", {"zzz"}, 300ms, done); });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.failure().detail,
            "select_option #s \"zzz\": no option with value or label \"zzz\" within 300ms");
  auto two = run<Unit>([&](auto done) { page->select_option("#s", {"a", "b"}, 5s, done); });
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.failure().reason, "invalid value");
}

TEST_F(InputTest, FocusAndBlurMoveTheFocus) {
  auto page = page_at("/form");
  ASSERT_TRUE(page);
  ASSERT_TRUE(run<Unit>([&](auto done) { page->focus("#t", 5s, done); }).ok());
  EXPECT_EQ(eval_string(*page, "document.activeElement.id"), "t");
  ASSERT_TRUE(run<Unit>([&](auto done) { page->blur("#t", 5s, done); }).ok());
  EXPECT_EQ(eval_string(*page, "document.activeElement.tagName"), "BODY");
}

TEST_F(InputTest, DragAndDropDeliversAnHtml5Drop) {
  auto page = page_at("/drag");
  ASSERT_TRUE(page);
  auto r = run<Unit>([&](auto done) { page->drag_and_drop("#src", "#dst", 5s, done); });
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_EQ(log(*page), "dropped:payload");
}

}  // namespace
}  // namespace liveload::engine::testing
