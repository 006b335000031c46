#pragma once
// The Page of one virtual user, over one CDP session in its own browser context. Destroying it
// closes the page and disposes the context; operations still running then fail with "stopped".
#include <memory>
#include <string>
#include <vector>

#include "engine/browser/page_session.hpp"
#include "engine/page.hpp"

namespace liveload::engine {

class CdpPage final : public Page {
 public:
  explicit CdpPage(std::shared_ptr<PageSession> session) : session_(std::move(session)) {}
  ~CdpPage() override;

  // Receives what the page reports ("liveview-connected" with join_us, "page-loading-start",
  // "page-loading-stop"), on the io thread.
  void set_event_listener(PageEventListener listener);
  const PageSession::Ids& ids() const { return session_->ids(); }
  // Crashes this page's renderer, as a renderer bug would: for tests of crash handling.
  void crash(Millis timeout, Done<Unit> done) { session_->crash(timeout, std::move(done)); }

  bool alive() const override { return session_->alive(); }
  void navigate(const std::string& url, Millis timeout, Done<NavigateResult> done) override;
  void reload(Millis timeout, Done<NavigateResult> done) override;
  void wait_for_liveview(Millis timeout, Done<double> done) override;
  void ensure_liveview(Millis timeout, Done<Unit> done) override;
  void wait_for_loading(LoadingKind kind, const std::string& selector, Millis timeout,
                        Done<Unit> done) override;
  void submit(const std::string& form_selector, Millis timeout, Done<Unit> done) override;
  void click(const std::string& selector, Millis timeout, Done<Unit> done) override;
  void hover(const std::string& selector, Millis timeout, Done<Unit> done) override;
  void fill(const std::string& selector, const std::string& text, Millis timeout,
            Done<Unit> done) override;
  void clear(const std::string& selector, Millis timeout, Done<Unit> done) override;
  void press(const std::string& selector, const std::string& key, Millis timeout,
             Done<Unit> done) override;
  void set_checked(const std::string& selector, bool checked, Millis timeout,
                   Done<Unit> done) override;
  void select_option(const std::string& selector, const std::vector<std::string>& values,
                     Millis timeout, Done<Unit> done) override;
  void focus(const std::string& selector, Millis timeout, Done<Unit> done) override;
  void blur(const std::string& selector, Millis timeout, Done<Unit> done) override;
  void drag_and_drop(const std::string& source, const std::string& target, Millis timeout,
                     Done<Unit> done) override;
  void wait_for(const std::string& selector, ElementState state, Millis timeout,
                Done<Unit> done) override;
  void wait_for_text(const std::string& selector, const std::string& text, Millis timeout,
                     Done<Unit> done) override;
  void text(const std::string& selector, Millis timeout, Done<std::string> done) override;
  void inner_html(const std::string& selector, Millis timeout, Done<std::string> done) override;
  void input_value(const std::string& selector, Millis timeout, Done<std::string> done) override;
  void attribute(const std::string& selector, const std::string& name, Millis timeout,
                 Done<boost::json::value> done) override;
  void is_visible(const std::string& selector, Millis timeout, Done<bool> done) override;
  void is_checked(const std::string& selector, Millis timeout, Done<bool> done) override;
  void content(Millis timeout, Done<std::string> done) override;
  void url(Millis timeout, Done<std::string> done) override;
  void evaluate(const std::string& expression, Millis timeout,
                Done<boost::json::value> done) override;
  void storage_snapshot(Millis timeout, Done<boost::json::value> done) override;
  void restore_storage(const boost::json::value& snapshot, Millis timeout,
                       Done<Unit> done) override;
  void clear_storage(Millis timeout, Done<Unit> done) override;

 private:
  void read_string(const std::string& label, const std::string& selector, const char* what,
                   Millis timeout, Done<std::string> done);

  std::shared_ptr<PageSession> session_;
};

}  // namespace liveload::engine
