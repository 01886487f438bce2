/* concierto workbench: coding by selection in the reader.
 *
 * Offsets: the DOM counts UTF-16 code units. Every page window (section.page) carries the
 * UTF-16 offset of its first character (data-u16); a selection is sent as UTF-16 offsets into
 * the whole document with the selected text, and the server converts them to code points
 * (concierto.web.offsets). Text from the server is only ever inserted as the server rendered
 * it (escaped there) or as textContent.
 */
(function () {
  "use strict";

  var csrf = document.body.dataset.csrf;
  var flashTimer = null;

  function byId(id) { return document.getElementById(id); }

  function flash(message, ok) {
    var box = byId("flash");
    if (!box) { return; }
    box.textContent = message;
    box.className = ok ? "ok" : "";
    box.hidden = false;
    clearTimeout(flashTimer);
    flashTimer = setTimeout(function () { box.hidden = true; }, ok ? 2500 : 6000);
  }

  function post(url, fields) {
    var body = fields instanceof FormData ? new URLSearchParams(fields) : new URLSearchParams(fields || {});
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          flash(data.error || (response.status + " " + response.statusText));
          return null;
        }
        return data;
      });
    }).catch(function (error) { flash(String(error)); return null; });
  }

  function getText(url) {
    return fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) { return response.ok ? response.text() : null; });
  }

  document.body.addEventListener("htmx:responseError", function (event) {
    var text = event.detail.xhr && event.detail.xhr.responseText;
    try { flash(JSON.parse(text).error); } catch (e) { flash(event.detail.xhr.status + ""); }
  });

  var reader = byId("reader");
  if (!reader) { return; }
  var panel = byId("panel");
  var docKey = reader.dataset.doc;
  var docVersion = reader.dataset.version;
  var canCode = reader.dataset.canCode === "yes";

  function docUrl(path) { return "/documents/" + encodeURIComponent(docKey) + path; }
  function sections() { return Array.prototype.slice.call(reader.querySelectorAll("section.page")); }

  /* --- offsets of a selection ------------------------------------------------------ */

  function sectionOf(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    return element ? element.closest("section.page") : null;
  }

  function unitsBefore(section, node, offset) {
    var range = document.createRange();
    range.setStart(section, 0);
    range.setEnd(node, offset);
    return range.toString().length;  // UTF-16 units of the DOM text before the point
  }

  function selectionSpan() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return null; }
    var range = selection.getRangeAt(0);
    var first = sectionOf(range.startContainer);
    var last = sectionOf(range.endContainer);
    if (!first || !last || !reader.contains(first) || !reader.contains(last)) { return null; }
    var before = unitsBefore(first, range.startContainer, range.startOffset);
    var upTo = unitsBefore(last, range.endContainer, range.endOffset);
    var start = Number(first.dataset.u16) + before;
    var end = Number(last.dataset.u16) + upTo;
    if (end <= start) { return null; }
    var quote;
    if (first === last) {
      quote = range.toString();
    } else {
      var all = sections();
      quote = first.textContent.slice(before);
      for (var i = all.indexOf(first) + 1; i < all.indexOf(last); i += 1) { quote += all[i].textContent; }
      quote += last.textContent.slice(0, upTo);
    }
    return { start16: start, end16: end, quote: quote, rect: range.getBoundingClientRect() };
  }

  /* --- refreshing what changed ------------------------------------------------------ */

  function refreshPanel() {
    var all = sections();
    if (!all.length || !panel) { return Promise.resolve(); }
    var from = Math.min.apply(null, all.map(function (s) { return Number(s.dataset.from); }));
    var to = Math.max.apply(null, all.map(function (s) { return Number(s.dataset.to); }));
    return getText(docUrl("/panel?start=" + from + "&end=" + to)).then(function (html) {
      if (html === null) { return; }
      panel.innerHTML = html;
      if (window.htmx) { window.htmx.process(panel); }
    });
  }

  function refreshPages(start, end) {
    var jobs = sections().filter(function (section) {
      return start === null || (Number(section.dataset.from) < end && Number(section.dataset.to) > start);
    }).map(function (section) {
      return getText(docUrl("/page?from=" + section.dataset.from + "&direction=bare")).then(function (html) {
        if (html === null) { return; }
        var holder = document.createElement("template");
        holder.innerHTML = html;
        var fresh = holder.content.querySelector("section.page");
        if (fresh) { section.replaceWith(fresh); }
      });
    });
    return Promise.all(jobs).then(refreshPanel);
  }

  reader.addEventListener("htmx:afterSettle", function () { refreshPanel(); });

  /* --- the code picker ------------------------------------------------------------- */

  var picker = byId("picker");
  var query = byId("picker-q");
  var results = byId("picker-results");
  var memo = byId("picker-memo");
  var pending = null;

  function place(box, rect) {
    var top = rect ? rect.bottom + 8 : 120;
    var left = rect ? rect.left : 200;
    box.style.top = Math.max(8, Math.min(top, window.innerHeight - 340)) + "px";
    box.style.left = Math.max(8, Math.min(left, window.innerWidth - 380)) + "px";
  }

  function openPicker(action, rect) {
    if (!picker) { return; }
    pending = action;
    byId("picker-what").textContent = action.label || "";
    memo.value = "";
    memo.hidden = action.kind === "recode";
    query.value = "";
    results.innerHTML = "";
    place(picker, rect);
    picker.hidden = false;
    query.focus();
  }

  function closePicker() {
    if (picker) { picker.hidden = true; }
    pending = null;
  }

  function choose(code) {
    var action = pending;
    closePicker();
    if (!action || !code) { return; }
    if (action.kind === "span") {
      post(docUrl("/codings"), {
        start16: action.span.start16, end16: action.span.end16, quote: action.span.quote,
        version: docVersion, code: code, memo: memo.value
      }).then(function (data) {
        if (!data) { return; }
        window.getSelection().removeAllRanges();
        refreshPages(data.start, data.end).then(function () { flash(reader.dataset.saved || "✓", true); });
      });
    } else if (action.kind === "whole") {
      post(docUrl("/codings/whole"), { code: code, memo: memo.value }).then(function (data) {
        if (data) { refreshPanel(); }
      });
    } else if (action.kind === "recode") {
      post("/codings/" + action.id + "/recode", { code: code }).then(function (data) {
        if (data) { refreshPages(action.start, action.end); }
      });
    }
  }

  function options() { return Array.prototype.slice.call(results.querySelectorAll("button.pick")); }

  if (picker) {
    results.addEventListener("click", function (event) {
      var button = event.target.closest("button.pick");
      if (button) { choose(button.dataset.code); }
    });
    picker.addEventListener("keydown", function (event) {
      var all = options();
      var active = all.indexOf(document.activeElement);
      if (event.key === "Escape") { event.preventDefault(); closePicker(); reader.focus(); }
      else if (event.key === "ArrowDown" && all.length) { event.preventDefault(); all[Math.min(active + 1, all.length - 1)].focus(); }
      else if (event.key === "ArrowUp" && all.length) {
        event.preventDefault();
        if (active <= 0) { query.focus(); } else { all[active - 1].focus(); }
      } else if (event.key === "Enter" && document.activeElement === query && all.length) {
        event.preventDefault(); choose(all[0].dataset.code);
      }
    });
    byId("picker-cancel").addEventListener("click", closePicker);
    document.addEventListener("mousedown", function (event) {
      if (!picker.hidden && !picker.contains(event.target)) { closePicker(); }
    });
  }

  /* --- selecting text: mouse and keyboard ------------------------------------------ */

  function offerSelection() {
    if (!canCode) { return; }
    var span = selectionSpan();
    if (span) {
      var shown = span.quote.length > 60 ? span.quote.slice(0, 57) + "…" : span.quote;
      openPicker({ kind: "span", span: span, label: "“" + shown + "”" }, span.rect);
    }
  }

  reader.addEventListener("mouseup", function () { setTimeout(offerSelection, 0); });

  reader.addEventListener("keydown", function (event) {
    var selection = window.getSelection();
    var arrows = { ArrowLeft: "backward", ArrowRight: "forward", ArrowUp: "backward", ArrowDown: "forward" };
    if (event.shiftKey && arrows[event.key] && selection.modify) {
      event.preventDefault();
      if (selection.rangeCount === 0 || !reader.contains(selection.anchorNode)) {
        var first = reader.querySelector("section.page");
        if (!first) { return; }
        selection.collapse(first, 0);
      }
      var unit = event.key === "ArrowUp" || event.key === "ArrowDown" ? "line" : (event.ctrlKey || event.altKey ? "word" : "character");
      selection.modify("extend", arrows[event.key], unit);
    } else if (event.key === "Enter") {
      event.preventDefault();
      offerSelection();
    }
  });

  /* --- the right panel's actions ---------------------------------------------------- */

  var memoBox = byId("memo-box");
  var memoTarget = null;

  function spanOf(item) {
    return {
      start: item.dataset.start === "" ? null : Number(item.dataset.start),
      end: item.dataset.end === "" ? null : Number(item.dataset.end)
    };
  }

  if (panel) {
    panel.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button) { return; }
      var item = button.closest("li.coding");
      var action = button.dataset.action;
      if (action === "whole") { openPicker({ kind: "whole", label: button.textContent }, button.getBoundingClientRect()); return; }
      if (!item) { return; }
      var id = item.dataset.id;
      var span = spanOf(item);
      if (action === "recode") {
        openPicker({ kind: "recode", id: id, start: span.start, end: span.end, label: button.textContent }, button.getBoundingClientRect());
      } else if (action === "memo") {
        memoTarget = { id: id, start: span.start, end: span.end };
        byId("memo-text").value = "";
        place(memoBox, button.getBoundingClientRect());
        memoBox.hidden = false;
        byId("memo-text").focus();
      } else {
        post("/codings/" + id + "/" + action, {}).then(function (data) {
          if (!data) { return; }
          if (span.start === null) { refreshPanel(); } else { refreshPages(span.start, span.end); }
        });
      }
    });
    panel.addEventListener("submit", function (event) {
      var form = event.target.closest("form[data-post]");
      if (!form) { return; }
      event.preventDefault();
      post(form.dataset.post, new FormData(form)).then(function (data) { if (data) { refreshPanel(); } });
    });
  }

  if (memoBox) {
    byId("memo-cancel").addEventListener("click", function () { memoBox.hidden = true; });
    byId("memo-save").addEventListener("click", function () {
      var target = memoTarget;
      memoBox.hidden = true;
      if (!target) { return; }
      post("/codings/" + target.id + "/memo", { text: byId("memo-text").value }).then(function (data) {
        if (!data) { return; }
        if (target.start === null) { refreshPanel(); } else { refreshPages(target.start, target.end); }
      });
    });
  }

  /* --- from a highlight to its codings, and links to a coding ----------------------- */

  function showCoding(id) {
    var item = byId("c" + id);
    if (!item) { return; }
    Array.prototype.forEach.call(panel.querySelectorAll("li.target"), function (li) { li.classList.remove("target"); });
    item.classList.add("target");
    item.scrollIntoView({ block: "nearest" });
  }

  reader.addEventListener("click", function (event) {
    var mark = event.target.closest("mark.seg");
    if (mark && window.getSelection().isCollapsed) { mark.dataset.ids.split(" ").forEach(showCoding); }
  });

  var wanted = /^#c(\d+)$/.exec(window.location.hash);
  if (wanted) {
    var marks = reader.querySelectorAll("mark.seg");
    for (var i = 0; i < marks.length; i += 1) {
      if (marks[i].dataset.ids.split(" ").indexOf(wanted[1]) >= 0) {
        marks[i].classList.add("flash");
        marks[i].scrollIntoView({ block: "center" });
        break;
      }
    }
    showCoding(wanted[1]);
  }
}());
