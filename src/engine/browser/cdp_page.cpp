#include "engine/browser/cdp_page.hpp"

#include <boost/json/serialize.hpp>

namespace liveload::engine {

CdpPage::~CdpPage() {
  session_->close();
}

void CdpPage::set_event_listener(PageEventListener listener) {
  session_->set_event_listener(std::move(listener));
}

void CdpPage::navigate(const std::string& url, Millis timeout, Done<NavigateResult> done) {
  session_->navigate(url, timeout, std::move(done));
}

void CdpPage::reload(Millis timeout, Done<NavigateResult> done) {
  session_->reload(timeout, std::move(done));
}

void CdpPage::wait_for_liveview(Millis timeout, Done<double> done) {
  session_->wait_for_liveview(timeout, std::move(done));
}

void CdpPage::ensure_liveview(Millis timeout, Done<Unit> done) {
  session_->ensure_liveview(timeout, std::move(done));
}

void CdpPage::wait_for_loading(LoadingKind kind, const std::string& selector, Millis timeout,
                               Done<Unit> done) {
  session_->wait_for_loading(kind, selector, timeout, std::move(done));
}

void CdpPage::submit(const std::string& form_selector, Millis timeout, Done<Unit> done) {
  session_->submit(form_selector, timeout, std::move(done));
}

void CdpPage::click(const std::string& selector, Millis timeout, Done<Unit> done) {
  session_->click(selector, timeout, std::move(done));
}

void CdpPage::hover(const std::string& selector, Millis timeout, Done<Unit> done) {
  session_->hover(selector, timeout, std::move(done));
}

void CdpPage::fill(const std::string& selector, const std::string& text, Millis timeout,
                   Done<Unit> done) {
  session_->fill(selector, text, timeout, std::move(done));
}

void CdpPage::clear(const std::string& selector, Millis timeout, Done<Unit> done) {
  session_->fill(selector, "", timeout, std::move(done));
}

void CdpPage::press(const std::string& selector, const std::string& key, Millis timeout,
                    Done<Unit> done) {
  session_->press(selector, key, timeout, std::move(done));
}

void CdpPage::set_checked(const std::string& selector, bool checked, Millis timeout,
                          Done<Unit> done) {
  session_->set_checked(selector, checked, timeout, std::move(done));
}

void CdpPage::select_option(const std::string& selector, const std::vector<std::string>& values,
                            Millis timeout, Done<Unit> done) {
  session_->select_option(selector, values, timeout, std::move(done));
}

void CdpPage::focus(const std::string& selector, Millis timeout, Done<Unit> done) {
  session_->focus(selector, true, timeout, std::move(done));
}

void CdpPage::blur(const std::string& selector, Millis timeout, Done<Unit> done) {
  session_->focus(selector, false, timeout, std::move(done));
}

void CdpPage::drag_and_drop(const std::string& source, const std::string& target, Millis timeout,
                            Done<Unit> done) {
  session_->drag_and_drop(source, target, timeout, std::move(done));
}

void CdpPage::wait_for(const std::string& selector, ElementState state, Millis timeout,
                       Done<Unit> done) {
  session_->wait_for(selector, state, timeout, std::move(done));
}

void CdpPage::wait_for_text(const std::string& selector, const std::string& text, Millis timeout,
                            Done<Unit> done) {
  session_->wait_for_text(selector, text, timeout, std::move(done));
}

void CdpPage::read_string(const std::string& label, const std::string& selector, const char* what,
                          Millis timeout, Done<std::string> done) {
  session_->read(label + " " + selector, selector, what, "", timeout,
                 [label, done = std::move(done)](Result<boost::json::value> r) {
                   if (!r) return done(r.failure());
                   if (!r.value().is_string()) {
                     return done(Failure{"script error", label + ": unexpected result " +
                                                             boost::json::serialize(r.value())});
                   }
                   done(std::string(r.value().get_string()));
                 });
}

void CdpPage::text(const std::string& selector, Millis timeout, Done<std::string> done) {
  read_string("text", selector, "text", timeout, std::move(done));
}

void CdpPage::inner_html(const std::string& selector, Millis timeout, Done<std::string> done) {
  read_string("inner_html", selector, "html", timeout, std::move(done));
}

void CdpPage::input_value(const std::string& selector, Millis timeout, Done<std::string> done) {
  read_string("input_value", selector, "value", timeout, std::move(done));
}

void CdpPage::attribute(const std::string& selector, const std::string& name, Millis timeout,
                        Done<boost::json::value> done) {
  session_->read("attribute " + selector + " " + name, selector, "attribute", name, timeout,
                 std::move(done));
}

void CdpPage::is_visible(const std::string& selector, Millis timeout, Done<bool> done) {
  session_->check(selector, "visible", timeout, std::move(done));
}

void CdpPage::is_checked(const std::string& selector, Millis timeout, Done<bool> done) {
  session_->check(selector, "checked", timeout, std::move(done));
}

void CdpPage::content(Millis timeout, Done<std::string> done) {
  session_->content(timeout, std::move(done));
}

void CdpPage::url(Millis timeout, Done<std::string> done) {
  session_->url(timeout, std::move(done));
}

void CdpPage::evaluate(const std::string& expression, Millis timeout,
                       Done<boost::json::value> done) {
  session_->evaluate(expression, timeout, std::move(done));
}

void CdpPage::storage_snapshot(Millis timeout, Done<boost::json::value> done) {
  session_->storage_snapshot(timeout, std::move(done));
}

void CdpPage::restore_storage(const boost::json::value& snapshot, Millis timeout, Done<Unit> done) {
  session_->restore_storage(snapshot, timeout, std::move(done));
}

void CdpPage::clear_storage(Millis timeout, Done<Unit> done) {
  session_->clear_storage(timeout, std::move(done));
}

}  // namespace liveload::engine
