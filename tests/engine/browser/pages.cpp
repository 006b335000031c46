// The fixed pages the browser tests load. Changes that tests wait for are started by the test
// itself (through a window.go()-style function), never by a timer racing the test.
#include "browser_fixture.hpp"

namespace liveload::engine::testing {

namespace {

constexpr const char* kPlain = R"(<!DOCTYPE html>
<html><head><title>plain</title></head>
<body><p id="p" class="para" data-x="1">Hello <b>world</b></p></body></html>)";

constexpr const char* kClick = R"(<!DOCTYPE html>
<html><body>
<button id="btn" style="width:120px;height:40px">Click</button>
<button id="off" disabled>Off</button>
<div id="log"></div>
<div id="hover" style="width:100px;height:30px">hover me</div>
<div id="hidden" style="display:none">hidden</div>
<style>@keyframes slide { from { margin-left: 0 } to { margin-left: 200px } }</style>
<button id="mover" style="animation: slide 1s linear infinite">moving</button>
<div style="height:3000px"></div>
<button id="far">far below</button>
<div id="under-box" style="position:relative">
  <button id="under">under</button>
  <div id="cover" style="position:absolute;left:0;top:0;width:300px;height:60px;background:#eee">
  </div>
</div>
<script>
  const log = document.getElementById('log');
  const note = (s) => { log.textContent += s + ';'; };
  document.getElementById('btn').addEventListener('click',
      (e) => note(e.isTrusted ? 'trusted' : 'untrusted'));
  document.getElementById('far').addEventListener('click', () => note('far'));
  document.getElementById('under').addEventListener('click', () => note('under'));
  document.getElementById('hover').addEventListener('mouseenter', () => note('entered'));
  window.uncover = () => setTimeout(() => document.getElementById('cover').remove(), 200);
</script>
</body></html>)";

constexpr const char* kForm = R"(<!DOCTYPE html>
<html><body>
<form id="f">
  <input id="q" name="q" value="old">
  <button type="submit">Go</button>
</form>
<textarea id="t"></textarea>
<div id="editable" contenteditable="true">edit me</div>
<input id="keys">
<input id="date" type="date">
<input id="ro" readonly value="fixed">
<input id="c" type="checkbox">
<input id="stubborn" type="checkbox">
<select id="s"><option value="a">Alpha</option><option value="b">Beta</option>
  <option value="c">Gamma</option></select>
<select id="m" multiple><option value="x">X</option><option value="y">Y</option></select>
<div id="log"></div>
<script>
  const log = document.getElementById('log');
  const note = (s) => { log.textContent += s + ';'; };
  const q = document.getElementById('q');
  q.addEventListener('input', (e) => note('input:' + e.inputType + ':' + e.isTrusted));
  document.getElementById('f').addEventListener('submit', (e) => {
    e.preventDefault();
    note('submitted:' + q.value);
  });
  document.getElementById('keys').addEventListener('keydown', (e) => note('down:' + e.key));
  document.getElementById('s').addEventListener('change', () => note('change'));
  document.getElementById('stubborn').addEventListener('click', (e) => e.preventDefault());
</script>
</body></html>)";

constexpr const char* kWaits = R"(<!DOCTYPE html>
<html><body>
<div id="hideme">visible</div>
<div id="removeme">remove</div>
<div id="showme" style="display:none">shown later</div>
<div id="msg">waiting</div>
<script>
  window.go = () => setTimeout(() => {
    const d = document.createElement('div');
    d.id = 'later';
    d.textContent = 'later';
    document.body.appendChild(d);
    document.getElementById('hideme').style.visibility = 'hidden';
    document.getElementById('removeme').remove();
    document.getElementById('showme').style.display = 'block';
    document.getElementById('msg').textContent = 'all done';
  }, 200);
  window.away = () => setTimeout(() => { location.href = '/nav-b'; }, 200);
</script>
</body></html>)";

constexpr const char* kNavB = R"(<!DOCTYPE html>
<html><body><div id="b">page b</div></body></html>)";

// A stand-in for a LiveView page: the container gets phx-connected after ?join= ms, a click
// holds phx-click-loading for 200 ms and a submit holds phx-submit-loading for 300 ms, as the
// LiveView client does around a server round trip.
constexpr const char* kLiveView = R"(<!DOCTYPE html>
<html><body>
<div id="main" data-phx-main data-phx-session="SESSION" data-phx-static="STATIC">
  <span id="count">0</span>
  <button id="inc" phx-click="inc">+</button>
  <form id="lvform" phx-submit="save"><input id="name" name="name">
    <button type="submit">Save</button></form>
  <form id="plainform"><input name="x"><button type="submit">Plain</button></form>
  <form id="required-form" phx-submit="save"><input name="r" required>
    <button type="submit">Save</button></form>
  <ul id="saved"></ul>
</div>
<script>
  const main = document.getElementById('main');
  const join = Number(new URLSearchParams(location.search).get('join') || '300');
  setTimeout(() => {
    main.classList.add('phx-connected');
    window.measuredJoin = performance.now();
  }, join);
  document.getElementById('inc').addEventListener('click', (e) => {
    const b = e.currentTarget;
    b.classList.add('phx-click-loading');
    setTimeout(() => {
      const c = document.getElementById('count');
      c.textContent = String(Number(c.textContent) + 1);
      b.classList.remove('phx-click-loading');
    }, 200);
  });
  window.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.target;
    if (!f.hasAttribute('phx-submit')) { window.plainSubmitted = true; return; }
    f.classList.add('phx-submit-loading');
    const value = f.querySelector('input').value;
    setTimeout(() => {
      const li = document.createElement('li');
      li.textContent = value;
      document.getElementById('saved').appendChild(li);
      f.classList.remove('phx-submit-loading');
    }, 300);
  });
</script>
</body></html>)";

constexpr const char* kStorage = R"(<!DOCTYPE html>
<html><body><div id="s">storage</div>
<script>localStorage.setItem('k', 'v'); sessionStorage.setItem('sk', 'sv');</script>
</body></html>)";

constexpr const char* kDrag = R"(<!DOCTYPE html>
<html><body>
<div id="src" draggable="true" style="width:80px;height:40px;background:#ccc">drag</div>
<div id="dst" style="margin-top:40px;width:200px;height:80px;background:#eee">drop here</div>
<div id="log"></div>
<script>
  const log = document.getElementById('log');
  const dst = document.getElementById('dst');
  document.getElementById('src').addEventListener('dragstart',
      (e) => e.dataTransfer.setData('text/plain', 'payload'));
  dst.addEventListener('dragover', (e) => e.preventDefault());
  dst.addEventListener('drop', (e) => {
    e.preventDefault();
    log.textContent = 'dropped:' + e.dataTransfer.getData('text/plain');
  });
</script>
</body></html>)";

}  // namespace

void install_pages(TestServer& server) {
  server.route("/plain", Response{200, kPlain, "text/html; charset=utf-8", {}});
  server.route("/click", Response{200, kClick, "text/html; charset=utf-8", {}});
  server.route("/form", Response{200, kForm, "text/html; charset=utf-8", {}});
  server.route("/waits", Response{200, kWaits, "text/html; charset=utf-8", {}});
  server.route("/nav-b", Response{200, kNavB, "text/html; charset=utf-8", {}});
  server.route("/lv", Response{200, kLiveView, "text/html; charset=utf-8", {}});
  server.route("/drag", Response{200, kDrag, "text/html; charset=utf-8", {}});
  server.route(
      "/storage",
      Response{200, kStorage, "text/html; charset=utf-8", {"Set-Cookie: sid=abc; Path=/"}});
  server.route("/missing",
               Response{404, "<!DOCTYPE html><p>nothing here</p>", "text/html; charset=utf-8", {}});
  server.route("/redirect", Response{302, "", "text/html", {"Location: /plain"}});
}

}  // namespace liveload::engine::testing
