// fairbot web chat: plain JavaScript, no external assets (fair networks are flaky).
// Everything shown is set with textContent, never innerHTML: bot and staff text is untrusted.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("text");
  var send = document.getElementById("send");
  var context = { fair: root.dataset.fair || null, booth: root.dataset.booth || null, lang: root.dataset.lang || null };
  var session = localStorage.getItem("fairbot-session");
  if (!session) {
    session = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now());
    localStorage.setItem("fairbot-session", session);
  }
  var lastMessageId = Number(localStorage.getItem("fairbot-staff-after") || 0);
  var answered = {};  // inquiry ids shown: an answer can come by response and by poll
  var RESEND_DELAYS = [1500, 4000];  // a message with no response is resent, same id

  function firstTime(inquiryId) {
    if (!inquiryId) return true;
    if (answered[inquiryId]) return false;
    answered[inquiryId] = true;
    return true;
  }

  function add(kind, text) {
    var li = document.createElement("li");
    li.className = "msg " + kind;
    li.textContent = text;
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
    return li;
  }

  function addLinks(links) {
    links.forEach(function (href) {
      if (!/^https?:\/\//.test(href)) return;
      var li = add("bot notice", "");
      var a = document.createElement("a");
      a.href = href; a.textContent = href; a.rel = "noopener noreferrer"; a.target = "_blank";
      li.appendChild(a);
    });
  }

  function addChoices(items) {
    if (!items.length) return;
    var li = document.createElement("li");
    li.className = "choices";
    items.forEach(function (item) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = item.label;
      b.addEventListener("click", function () {
        Array.prototype.forEach.call(li.querySelectorAll("button"), function (x) { x.disabled = true; });
        if (item.echo) add("me", item.label);
        post({ postback: item.data, text: "" });
      });
      li.appendChild(b);
    });
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
  }

  function show(data) {
    if (!firstTime(data.inquiry_id)) return;
    (data.notices || []).forEach(function (t) { add("bot notice", t); });
    if (data.reply) add("bot", data.reply);
    addLinks(data.links || []);
    var choices = (data.suggestions || []).map(function (s) { return { data: "faq:" + s.id, label: s.label, echo: true }; });
    choices = choices.concat((data.buttons || []).map(function (b) { return { data: b.data, label: b.label, echo: true }; }));
    choices = choices.concat(data.feedback || []);
    addChoices(choices);
  }

  function deliver(body, attempt) {
    return fetch("/api/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) {
        if (r.status >= 500 && attempt < RESEND_DELAYS.length) throw new Error("server " + r.status);
        return r.json().then(function (data) { return { ok: r.ok, data: data }; });
      })
      .catch(function (problem) {
        if (attempt >= RESEND_DELAYS.length) throw problem;
        return new Promise(function (wait) { setTimeout(wait, RESEND_DELAYS[attempt]); })
          .then(function () { return deliver(body, attempt + 1); });
      });
  }

  function post(extra) {
    var body = Object.assign({ session: session, id: session + "-" + Date.now() + "-" + Math.random().toString(36).slice(2, 8) }, context, extra);
    send.disabled = true;
    return deliver(body, 0)
      .then(function (res) { if (res.ok) show(res.data); else add("bot notice", res.data.error || "Error"); })
      .catch(function () { add("bot notice", "Network problem: if your message got through, its answer will appear here; if not, please send it again."); })
      .finally(function () { send.disabled = false; input.focus(); });
  }

  function poll() {
    fetch("/api/messages?session=" + encodeURIComponent(session) + "&after=" + lastMessageId)
      .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
      .then(function (data) {
        var shown = {};
        data.messages.forEach(function (m) {
          lastMessageId = Math.max(lastMessageId, m.id);
          if (m.from === "staff") { add("staff", m.text); return; }
          // the bot's late answer: one inquiry may bring several messages (notice, answer)
          if (shown[m.inquiry_id] || firstTime(m.inquiry_id)) { shown[m.inquiry_id] = true; add("bot", m.text); }
        });
        localStorage.setItem("fairbot-staff-after", String(lastMessageId));
      })
      .catch(function () {})
      .finally(function () { setTimeout(poll, 3000); });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    add("me", text);
    input.value = "";
    post({ text: text });
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });

  post({ text: "/start" });
  poll();
})();
