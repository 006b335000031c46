#include "engine/browser/injected_script.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "engine/browser/telemetry_script.hpp"

namespace liveload::engine {

namespace {

// Plain ES2017. Built-ins are captured at install time, before any page script runs, so a page
// that replaces MutationObserver or setTimeout does not change how waits behave.
constexpr std::string_view kScript = R"JS((() => {
  'use strict';
  const G = globalThis;
  if (Object.getOwnPropertyDescriptor(G, '__liveload')) return;

  const binding = typeof G.__liveloadReport === 'function' ? G.__liveloadReport : null;
  if (binding) { try { delete G.__liveloadReport; } catch (e) { /* keep it then */ } }

  const doc = document;
  const MO = G.MutationObserver;
  const setT = G.setTimeout;
  const clearT = G.clearTimeout;
  const raf = G.requestAnimationFrame;
  const perf = G.performance;
  const now = () => perf.now();
  const getStyle = G.getComputedStyle;
  const stringify = JSON.stringify;

  const ok = (value) => ({ ok: true, value: value === undefined ? null : value });
  const fail = (reason, detail) => ({ ok: false, reason, detail });
  const errText = (e) => (e && e.message) ? String(e.message) : String(e);
  const clip = (s, n) => (s.length > n ? s.slice(0, n) + '...' : s);

  function report(event) {
    if (!binding) return;
    try { binding(stringify(event)); } catch (e) { /* the engine is gone */ }
  }

  function validSelector(sel) {
    try {
      doc.createDocumentFragment().querySelector(sel);
      return true;
    } catch (e) {
      return false;
    }
  }

  function describe(el) {
    if (!el || el.nodeType !== 1) return 'nothing';
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim()) {
      s += '.' + el.className.trim().split(/\s+/).slice(0, 3).join('.');
    }
    return s;
  }

  // --- change notification: one observer shared by every wait, connected only while waiting.
  const waiters = new Set();
  let observer = null;
  const EVENTS = ['transitionend', 'animationend', 'scroll', 'resize', 'load', 'DOMContentLoaded'];
  function pulse() {
    for (const w of Array.from(waiters)) w();
  }
  function watch(w) {
    waiters.add(w);
    if (observer) return;
    observer = new MO(pulse);
    observer.observe(doc,
        { attributes: true, childList: true, subtree: true, characterData: true });
    for (const e of EVENTS) G.addEventListener(e, pulse, true);
  }
  function unwatch(w) {
    waiters.delete(w);
    if (waiters.size || !observer) return;
    observer.disconnect();
    observer = null;
    for (const e of EVENTS) G.removeEventListener(e, pulse, true);
  }

  // Settles with probe()'s outcome, re-checking on every document change, or with a timeout
  // saying what was seen last (state.last) once `timeout` ms passed.
  function until(timeout, span, state, probe) {
    return new Promise((resolve) => {
      let timer = 0;
      let done = false;
      const finish = (r) => {
        if (done) return;
        done = true;
        unwatch(check);
        clearT(timer);
        resolve(r);
      };
      const check = () => {
        let r;
        try { r = probe(); } catch (e) { r = fail('script error', errText(e)); }
        if (r !== undefined) finish(r);
      };
      check();
      if (done) return;
      watch(check);
      timer = setT(() => finish(fail('timeout', state.last + ' within ' + span)),
          Math.max(0, timeout));
    });
  }

  // Resolves true on the next document change, false after `timeout` ms.
  function changed(timeout) {
    return new Promise((resolve) => {
      let timer = 0;
      const w = () => { unwatch(w); clearT(timer); resolve(true); };
      watch(w);
      timer = setT(() => { unwatch(w); resolve(false); }, Math.max(0, timeout));
    });
  }

  // One animation frame; the timer covers a page whose frames are throttled.
  function frame() {
    return new Promise((resolve) => {
      let done = false;
      const go = () => { if (!done) { done = true; resolve(); } };
      raf.call(G, go);
      setT(go, 100);
    });
  }

  function animating() {
    if (typeof doc.getAnimations !== 'function') return true;
    return doc.getAnimations().some((a) => a.playState === 'running');
  }

  function visible(el) {
    if (!el.isConnected) return false;
    const style = getStyle(el);
    if (style.visibility === 'hidden' || style.visibility === 'collapse') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }

  function disabled(el) {
    return (typeof el.matches === 'function' && el.matches(':disabled')) ||
        el.getAttribute('aria-disabled') === 'true';
  }

  function checkedState(el) {
    if (el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio')) {
      return el.checked;
    }
    const aria = el.getAttribute('aria-checked');
    if (aria === 'true' || aria === 'false') return aria === 'true';
    return null;
  }

  // Finds the element for `sel`, waiting until probe(el) accepts it.
  function element(sel, timeout, span, state, accept) {
    return until(timeout, span, state, () => {
      const el = doc.querySelector(sel);
      if (!el) { state.last = 'no element matched'; return undefined; }
      return accept(el);
    });
  }

  const badSelector = () => fail('invalid selector', 'invalid selector');

  // --- actions ------------------------------------------------------------------------------

  // Whether an HTML5 drag started since point() was asked for a drag source: Chromium then
  // reports the drag (Input.dragIntercepted) on its own schedule, and the engine waits for it
  // only when there is one to wait for.
  let dragStarted = false;
  const noteDrag = () => { dragStarted = true; };
  function takeDrag() {
    G.removeEventListener('dragstart', noteDrag, true);
    const started = dragStarted;
    dragStarted = false;
    return ok(started);
  }

  // The viewport point to click once the element is attached, visible, (enabled), stable,
  // scrolled into view and not covered by another element.
  async function point(sel, opts, timeout, span) {
    if (!validSelector(sel)) return badSelector();
    const end = now() + timeout;
    const state = { last: 'no element matched' };
    for (;;) {
      const found = await element(sel, end - now(), span, state, (el) => {
        if (!visible(el)) { state.last = 'element is not visible'; return undefined; }
        if (opts.enabled && disabled(el)) { state.last = 'element is disabled'; return undefined; }
        return { ok: true, el };
      });
      if (!found.ok) return found;
      const el = found.el;
      if (opts.checkable && checkedState(el) === null) {
        return fail('not checkable', 'element is not a checkbox or radio button');
      }
      // Without running animations a box only moves when the document changes, and waiting a
      // frame to compare would add ~16 ms to every click. A box moved by a script on every
      // frame, without CSS or Web Animations, is therefore taken as stable.
      let after = el.getBoundingClientRect();
      if (animating()) {
        // Compared across a frame pair: an animation that has just been created does not move
        // before its first frame has started it.
        await frame();
        const before = el.getBoundingClientRect();
        await frame();
        after = el.getBoundingClientRect();
        if (!el.isConnected || before.x !== after.x || before.y !== after.y ||
            before.width !== after.width || before.height !== after.height) {
          state.last = el.isConnected ? 'element is moving' : 'element was detached';
          if (now() >= end) return fail('timeout', state.last + ' within ' + span);
          continue;
        }
      }
      const vw = G.innerWidth, vh = G.innerHeight;
      let r = after;
      if (r.top < 0 || r.left < 0 || r.bottom > vh || r.right > vw) {
        el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
        r = el.getBoundingClientRect();
      }
      const x = Math.min(Math.max(r.left + r.width / 2, 0), vw - 1);
      const y = Math.min(Math.max(r.top + r.height / 2, 0), vh - 1);
      const hit = doc.elementFromPoint(x, y);
      if (hit && (hit === el || el.contains(hit))) {
        if (opts.drag) {
          dragStarted = false;
          G.addEventListener('dragstart', noteDrag, true);
        }
        return ok({ x, y, checked: checkedState(el) });
      }
      state.last = 'element is covered by ' + describe(hit);
      if (!(await changed(end - now()))) return fail('timeout', state.last + ' within ' + span);
    }
  }

  const TEXT_INPUTS = new Set(['', 'text', 'search', 'url', 'tel', 'password', 'email', 'number']);
  const VALUE_INPUTS =
      new Set(['date', 'time', 'datetime-local', 'month', 'week', 'color', 'range']);

  function dispatchInputChange(el) {
    el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }

  // Focuses the field and selects its content so that the typed text replaces it. Fields that
  // do not take typed text (date, color, range) get their value set directly instead.
  async function prepareFill(sel, text, timeout, span) {
    if (!validSelector(sel)) return badSelector();
    const state = { last: 'no element matched' };
    const found = await element(sel, timeout, span, state, (el) => {
      const tag = el.tagName;
      const type = tag === 'INPUT' ? (el.getAttribute('type') || '').toLowerCase() : '';
      const fillable = (tag === 'INPUT' && (TEXT_INPUTS.has(type) || VALUE_INPUTS.has(type))) ||
          tag === 'TEXTAREA' || el.isContentEditable;
      if (!fillable) {
        return fail('not fillable',
            'element is not a text <input>, <textarea> or [contenteditable]');
      }
      if (!visible(el)) { state.last = 'element is not visible'; return undefined; }
      if (disabled(el)) { state.last = 'element is disabled'; return undefined; }
      if (el.readOnly) { state.last = 'element is read-only'; return undefined; }
      return { ok: true, el, type };
    });
    if (!found.ok) return found;
    const el = found.el;
    el.focus();
    if (VALUE_INPUTS.has(found.type)) {
      el.value = text;
      if (found.type !== 'range' && el.value !== text) {
        return fail('invalid value',
            'malformed value "' + clip(text, 40) + '" for <input type=' + found.type + '>');
      }
      dispatchInputChange(el);
      return ok({ typed: false });
    }
    if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') {
      el.select();
    } else {
      const range = doc.createRange();
      range.selectNodeContents(el);
      const selection = G.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    return ok({ typed: true });
  }

  async function focusOrBlur(sel, focus, timeout, span) {
    if (!validSelector(sel)) return badSelector();
    const state = { last: 'no element matched' };
    const found = await element(sel, timeout, span, state, (el) => ({ ok: true, el }));
    if (!found.ok) return found;
    if (focus) found.el.focus(); else found.el.blur();
    return ok();
  }

  async function selectOption(sel, values, timeout, span) {
    if (!validSelector(sel)) return badSelector();
    const state = { last: 'no element matched' };
    const found = await element(sel, timeout, span, state, (el) => {
      if (el.tagName !== 'SELECT') return fail('not a select', 'element is not a <select>');
      if (!el.multiple && values.length > 1) {
        return fail('invalid value', 'the <select> takes one value, got ' + values.length);
      }
      if (disabled(el)) { state.last = 'element is disabled'; return undefined; }
      const options = Array.from(el.options);
      const chosen = [];
      for (const v of values) {
        const o = options.find((x) => x.value === v) || options.find((x) => x.label.trim() === v);
        if (!o) {
          state.last = 'no option with value or label "' + clip(v, 40) + '"';
          return undefined;
        }
        chosen.push(o);
      }
      return { ok: true, el, chosen };
    });
    if (!found.ok) return found;
    const { el, chosen } = found;
    if (!chosen.length) el.selectedIndex = -1;
    for (const o of el.options) o.selected = chosen.includes(o);
    dispatchInputChange(el);
    return ok(chosen.map((o) => o.value));
  }

  // --- waits and reads ----------------------------------------------------------------------

  async function waitFor(sel, want, timeout, span) {
    if (!validSelector(sel)) return badSelector();
    const state = { last: '' };
    return until(timeout, span, state, () => {
      const el = doc.querySelector(sel);
      const shown = !!el && visible(el);
      switch (want) {
        case 'attached':
          if (el) return ok();
          state.last = 'no element matched';
          return undefined;
        case 'detached':
          if (!el) return ok();
          state.last = 'an element still matches';
          return undefined;
        case 'visible':
          if (shown) return ok();
          state.last = el ? 'element is not visible' : 'no element matched';
          return undefined;
        default:
          if (!shown) return ok();
          state.last = 'element is still visible';
          return undefined;
      }
    });
  }

  async function waitText(sel, text, timeout, span) {
    if (!validSelector(sel)) return badSelector();
    const state = { last: 'no element matched' };
    return element(sel, timeout, span, state, (el) => {
      const content = el.textContent || '';
      if (content.includes(text)) return ok();
      state.last = 'text was ' + stringify(clip(content.trim(), 80));
      return undefined;
    });
  }

  async function read(sel, what, name, timeout, span) {
    if (!validSelector(sel)) return badSelector();
    const state = { last: 'no element matched' };
    const found = await element(sel, timeout, span, state, (el) => ({ ok: true, el }));
    if (!found.ok) return found;
    const el = found.el;
    switch (what) {
      case 'text': return ok(el.textContent || '');
      case 'html': return ok(el.innerHTML);
      case 'attribute': return ok(el.getAttribute(name));
      default:
        if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') {
          return ok(el.value);
        }
        return fail('not an input', 'element is not an <input>, <textarea> or <select>');
    }
  }

  function check(sel, what) {
    if (!validSelector(sel)) return badSelector();
    const el = doc.querySelector(sel);
    if (what === 'visible') return ok(!!el && visible(el));
    if (!el) return ok(false);
    const state = checkedState(el);
    if (state === null) return fail('not checkable', 'element is not a checkbox or radio button');
    return ok(state);
  }

  function content() {
    let s = '';
    if (doc.doctype) s = new XMLSerializer().serializeToString(doc.doctype);
    return ok(s + (doc.documentElement ? doc.documentElement.outerHTML : ''));
  }

  // --- LiveView -----------------------------------------------------------------------------

  // The join time is measured from navigation start (performance.now() is 0 there) or, after a
  // live redirect, from its phx:page-loading-start, to the first moment the container carried
  // phx-connected. The observer runs from the start of the document so that it catches a join
  // that completes before anyone asks.
  const joins = new WeakMap();
  let joinStart = 0;
  let joinedOnce = false;
  function noteConnected(el) {
    if (joins.has(el)) return;
    const at = now();
    joins.set(el, { at, start: joinStart });
    joinedOnce = true;
    report({ type: 'liveview-connected', join_us: (at - joinStart) * 1000, url: location.href,
             at_ms: perf.timeOrigin + at });
  }
  function isConnectedView(n) {
    return n.nodeType === 1 && n.classList.contains('phx-connected') &&
        n.hasAttribute('data-phx-session');
  }
  new MO((records) => {
    for (const r of records) {
      if (r.type === 'attributes') {
        if (isConnectedView(r.target)) noteConnected(r.target);
      } else {
        for (const n of r.addedNodes) if (isConnectedView(n)) noteConnected(n);
      }
    }
  }).observe(doc, { attributes: true, attributeFilter: ['class'], childList: true, subtree: true });
  G.addEventListener('phx:page-loading-start', (e) => {
    const kind = e && e.detail && e.detail.kind;
    if (kind === 'redirect' && joinedOnce) joinStart = now();
    report({ type: 'page-loading-start', kind: kind || null, t_ms: now() });
  }, true);
  G.addEventListener('phx:page-loading-stop', (e) => {
    const kind = e && e.detail && e.detail.kind;
    report({ type: 'page-loading-stop', kind: kind || null, t_ms: now() });
  }, true);

  const mainView = () =>
      doc.querySelector('[data-phx-main]') || doc.querySelector('[data-phx-session]');

  async function liveview(timeout, span) {
    const state = { last: '' };
    return until(timeout, span, state, () => {
      const el = mainView();
      if (!el) {
        state.last = 'no element with data-phx-session on ' + location.href;
        return undefined;
      }
      if (!el.classList.contains('phx-connected')) {
        state.last = 'the LiveView on ' + location.href + ' did not connect (classes: "' +
            el.className + '")';
        return undefined;
      }
      noteConnected(el);
      const j = joins.get(el);
      return ok((j.at - j.start) * 1000);
    });
  }

  async function ensureLiveview(timeout, span) {
    const state = { last: 'the document is still loading' };
    return until(timeout, span, state, () => {
      if (doc.querySelector('[data-phx-session]')) return ok();
      if (doc.readyState === 'loading') return undefined;
      return fail('not a liveview', 'no element with data-phx-session on ' + location.href);
    });
  }

  async function loading(kind, sel, timeout, span) {
    if (!validSelector(sel)) return badSelector();
    const cls = 'phx-' + kind + '-loading';
    const state = { last: 'no element matched' };
    let seen = false;
    return until(timeout, span, state, () => {
      const el = doc.querySelector(sel);
      if (!el) return seen ? ok() : undefined;
      seen = true;
      if (!el.classList.contains(cls)) return ok();
      state.last = 'element still has ' + cls;
      return undefined;
    });
  }

  // Submitting is split in two calls so that the engine never submits twice: submitStart may be
  // retried in a new document (it has not submitted yet when the document goes away), and
  // submitWait treats a document that goes away as a completed submit.
  let submitting = null;
  async function submitStart(sel, timeout, span) {
    if (!validSelector(sel)) return badSelector();
    const state = { last: 'no element matched' };
    const found = await element(sel, timeout, span, state, (el) => {
      if (el.tagName !== 'FORM') return fail('not a form', 'element is not a <form>');
      return { ok: true, el };
    });
    if (!found.ok) return found;
    const form = found.el;
    let submitted = false;
    const seen = () => { submitted = true; };
    form.addEventListener('submit', seen, true);
    try {
      const button =
          form.querySelector('button[type=submit], input[type=submit], button:not([type])');
      if (button && !disabled(button)) {
        try { form.requestSubmit(button); } catch (e) { form.requestSubmit(); }
      } else {
        form.requestSubmit();
      }
    } finally {
      form.removeEventListener('submit', seen, true);
    }
    if (!submitted) {
      const invalid = form.querySelector(':invalid');
      return fail('submit failed', 'the form was not submitted' +
          (invalid ? ': ' + describe(invalid) + ': ' + invalid.validationMessage : ''));
    }
    if (!form.hasAttribute('phx-submit')) return ok('submitted');
    // The LiveView client adds the class synchronously in its submit handler and removes it
    // when the server's reply is applied, so it must be there now.
    if (!form.classList.contains('phx-submit-loading')) {
      return fail('submit failed', 'the LiveView client did not take the submit ' +
          '(no phx-submit-loading on the form; is the LiveView connected?)');
    }
    submitting = form;
    return ok('loading');
  }

  async function submitWait(timeout, span) {
    const form = submitting;
    submitting = null;
    if (!form) return ok();
    const state = { last: 'the form still has phx-submit-loading' };
    return until(timeout, span, state, () =>
        (!form.isConnected || !form.classList.contains('phx-submit-loading')) ? ok() : undefined);
  }

  /*@TELEMETRY@*/

  // --- storage of the current origin --------------------------------------------------------

  function entries(store) {
    const out = {};
    for (let i = 0; i < store.length; i++) {
      const k = store.key(i);
      out[k] = store.getItem(k);
    }
    return out;
  }

  function storage() {
    try {
      if (location.origin === 'null') return ok({ origin: null });
      return ok({ origin: location.origin, localStorage: entries(G.localStorage),
                  sessionStorage: entries(G.sessionStorage) });
    } catch (e) {
      return ok({ origin: null });
    }
  }

  function fillStore(store, values) {
    store.clear();
    if (values) for (const k of Object.keys(values)) store.setItem(k, String(values[k]));
  }

  // Writes the entry of the current origin and returns the origins it could not write here.
  function restoreStorage(origins) {
    const elsewhere = [];
    for (const o of origins) {
      if (o.origin !== location.origin) { elsewhere.push(o.origin); continue; }
      try {
        fillStore(G.localStorage, o.localStorage);
        fillStore(G.sessionStorage, o.sessionStorage);
      } catch (e) {
        return fail('script error', 'cannot write the storage of ' + o.origin + ': ' + errText(e));
      }
    }
    return ok(elsewhere);
  }

  function clearStorage() {
    try {
      if (location.origin !== 'null') { G.localStorage.clear(); G.sessionStorage.clear(); }
    } catch (e) { /* an opaque origin has no storage */ }
    return ok();
  }

  // Every entry point turns an exception into a failure value instead of a rejected promise.
  const guard = (fn) => (...args) => {
    try {
      return Promise.resolve(fn(...args)).catch((e) => fail('script error', errText(e)));
    } catch (e) {
      return Promise.resolve(fail('script error', errText(e)));
    }
  };

  const api = Object.freeze({
    point: guard(point),
    prepareFill: guard(prepareFill),
    focus: guard((sel, timeout, span) => focusOrBlur(sel, true, timeout, span)),
    blur: guard((sel, timeout, span) => focusOrBlur(sel, false, timeout, span)),
    selectOption: guard(selectOption),
    waitFor: guard(waitFor),
    waitText: guard(waitText),
    read: guard(read),
    check: guard(check),
    content: guard(content),
    liveview: guard(liveview),
    ensureLiveview: guard(ensureLiveview),
    loading: guard(loading),
    submitStart: guard(submitStart),
    submitWait: guard(submitWait),
    storage: guard(storage),
    restoreStorage: guard(restoreStorage),
    clearStorage: guard(clearStorage),
    takeDrag: guard(takeDrag),
    report: (event) => report(event),
    flush: guard(() => { telemetry.flush(); return ok(); }),
  });
  Object.defineProperty(G, '__liveload',
      { value: api, enumerable: false, configurable: false, writable: false });
})();
)JS";

}  // namespace

std::string_view injected_script(bool telemetry) {
  static const auto build = [](std::string_view block) {
    constexpr std::string_view kMarker = "/*@TELEMETRY@*/";
    std::string script(kScript);
    script.replace(script.find(kMarker), kMarker.size(), block);
    return script;
  };
  static const std::string with = build(telemetry_script());
  static const std::string without = build(telemetry_script_disabled());
  return telemetry ? with : without;
}

std::string storage_restore_script(std::string_view origin, std::string_view local_json,
                                   std::string_view session_json, long long token) {
  const auto quoted_origin = boost::json::serialize(boost::json::value(origin));
  std::string s;
  s += "(() => { try { if (location.origin !== ";
  s += quoted_origin;
  s += ") return; const fill = (store, values) => { store.clear(); for (const k of "
       "Object.keys(values)) store.setItem(k, String(values[k])); }; fill(localStorage, ";
  s += local_json;
  s += "); fill(sessionStorage, ";
  s += session_json;
  s += "); const h = globalThis.__liveload; if (h) h.report({ type: 'storage-restored', token: ";
  s += std::to_string(token);
  s += " }); } catch (e) { /* storage is not available here */ } })();";
  return s;
}

}  // namespace liveload::engine
