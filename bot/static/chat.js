// fairbot web chat: plain JavaScript, no external assets (fair networks are flaky).
// Everything shown is set with textContent, never innerHTML: bot and staff text is untrusted.
//
// Fair Wi-Fi drops: every message waits in localStorage ("fairbot-pending"), shown as pending,
// until the server has answered it; it is resent with the same message id (the server logs a
// message id once) whenever the connection returns, also after a reload. A service worker
// keeps the page itself available offline, so a reload without network still shows it.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("text");
  var net = document.getElementById("net");
  var context = { fair: root.dataset.fair || null, booth: root.dataset.booth || null, lang: root.dataset.lang || null };
  var privacyPath = root.dataset.privacy || "/privacy";
  // The offline line in every language (the server's catalogs), in the visitor's.
  var offlineTexts = {};
  try { offlineTexts = JSON.parse(root.dataset.offline || "{}"); } catch (e) { offlineTexts = {}; }
  var replyLang = null;
  var PENDING = "fairbot-pending";
  var RETRY_DELAYS = [1000, 2000, 4000, 8000, 10000];  // then every 10 s, for as long as the page is open
  var CACHE = "fairbot-chat-v1";
  var session = localStorage.getItem("fairbot-session");
  if (!session) {
    session = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now());
    localStorage.setItem("fairbot-session", session);
  }
  var lastMessageId = Number(localStorage.getItem("fairbot-staff-after") || 0);
  var answered = {};  // inquiry ids shown: an answer can come by response and by poll
  var staffHere = sessionStorage.getItem("fairbot-staff-here") === "1";
  var sending = false;
  var failures = 0;
  var retryTimer = null;

  function firstTime(inquiryId) {
    if (!inquiryId) return true;
    if (answered[inquiryId]) return false;
    answered[inquiryId] = true;
    return true;
  }

  // Text with links: http(s) URLs and the privacy page, as <a> elements built node by node.
  function fill(el, text) {
    var parts = String(text).split(/(https?:\/\/[^\s]+|\/privacy\b)/);
    parts.forEach(function (part, i) {
      if (i % 2 === 0) { if (part) el.appendChild(document.createTextNode(part)); return; }
      var a = document.createElement("a");
      a.href = part === "/privacy" ? privacyPath : part;
      a.textContent = part;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      el.appendChild(a);
    });
  }

  // `cursor`: where answers go (after their question), else the end of the log.
  function place(li, cursor) {
    if (cursor && cursor.el && cursor.el.parentNode === log) {
      cursor.el.insertAdjacentElement("afterend", li);
      cursor.el = li;
    } else {
      log.appendChild(li);
      log.scrollTop = log.scrollHeight;
    }
    return li;
  }

  function add(kind, text, cursor) {
    var li = document.createElement("li");
    li.className = "msg " + kind;
    fill(li, text);
    return place(li, cursor);
  }

  function addLinks(links, cursor) {
    links.forEach(function (href) {
      if (!/^https?:\/\//.test(href)) return;
      add("bot notice", href, cursor);
    });
  }

  function addChoices(items, cursor) {
    if (!items.length) return;
    var li = document.createElement("li");
    li.className = "choices";
    items.forEach(function (item) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = item.label;
      b.addEventListener("click", function () {
        Array.prototype.forEach.call(li.querySelectorAll("button"), function (x) { x.disabled = true; });
        queue({ postback: item.data, text: "" }, item.echo ? item.label : null);
      });
      li.appendChild(b);
    });
    place(li, cursor);
  }

  function show(data, anchor) {
    if (!firstTime(data.inquiry_id)) return;
    var cursor = { el: anchor || null };
    (data.notices || []).forEach(function (t) { add("bot notice", t, cursor); });
    if (data.lang) replyLang = data.lang;
    if (data.reply) {
      add("bot", data.reply, cursor);
      if (!data.queued) setStaffHere(false);
    }
    addLinks(data.links || [], cursor);
    var choices = (data.suggestions || []).map(function (s) { return { data: "faq:" + s.id, label: s.label, echo: true }; });
    choices = choices.concat((data.buttons || []).map(function (b) { return { data: b.data, label: b.label, echo: true }; }));
    choices = choices.concat(data.feedback || []);
    addChoices(choices, cursor);
  }

  function setStaffHere(value) {
    staffHere = value;
    sessionStorage.setItem("fairbot-staff-here", value ? "1" : "0");
  }

  function setNet(text) {
    if (!net) return;
    net.hidden = !text;
    net.textContent = text || "";
  }

  function pending() {
    try { return JSON.parse(localStorage.getItem(PENDING) || "[]"); } catch (e) { return []; }
  }

  function savePending(list) { localStorage.setItem(PENDING, JSON.stringify(list)); }

  function bubbleOf(id) {
    var found = null;
    Array.prototype.forEach.call(log.querySelectorAll("li[data-msg]"), function (li) {
      if (li.dataset.msg === id) found = li;
    });
    return found;
  }

  function newId() {
    return session + "-" + Date.now() + "-" + Math.random().toString(36).slice(2, 8);
  }

  // A message to send: stored first, shown as pending, then the queue is flushed.
  function queue(extra, echo) {
    var body = Object.assign({ session: session, id: newId() }, context, extra);
    var item = { id: body.id, body: body, echo: echo };
    var list = pending();
    list.push(item);
    savePending(list);
    if (echo) showPending(item);
    flush();
  }

  function showPending(item) {
    var li = add("me pending", item.echo);
    li.dataset.msg = item.id;
  }

  function attempt(body) {
    return fetch("/api/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) {
        if (r.status >= 500) throw new Error("server " + r.status);
        return r.json().then(function (data) { return { ok: r.ok, data: data }; });
      });
  }

  function flush() {
    if (sending) return;
    var list = pending();
    if (!list.length) { setNet(""); return; }
    var item = list[0];
    sending = true;
    attempt(item.body).then(function (res) {
      savePending(pending().filter(function (x) { return x.id !== item.id; }));
      failures = 0;
      setNet("");
      var li = bubbleOf(item.id);
      if (li) li.classList.remove("pending");
      if (res.ok) show(res.data, li);
      else add("bot notice", res.data.error || "Error", { el: li });
      sending = false;
      flush();
    }, function () {
      sending = false;
      var lang = context.lang || replyLang || "en";
      setNet("⚠ " + (offlineTexts[lang] || offlineTexts.en || "Offline: your message is kept."));
      var delay = RETRY_DELAYS[Math.min(failures, RETRY_DELAYS.length - 1)];
      failures += 1;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(flush, delay);
    });
  }

  function poll() {
    fetch("/api/messages?session=" + encodeURIComponent(session) + "&after=" + lastMessageId)
      .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
      .then(function (data) {
        var shown = {};
        data.messages.forEach(function (m) {
          lastMessageId = Math.max(lastMessageId, m.id);
          if (m.from === "staff") {
            if (!staffHere && m.joined) add("bot notice joined", m.joined);
            setStaffHere(true);
            add("staff", m.text);
            return;
          }
          // the bot's late answer: one inquiry may bring several messages (notice, answer)
          if (shown[m.inquiry_id] || firstTime(m.inquiry_id)) { shown[m.inquiry_id] = true; add("bot", m.text); }
        });
        localStorage.setItem("fairbot-staff-after", String(lastMessageId));
      })
      .catch(function () {})
      .finally(function () { setTimeout(poll, 3000); });
  }

  function chooseLanguage(code) {
    context.lang = code;
    Array.prototype.forEach.call(document.querySelectorAll("#langs button"), function (b) {
      b.setAttribute("aria-pressed", b.dataset.lang === code ? "true" : "false");
    });
    queue({ postback: "lang:" + code, text: "" }, null);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    queue({ text: text }, text);
    input.focus();
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
  Array.prototype.forEach.call(document.querySelectorAll("#langs button"), function (b) {
    b.setAttribute("aria-pressed", b.dataset.lang === context.lang ? "true" : "false");
    b.addEventListener("click", function () { chooseLanguage(b.dataset.lang); });
  });
  window.addEventListener("online", function () { clearTimeout(retryTimer); failures = 0; flush(); });

  // Keep the page, its script and style for a reload without network (see chat-sw.js).
  if ("serviceWorker" in navigator && window.caches) {
    navigator.serviceWorker.register("/chat-sw.js")
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function () {
        var assets = Array.prototype.map.call(document.querySelectorAll("link[rel=stylesheet], script[src]"),
          function (el) { return el.href || el.src; });
        return caches.open(CACHE).then(function (cache) { return cache.addAll([location.href].concat(assets)); });
      })
      .then(function () { document.documentElement.dataset.offlineReady = "1"; })
      .catch(function () {});
  }

  var waiting = pending();
  waiting.forEach(function (item) { if (item.echo) showPending(item); });
  if (!waiting.length) {
    attempt(Object.assign({ session: session, id: newId(), text: "/start" }, context))
      .then(function (res) { if (res.ok) show(res.data); })
      .catch(function () {});
  }
  flush();
  poll();
})();
