#include "engine/browser/telemetry_script.hpp"

namespace liveload::engine {

namespace {

// A block of the helper script's IIFE (injected_script.cpp): it sees `G`, `doc`, `MO`, `setT`,
// `perf`, `now` and `report` from there and defines `telemetry`. Everything it adds to the page is
// listeners and observers; it changes no attribute, no property and no global.
//
// Reports (the engine turns them into metrics, engine/wire/page_reports.hpp):
//   {type:'lv-event', kind, event, us, url}     a phx-<kind>-loading class came and went
//   {type:'lv-disconnect', url, at_ms}          the LiveView container lost phx-connected
//   {type:'lv-reconnect', us, url}              ... and got it back
//   {type:'lv-page-loading', kind, us, url}     phx:page-loading-start to -stop, per kind
//   {type:'lv-page-loading-canceled', kind, url} a start of a kind that was still open
//   {type:'lv-navigation', kind, url}           patch, navigate, or full (a document's first join)
//   {type:'vitals', url, ttfb, fcp, lcp, cls, inp} the page view's web vitals so far
constexpr std::string_view kTelemetry = R"JS(
  const telemetry = (() => {
   try {
    const href = () => location.href;
    const pageHref = location.href;
    const us = (from) => (now() - from) * 1000;
    const LOADING = /^phx-(click|submit|change|focus|blur|keydown|keyup)-loading$/;

    // --- liveview.event: from the class being added to its removal (the reply applied).
    const open = new Map();  // element -> Map(kind -> {start, event})
    const MAX_OPEN = 256;
    function eventName(el, kind) {
      const v = (el.getAttribute('phx-' + kind) || '').trim();
      if (v.charAt(0) !== '[') return v.length > 100 ? v.slice(0, 100) : v;
      // A JS command list: name it by its push, if it has one.
      try {
        for (const c of JSON.parse(v)) {
          if (Array.isArray(c) && c[0] === 'push' && c[1] && typeof c[1].event === 'string') {
            return c[1].event.slice(0, 100);
          }
        }
      } catch (e) { /* not JSON after all */ }
      return 'js';
    }
    // The client puts the class on a form and on its inputs and buttons; only the element that
    // carries the binding is measured, so one event is one sample.
    function measured(el, kind) {
      if (!el.hasAttribute('phx-' + kind)) return false;
      if ((kind === 'change' || kind === 'submit') && el.tagName !== 'FORM' && el.form &&
          el.form.hasAttribute('phx-' + kind)) return false;
      return true;
    }
    function loadingChanged(el) {
      let kinds = null;
      for (const c of el.classList) {
        const m = LOADING.exec(c);
        if (m) (kinds || (kinds = new Set())).add(m[1]);
      }
      let mine = open.get(el);
      if (kinds) {
        for (const k of kinds) {
          if ((mine && mine.has(k)) || !measured(el, k)) continue;
          if (!mine) {
            if (open.size >= MAX_OPEN) open.delete(open.keys().next().value);
            mine = new Map();
            open.set(el, mine);
          }
          mine.set(k, { start: now(), event: eventName(el, k) });
        }
      }
      if (!mine) return;
      for (const [k, e] of Array.from(mine)) {
        if (kinds && kinds.has(k)) continue;
        mine.delete(k);
        report({ type: 'lv-event', kind: k, event: e.event, us: us(e.start), url: href() });
      }
      if (!mine.size) open.delete(el);
    }

    // --- liveview.reconnect: a top-level container that had phx-connected and lost it.
    const views = new WeakMap();  // container -> {top, connected, lostAt}
    function viewChanged(el) {
      let v = views.get(el);
      if (!v) {
        const parent = el.parentElement;
        v = { top: !(parent && parent.closest('[data-phx-session]')), connected: false,
              lostAt: -1 };
        views.set(el, v);
      }
      if (!v.top) return;
      const cl = el.classList;
      if (cl.contains('phx-connected')) {
        if (v.lostAt >= 0) report({ type: 'lv-reconnect', us: us(v.lostAt), url: href() });
        v.connected = true;
        v.lostAt = -1;
      } else if (v.connected && (cl.contains('phx-disconnected') || cl.contains('phx-error') ||
          cl.contains('phx-loading'))) {
        v.connected = false;
        v.lostAt = now();
        report({ type: 'lv-disconnect', url: href(), at_ms: perf.timeOrigin + v.lostAt });
      }
    }

    new MO((records) => {
      try {
        for (const r of records) {
          const el = r.target;
          if (el.nodeType !== 1) continue;
          if (el.hasAttribute('data-phx-session')) viewChanged(el);
          loadingChanged(el);
        }
        // An element removed while loading never reports; forget it.
        for (const el of Array.from(open.keys())) if (!el.isConnected) open.delete(el);
      } catch (e) { /* never into the page */ }
    }).observe(doc, { attributes: true, attributeFilter: ['class'], subtree: true });

    // --- liveview.page_loading and navigations; starts and stops carry the same detail.
    const loadingSince = new Map();  // kind -> start
    let joined = false;
    const NAV = { patch: 'patch', redirect: 'navigate' };
    const kindOf = (e) => String((e && e.detail && e.detail.kind) || 'unknown').slice(0, 40);
    G.addEventListener('phx:page-loading-start', (e) => {
      try {
        const kind = kindOf(e);
        if (loadingSince.has(kind)) report({ type: 'lv-page-loading-canceled', kind, url: href() });
        loadingSince.set(kind, now());
        let nav = NAV[kind];
        if (kind === 'initial' && !joined) { joined = true; nav = 'full'; }
        if (nav) report({ type: 'lv-navigation', kind: nav, url: href() });
      } catch (err) { /* never into the page */ }
    }, true);
    G.addEventListener('phx:page-loading-stop', (e) => {
      try {
        const kind = kindOf(e);
        if (!loadingSince.has(kind)) return;
        report({ type: 'lv-page-loading', kind, us: us(loadingSince.get(kind)), url: href() });
        loadingSince.delete(kind);
      } catch (err) { /* never into the page */ }
    }, true);

    // --- web vitals of this page view. The engine keeps the last report and records it once
    // the document is gone. A report is sent after each batch of entries rather than at pagehide:
    // binding calls made in pagehide did not reach the engine in our runs, and a pagehide
    // listener delayed Target.disposeBrowserContext (the page then has an unload handler to run).
    const PO = G.PerformanceObserver;
    const supported = (PO && PO.supportedEntryTypes) || [];
    const vitals = {};
    const entries = perf.getEntriesByType ? perf.getEntriesByType.bind(perf) : () => [];
    function send() {
      try {
        const nav = entries('navigation')[0];
        if (nav && nav.responseStart > 0) vitals.ttfb = nav.responseStart * 1000;
        report(Object.assign({ type: 'vitals', url: pageHref }, vitals));
      } catch (e) { /* never into the page */ }
    }
    function observe(type, opts, fn) {
      if (!PO || supported.indexOf(type) < 0) return false;
      try {
        new PO((list) => {
          try { for (const e of list.getEntries()) fn(e); } catch (e) { /* keep the page's */ }
          send();
        }).observe(Object.assign({ type, buffered: true }, opts));
        return true;
      } catch (e) {
        return false;
      }
    }
    observe('paint', {}, (e) => {
      if (e.name === 'first-contentful-paint') vitals.fcp = e.startTime * 1000;
    });
    observe('largest-contentful-paint', {}, (e) => { vitals.lcp = e.startTime * 1000; });
    // CLS: the largest session window (shifts less than 1 s apart, at most 5 s long) of shifts
    // not caused by input; reported x1000 (a CLS of 0.1 is 100).
    let windowSum = 0, windowFirst = -1, windowLast = -1;
    if (observe('layout-shift', {}, (e) => {
      if (e.hadRecentInput) return;
      if (windowFirst >= 0 && e.startTime - windowLast < 1000 && e.startTime - windowFirst < 5000) {
        windowSum += e.value;
      } else {
        windowSum = e.value;
        windowFirst = e.startTime;
      }
      windowLast = e.startTime;
      vitals.cls = Math.max(vitals.cls || 0, windowSum * 1000);
    })) vitals.cls = 0;
    // INP, approximated as the longest interaction of the page view (the first input always,
    // later ones when they take 16 ms or more, the Event Timing threshold).
    const interaction = (e) => {
      if (!e.interactionId && e.entryType !== 'first-input') return;
      vitals.inp = Math.max(vitals.inp || 0, e.duration * 1000);
    };
    observe('event', { durationThreshold: 16 }, interaction);
    observe('first-input', {}, interaction);
    G.addEventListener('load', send, true);
    return { flush: send };
   } catch (e) {
    return { flush() {} };
   }
  })();
)JS";

}  // namespace

std::string_view telemetry_script() {
  return kTelemetry;
}

std::string_view telemetry_script_disabled() {
  return "\n  const telemetry = { flush() {} };\n";
}

}  // namespace liveload::engine
