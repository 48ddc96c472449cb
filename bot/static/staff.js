// fairbot staff dashboard: the live feed over server-sent events, in plain JavaScript.
// Rows arrive as HTML the server rendered with Jinja autoescaping (visitor text is
// already escaped there); nothing here builds markup from visitor text.
(function () {
  "use strict";
  var feed = document.getElementById("feed");
  if (!feed || !window.EventSource) return;
  var state = document.getElementById("live-state");
  var empty = document.getElementById("feed-empty");
  var url = feed.dataset.stream + (feed.dataset.stream.indexOf("?") < 0 ? "?" : "&") + "after=" + feed.dataset.after;
  var source = new EventSource(url);

  function setState(name, text) {
    if (!state) return;
    state.dataset.state = name;
    state.textContent = text;
  }

  source.addEventListener("open", function () { setState("live", "live"); });
  source.addEventListener("error", function () { setState("offline", "reconnecting…"); });
  source.addEventListener("inquiry", function (event) {
    if (document.getElementById("q" + event.lastEventId)) return;
    feed.insertAdjacentHTML("afterbegin", event.data);
    var row = feed.firstElementChild;
    if (row) {
      row.classList.add("fresh");
      setTimeout(function () { row.classList.remove("fresh"); }, 4000);
    }
    if (empty) { empty.remove(); empty = null; }
    while (feed.children.length > 300) feed.removeChild(feed.lastElementChild);
  });
  window.addEventListener("pagehide", function () { source.close(); });
})();

// Destructive forms ask first (data-confirm); without JavaScript they simply submit.
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
})();

// The inbox live: conversation cards and per-state counts over server-sent events.
// Cards arrive as HTML the server rendered with Jinja autoescaping; on other pages only
// the counts stream runs, for the navigation's unread badge. Sound is opt-in (remembered).
(function () {
  "use strict";
  if (!window.EventSource) return;
  var inbox = document.getElementById("inbox");
  var nav = document.getElementById("nav-inbox");
  var badge = document.getElementById("inbox-badge");
  if (!inbox && !nav) return;
  var state = document.getElementById("live-state");
  var empty = document.getElementById("inbox-empty");
  var sound = document.getElementById("inbox-sound");
  var wanted = inbox ? inbox.dataset.states.trim().split(/\s+/).filter(Boolean) : [];
  var lastWaiting = null;
  var url;
  if (inbox) {
    url = inbox.dataset.stream + (inbox.dataset.stream.indexOf("?") < 0 ? "?" : "&") +
      "since=" + encodeURIComponent(inbox.dataset.since);
  } else {
    url = nav.dataset.counts;
  }
  var audio = null;  // created on a click: browsers only let a page play sound after one
  function unlock() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!audio && Ctx) { try { audio = new Ctx(); } catch (e) { audio = null; } }
    if (audio && audio.state === "suspended") audio.resume();
  }
  if (sound) {
    sound.checked = localStorage.getItem("fairbot-inbox-sound") === "on";
    sound.addEventListener("change", function () {
      localStorage.setItem("fairbot-inbox-sound", sound.checked ? "on" : "off");
      if (sound.checked) unlock();
    });
    document.addEventListener("click", function () { if (sound.checked) unlock(); }, { once: true });
  }

  function beep() {
    if (!sound || !sound.checked || !audio) return;
    try {
      var ctx = audio;
      var osc = ctx.createOscillator();
      osc.frequency.value = 880;
      osc.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.15);
    } catch (e) { /* no audio: the badge still shows it */ }
  }

  function setState(name, text) {
    if (!state) return;
    state.dataset.state = name;
    state.textContent = text;
  }

  var source = new EventSource(url);
  source.addEventListener("open", function () { setState("live", "live"); });
  source.addEventListener("error", function () { setState("offline", "reconnecting…"); });
  source.addEventListener("counts", function (event) {
    var counts = JSON.parse(event.data);
    var waiting = counts.waiting_for_staff || 0;
    if (badge) {
      badge.textContent = String(waiting);
      badge.hidden = waiting === 0;
    }
    document.querySelectorAll("[data-count]").forEach(function (el) {
      var key = el.dataset.count;
      var n = key === "open" ? (counts.waiting_for_staff || 0) + (counts.staff_replied || 0) : (counts[key] || 0);
      el.textContent = String(n);
    });
    if (lastWaiting !== null && waiting > lastWaiting) beep();
    lastWaiting = waiting;
    document.title = document.title.replace(/^\(\d+\) /, "");
    if (waiting > 0) document.title = "(" + waiting + ") " + document.title;
  });
  if (inbox) {
    source.addEventListener("conversation", function (event) {
      var holder = document.createElement("ol");
      holder.innerHTML = event.data;  // server-rendered, autoescaped
      var card = holder.firstElementChild;
      if (!card) return;
      var old = document.getElementById(card.id);
      if (old && old.contains(document.activeElement) && document.activeElement !== document.body) {
        // staff are typing in this card: refresh what it shows, leave their form alone
        ["div.meta", "div.lead", "details.history"].forEach(function (part) {
          var now = old.querySelector(part), fresh = card.querySelector(part);
          if (now && fresh) {
            if (part === "details.history") fresh.open = now.open;
            now.replaceWith(fresh);
          }
        });
        old.className = card.className;
        old.dataset.state = card.dataset.state;
        return;
      }
      if (old && old.querySelector("details.history[open]")) {
        var d = card.querySelector("details.history");
        if (d) d.open = true;
      }
      var fits = wanted.length === 0 || wanted.indexOf(card.dataset.state) >= 0;
      if (old) old.remove();
      if (!fits) return;
      if (card.dataset.state === "waiting_for_staff") inbox.insertAdjacentElement("afterbegin", card);
      else inbox.insertAdjacentElement(old ? "afterbegin" : "beforeend", card);
      card.classList.add("fresh");
      setTimeout(function () { card.classList.remove("fresh"); }, 4000);
      card.querySelectorAll("form[data-confirm]").forEach(function (form) {
        form.addEventListener("submit", function (e) { if (!window.confirm(form.dataset.confirm)) e.preventDefault(); });
      });
      if (empty) empty.hidden = inbox.children.length > 0;
    });
  }
  window.addEventListener("pagehide", function () { source.close(); });
})();
