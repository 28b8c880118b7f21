/*
 * Herald's web chat widget. Paste on a page of one of the chat's allowed origins:
 *   <script src="https://herald.example.com/widget/v1/widget.js" data-herald-chat="CHAT-ID" async></script>
 * Optional attributes: data-title (the heading), data-open="true" (open at once), data-lang="ru" (texts).
 * data-mode="frame" is the widget's own frame page (/widget/v1/chats/<id>/frame): the window fills the frame.
 * It draws a launcher button and a chat window in a shadow root (the page's styles do not reach it), keeps the
 * visitor's token in this site's localStorage, sends messages with POST and reads the conversation as
 * server-sent events. No build step and no dependencies: plain ES2017.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.dataset.heraldChat) {
    if (window.console) console.error('Herald widget: the script tag needs data-herald-chat="<chat id>"');
    return;
  }
  var chatId = script.dataset.heraldChat;
  var base = new URL(script.src).origin;
  var api = base + '/widget/v1/chats/' + encodeURIComponent(chatId);
  var storageKey = 'herald-widget:' + chatId;
  var TEXTS = {
    en: {open: 'Open chat', close: 'Close chat', title: 'Chat', message: 'Message', send: 'Send',
      placeholder: 'Write a message…', empty: 'Write to us, we will answer here.', you: 'You', bot: 'Bot',
      operator: 'Operator', tooMany: 'Too many messages. Please wait a moment.', failed: 'The message was not sent. Try again.',
      offline: 'Connection lost, reconnecting…', refused: 'This chat is not available on this site.', tooLong: 'The message is too long.'},
    ru: {open: 'Открыть чат', close: 'Закрыть чат', title: 'Чат', message: 'Сообщение', send: 'Отправить',
      placeholder: 'Напишите сообщение…', empty: 'Напишите нам, мы ответим здесь.', you: 'Вы', bot: 'Бот',
      operator: 'Оператор', tooMany: 'Слишком много сообщений. Подождите немного.', failed: 'Сообщение не отправлено. Попробуйте ещё раз.',
      offline: 'Связь прервалась, подключаемся…', refused: 'Этот чат недоступен на этом сайте.', tooLong: 'Сообщение слишком длинное.'}
  };
  var lang = (script.dataset.lang || document.documentElement.lang || navigator.language || 'en').slice(0, 2).toLowerCase();
  var t = TEXTS[lang] || TEXTS.en;
  var maxLength = 2000;

  // --- the visitor's token, kept by this site (memory only where storage is off) ---
  var memory = null;
  function loadVisitor() {
    try { return JSON.parse(window.localStorage.getItem(storageKey)) || memory; } catch (e) { return memory; }
  }
  function saveVisitor(v) {
    memory = v;
    try { if (v) window.localStorage.setItem(storageKey, JSON.stringify(v)); else window.localStorage.removeItem(storageKey); } catch (e) { /* storage off */ }
  }

  // --- the window ---
  var host = document.createElement('div');
  host.setAttribute('data-herald-widget', chatId);
  var root = host.attachShadow ? host.attachShadow({mode: 'open'}) : host;
  var uid = 'hw-' + Math.random().toString(36).slice(2, 8);
  root.innerHTML =
    '<link rel="stylesheet" href="' + base + '/widget/v1/widget.css">' +
    '<button type="button" class="launcher" part="launcher" aria-expanded="false" aria-controls="' + uid + '-panel">' +
    '<svg class="icon" aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24">' +
    '<path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg><span class="label"></span></button>' +
    '<section class="panel" id="' + uid + '-panel" role="dialog" aria-modal="false" aria-labelledby="' + uid + '-title" hidden>' +
    '<header><h2 id="' + uid + '-title"></h2><button type="button" class="close" aria-label=""><span aria-hidden="true">×</span></button></header>' +
    '<div class="log" role="log" aria-live="polite" aria-relevant="additions" tabindex="0"><p class="empty"></p></div>' +
    '<p class="status" role="status" aria-live="assertive"></p>' +
    '<form class="compose" novalidate>' +
    '<label class="visually-hidden" for="' + uid + '-input"></label>' +
    '<textarea id="' + uid + '-input" name="text" rows="1" autocomplete="off"></textarea>' +
    '<button type="submit" class="send"></button></form></section>';
  var launcher = root.querySelector('.launcher');
  var panel = root.querySelector('.panel');
  var log = root.querySelector('.log');
  var status = root.querySelector('.status');
  var form = root.querySelector('.compose');
  var input = root.querySelector('textarea');
  var sendButton = root.querySelector('.send');
  var closeButton = root.querySelector('.close');
  var title = script.dataset.title || t.title;
  launcher.querySelector('.label').textContent = t.open;
  launcher.setAttribute('aria-label', t.open);
  root.querySelector('h2').textContent = title;
  closeButton.setAttribute('aria-label', t.close);
  root.querySelector('label').textContent = t.message;
  input.placeholder = t.placeholder;
  sendButton.textContent = t.send;
  root.querySelector('.empty').textContent = t.empty;

  var frameMode = script.dataset.mode === 'frame';
  if (frameMode) {
    launcher.hidden = true;
    closeButton.hidden = true;
    panel.classList.add('frame');
  }

  var visitor = null;
  var started = false;
  var lastEventId = null;
  var shown = {};
  var streamAbort = null;
  var retryDelay = 1000;
  var refused = false;

  function label(text) {
    launcher.querySelector('.label').textContent = text;
    launcher.setAttribute('aria-label', text);
  }

  function setStatus(text) { status.textContent = text || ''; }

  function open(quietly) {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    label(t.close);
    root.querySelector('.launcher').classList.add('hidden-on-mobile');
    if (!quietly) input.focus();
    if (!started) { started = true; connect(); }
  }
  function close() {
    if (frameMode) return;
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    label(t.open);
    root.querySelector('.launcher').classList.remove('hidden-on-mobile');
    launcher.focus();
  }
  launcher.addEventListener('click', function () { if (panel.hidden) open(false); else close(); });
  closeButton.addEventListener('click', close);
  panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') { e.preventDefault(); close(); } });
  input.addEventListener('keydown', function (e) {
    // Enter sends, Shift+Enter is a new line.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : submit(e); }
  });
  form.addEventListener('submit', submit);

  function submit(e) {
    if (e) e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    if (text.length > maxLength) { setStatus(t.tooLong); return; }
    send({text: text}).then(function (ok) { if (ok) input.value = ''; });
  }

  function headers(extra) {
    var h = {'Content-Type': 'application/json'};
    if (visitor) h['X-Herald-Visitor'] = visitor.token;
    for (var k in extra || {}) h[k] = extra[k];
    return h;
  }

  function ensureVisitor() {
    if (visitor) return Promise.resolve(visitor);
    var stored = loadVisitor();
    if (stored && stored.token) { visitor = stored; return Promise.resolve(visitor); }
    return fetch(api + '/visitors', {method: 'POST', headers: headers(), body: '{}', credentials: 'omit'})
      .then(function (r) {
        if (!r.ok) throw r;
        return r.json();
      })
      .then(function (v) { visitor = {visitorId: v.visitorId, token: v.token}; saveVisitor(visitor); return visitor; });
  }

  function fail(r) {
    if (r && r.status === 403) { refused = true; setStatus(t.refused); sendButton.disabled = true; input.disabled = true; }
    else if (r && r.status === 429) setStatus(t.tooMany);
    else setStatus(t.failed);
    return false;
  }

  function send(body, retried) {
    body.id = body.id || (window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
    sendButton.disabled = true;
    return ensureVisitor()
      .then(function () { return fetch(api + '/messages', {method: 'POST', headers: headers(), body: JSON.stringify(body), credentials: 'omit'}); })
      .then(function (r) {
        sendButton.disabled = refused;
        if (r.status === 401 && !retried) { forget(); return send(body, true); }
        if (!r.ok) return fail(r);
        setStatus('');
        if (!streamAbort) connect();
        return true;
      })
      .catch(function (r) { sendButton.disabled = refused; return fail(r); });
  }

  /** The token is not known any more (the chat's widget was reset): start afresh. */
  function forget() { visitor = null; saveVisitor(null); lastEventId = null; }

  function connect() {
    if (refused) return;
    var stored = visitor || loadVisitor();
    if (!stored) return; // nothing to read until the visitor writes
    visitor = stored;
    var controller = window.AbortController ? new AbortController() : null;
    streamAbort = controller || true;
    var extra = {'Accept': 'text/event-stream'};
    if (lastEventId) extra['Last-Event-ID'] = lastEventId;
    fetch(api + '/events', {headers: headers(extra), credentials: 'omit', cache: 'no-store', signal: controller && controller.signal})
      .then(function (r) {
        if (r.status === 401) { forget(); streamAbort = null; return; }
        if (r.status === 403) { streamAbort = null; fail(r); return; }
        if (!r.ok || !r.body) throw r;
        setStatus('');
        retryDelay = 1000;
        return read(r.body.getReader());
      })
      .then(function () { if (streamAbort) reconnect(); })
      .catch(function () { setStatus(t.offline); reconnect(); });
  }

  function reconnect() {
    streamAbort = null;
    if (refused) return;
    setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  function read(reader) {
    var decoder = new TextDecoder();
    var buffer = '';
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) return;
        buffer += decoder.decode(chunk.value, {stream: true}).replace(/\r\n?/g, '\n');
        var end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          event(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        return pump();
      });
    }
    return pump();
  }

  function event(block) {
    var name = 'message', data = [], id = null;
    block.split('\n').forEach(function (line) {
      if (!line || line.charAt(0) === ':') return;
      var colon = line.indexOf(':');
      var field = colon < 0 ? line : line.slice(0, colon);
      var value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value; else if (field === 'data') data.push(value); else if (field === 'id') id = value;
    });
    if (id) lastEventId = id;
    if (name === 'line' && data.length) show(JSON.parse(data.join('\n')));
  }

  function show(line) {
    if (shown[line.id]) return;
    shown[line.id] = true;
    var empty = log.querySelector('.empty');
    if (empty) empty.remove();
    // Buttons of earlier questions are answered: only the latest bot line keeps them.
    Array.prototype.forEach.call(log.querySelectorAll('.buttons'), function (b) { b.remove(); });
    var mine = line.author === 'CLIENT';
    var item = document.createElement('div');
    item.className = 'line ' + (mine ? 'mine' : 'theirs');
    var who = document.createElement('span');
    who.className = 'visually-hidden';
    who.textContent = (mine ? t.you : line.author === 'OPERATOR' ? t.operator : t.bot) + ': ';
    var text = document.createElement('p');
    text.className = 'text';
    text.appendChild(who);
    text.appendChild(document.createTextNode(line.text || ''));
    item.appendChild(text);
    if (!mine && line.buttons && line.buttons.length) {
      var buttons = document.createElement('div');
      buttons.className = 'buttons';
      buttons.setAttribute('role', 'group');
      buttons.setAttribute('aria-label', line.text || t.title);
      line.buttons.forEach(function (b) {
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = b.text;
        button.addEventListener('click', function () {
          send({text: b.text, payload: b.value || b.text}).then(function (ok) { if (ok) input.focus(); });
        });
        buttons.appendChild(button);
      });
      item.appendChild(buttons);
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  fetch(api, {credentials: 'omit'}).then(function (r) { return r.ok ? r.json() : null; }).then(function (w) {
    if (!w) return;
    maxLength = w.maxTextLength || maxLength;
    input.maxLength = maxLength;
    if (!script.dataset.title && w.title) { title = w.title; root.querySelector('h2').textContent = title; }
  }).catch(function () { /* shown when the visitor writes */ });

  function mount() {
    document.body.appendChild(host);
    if (frameMode) open(true); else if (script.dataset.open === 'true') open(false);
  }
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
})();
