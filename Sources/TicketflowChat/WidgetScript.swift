/// The embeddable chat widget (`/widget.js`): plain JavaScript that draws the launcher and
/// panel inside a shadow root and talks to the chat API (the contract is in docs/channels.md).
/// It is kept as a string in the code, not as a resource file, so the server stays one binary
/// with no resource bundle to ship or to find at run time (`WidgetAsset` versions it by
/// its hash for the immutable URL).
public enum WidgetScript {
    /// The script's source, served as `text/javascript`: set-up, styles, the DOM and the calls
    /// to the server here, then the live connection, rendering and input (`WidgetScript+Live.swift`).
    public static let source = setup + "\n" + live

    static let setup: String = #"""
        // Ticketflow live-chat widget. Plain JavaScript for current browsers; no build step, no dependencies,
        // and it talks only to the Ticketflow server it was loaded from.
        (() => {
          "use strict";
          // currentScript is only set while this file first runs, so read everything from it now.
          const me = document.currentScript;
          if (!me || window.TicketflowChat) return; // a page that pastes the snippet twice gets one widget
          const data = me.dataset;
          const base = new URL(me.src, location.href).origin;
          const site = data.site || "default";
          const storeKey = "ticketflow-chat:" + site;

          const T = {
            title: "Support",
            greeting: "Hi! Ask us anything.",
            open: "Open support chat",
            openUnread: "Open support chat (new reply)",
            close: "Close chat",
            log: "Conversation",
            you: "You",
            ai: "AI assistant",
            agent: "Support team",
            input: "Your message",
            placeholder: "Type your question…",
            send: "Send",
            thinking: "Thinking…",
            checking: "Still checking this answer…",
            sources: "Sources",
            newTab: " (opens in a new tab)",
            rate: "Was this helpful?",
            helpful: "Helpful",
            notHelpful: "Not helpful",
            emailLabel: "Leave your email and we can also reply by mail:",
            emailSend: "Save",
            emailSaved: (e) => `We have your email (${e}).`,
            willEmail: (e) => `Thanks. We will also send the reply to ${e}.`,
            noEmail: "Thanks. We can't send email from here, so the reply will appear in this chat: "
              + "come back to this page to read it.",
            tooLong: (n) => `That message is too long. Please keep it under ${n} characters.`,
            tooMany: (s) => `You're sending messages quickly. Please wait ${s ? s + " seconds" : "a moment"} and try `
              + "again.",
            identity: "We couldn't confirm your sign-in, so chat isn't available. "
              + "Please reload the page or sign in again.",
            origin: "Chat isn't available on this page.",
            unknownSite: "Chat isn't set up for this site.",
            badEmail: "That email address doesn't look right. Please check it.",
            invalid: "That couldn't be sent. Please check it and try again.",
            offline: "We can't reach support right now. Trying again…",
            failed: "Something went wrong on our side. Please try again in a moment.",
          };

          const stored = {
            // Storage can be switched off or full (private windows); the chat then lasts for the page.
            get() { try { return localStorage.getItem(storeKey); } catch { return null; } },
            set(v) { try { localStorage.setItem(storeKey, v); } catch { /* see get */ } },
          };

          // Every element is built with createElement and textContent: nothing from the server or
          // the page is ever parsed as HTML, and a Trusted Types policy has nothing to object to.
          function h(tag, attrs, ...kids) {
            const el = document.createElement(tag);
            for (const [k, v] of Object.entries(attrs || {})) {
              if (v == null || v === false) continue;
              if (k === "text") el.textContent = v;
              else el.setAttribute(k, v === true ? "" : String(v));
            }
            el.append(...kids.filter(Boolean));
            return el;
          }

          function icon(d, cls) {
            const ns = "http://www.w3.org/2000/svg";
            const svg = document.createElementNS(ns, "svg");
            const path = document.createElementNS(ns, "path");
            svg.setAttribute("viewBox", "0 0 24 24");
            svg.setAttribute("aria-hidden", "true");
            if (cls) svg.setAttribute("class", cls);
            path.setAttribute("d", d);
            svg.append(path);
            return svg;
          }
          const BUBBLE = "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z";
          const THUMB = "M2 10h4v11H2zM8 21h9.2a2 2 0 0 0 2-1.6l1.6-7A2 2 0 0 0 18.8 10H14l.9-4.3A2 2 0 0 0 13 3.3"
            + "L8 10z";

          const STYLES = `
        :host{all:initial;--tf-c:#2563eb;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
          color:#111827}
        *{box-sizing:border-box}
        [hidden]{display:none!important}
        .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        button,input,textarea{font:inherit;color:inherit}
        :focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
        .launcher{position:fixed;bottom:20px;right:20px;z-index:2147483000;width:56px;height:56px;border:0;
          border-radius:50%;background:var(--tf-c);color:#fff;cursor:pointer;display:grid;place-items:center;
          box-shadow:0 4px 14px #0004}
        .launcher svg{width:28px;height:28px;fill:currentColor}
        .dot{position:absolute;top:4px;right:4px;width:14px;height:14px;border-radius:50%;background:#dc2626;
          border:2px solid #fff}
        .panel{position:fixed;bottom:88px;right:20px;z-index:2147483000;width:370px;max-width:calc(100vw - 40px);
          height:min(600px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;border-radius:12px;
          box-shadow:0 8px 30px #0005;overflow:hidden}
        :host([data-position=left]) .launcher,:host([data-position=left]) .panel{right:auto;left:20px}
        header{display:flex;align-items:center;justify-content:space-between;padding:10px 8px 10px 16px;
          background:var(--tf-c);color:#fff}
        h2{margin:0;font-size:16px}
        .x{background:none;border:0;font-size:24px;line-height:1;padding:4px 10px;border-radius:6px;cursor:pointer}
        .log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:10px}
        .msg,.greet{margin:0;max-width:85%;padding:8px 12px;border-radius:12px;background:#f3f4f6;
          white-space:pre-wrap;overflow-wrap:anywhere}
        .msg.customer{align-self:flex-end;background:var(--tf-c);color:#fff}
        .who{font-size:12px;color:#4b5563}
        .src{margin:6px 0 0;padding:0 0 0 16px;font-size:13px;white-space:normal}
        .src a{color:#1d4ed8}
        .rate{display:flex;gap:6px;margin-top:6px}
        .rate button{display:grid;place-items:center;width:32px;height:28px;border:1px solid #d1d5db;
          border-radius:6px;background:#fff;cursor:pointer}
        .rate svg{width:16px;height:16px;fill:#6b7280}
        .rate .down svg{transform:rotate(180deg)}
        .rate [aria-pressed=true]{background:#e5e7eb;border-color:#374151}
        .rate [aria-pressed=true] svg{fill:#111827}
        .live{padding:0 12px}
        .thinking{font-size:13px;color:#4b5563;padding-bottom:6px}
        .preview .checking{font-size:12px;color:#4b5563;margin-top:4px}
        @media (prefers-reduced-motion:no-preference){.thinking{animation:tf-pulse 1.4s ease-in-out infinite}}
        @keyframes tf-pulse{50%{opacity:.4}}
        .note{margin-bottom:8px;padding:8px 10px;border-radius:8px;background:#fef3c7;font-size:14px}
        .note p{margin:0}
        .note form{margin-top:6px}
        .row{display:flex;gap:6px;margin-top:4px}
        .note input{flex:1;min-width:0;padding:6px 8px;border:1px solid #6b7280;border-radius:6px;background:#fff}
        .note button,.send{border:0;border-radius:8px;padding:6px 12px;background:var(--tf-c);color:#fff;cursor:pointer}
        .status{margin:0;padding:0 12px;font-size:13px;color:#b91c1c}
        .compose{display:flex;gap:8px;align-items:flex-end;padding:10px 12px;border-top:1px solid #e5e7eb}
        textarea{flex:1;resize:none;height:44px;max-height:120px;padding:10px;border:1px solid #6b7280;
          border-radius:8px}
        .side{display:flex;flex-direction:column;align-items:flex-end;gap:2px}
        .count{font-size:12px;color:#4b5563}
        .count.over{color:#b91c1c;font-weight:600}
        .send{padding:10px 14px}
        .send:disabled{opacity:.5;cursor:default}
        @media (max-width:480px){
          .panel,:host([data-position=left]) .panel{inset:0;width:auto;max-width:none;height:auto;border-radius:0}
          :host(.open) .launcher{display:none}
        }`;

          // ---- the DOM, inside an open shadow root so the host page's CSS cannot reach in ----
          const host = document.createElement("ticketflow-chat");
          host.id = "ticketflow-chat";
          const root = host.attachShadow({ mode: "open" });
          try {
            // A constructed sheet is not an inline <style>, so a strict style-src CSP still allows it.
            const sheet = new CSSStyleSheet();
            sheet.replaceSync(STYLES);
            root.adoptedStyleSheets = [sheet];
          } catch {
            root.append(h("style", { text: STYLES }));
          }

          const launcher = h("button", {
            type: "button", class: "launcher", "data-tf": "launcher", "aria-label": T.open,
            "aria-expanded": "false", "aria-controls": "tf-panel",
          }, icon(BUBBLE));
          const titleEl = h("h2", { id: "tf-title", text: T.title });
          const closeBtn = h("button", {
            type: "button", class: "x", "data-tf": "close", "aria-label": T.close, text: "×",
          });
          const greeting = h("p", { class: "greet", "data-tf": "greeting", text: T.greeting });
          const log = h("div", {
            class: "log", "data-tf": "log", role: "log", "aria-live": "polite", "aria-label": T.log, tabindex: "0",
          }, greeting);
          const live = h("div", { class: "live", "aria-live": "polite" });
          const statusEl = h("p", { class: "status", "data-tf": "status", role: "status" });
          const input = h("textarea", {
            id: "tf-input", "data-tf": "input", rows: "2", placeholder: T.placeholder, "aria-describedby": "tf-count",
          });
          const counter = h("span", { id: "tf-count", class: "count", "data-tf": "counter" });
          const sendBtn = h("button", {
            type: "submit", class: "send", "data-tf": "send", disabled: true, text: T.send,
          });
          const compose = h("form", { class: "compose", "data-tf": "form" },
            h("label", { for: "tf-input", class: "sr", text: T.input }), input,
            h("div", { class: "side" }, counter, sendBtn));
          const panel = h("div", {
            id: "tf-panel", class: "panel", "data-tf": "panel", role: "dialog", "aria-labelledby": "tf-title",
            hidden: true,
          }, h("header", null, titleEl, closeBtn), log, live, statusEl, compose);
          root.append(launcher, panel);

          // ---- state ----
          let token = stored.get();
          let ready = false; // a session exists, so messages can be sent
          let stopped = false;
          let isOpen = false;
          let maxChars = 2000;
          let offlineEmail = false;
          let savedEmail = null;
          let pending = null; // text sent over the socket and not yet echoed back, restored if it fails
          let thinkingEl = null;
          let noteEl = null;
          const shown = new Map(); // message id -> element; live events and state snapshots overlap
          let stick = true; // the log follows new messages unless the visitor scrolled up to read
          let autoTop = -1; // where toEnd() last put the log

          function toEnd() {
            if (!stick) return;
            log.scrollTop = log.scrollHeight;
            autoTop = log.scrollTop;
          }
          log.addEventListener("scroll", () => {
            // Scroll events come a frame late: ours, or one after the log shrank, says nothing of the visitor.
            if (log.scrollTop === autoTop) return;
            stick = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
          });
          // Notes, "thinking" and a phone's keyboard shrink the log without a scroll event.
          if (window.ResizeObserver) new ResizeObserver(toEnd).observe(log);

          function setToken(t) {
            if (typeof t === "string" && t) {
              token = t;
              stored.set(t);
            }
          }

          function setColor(c) {
            if (c && window.CSS && CSS.supports("color", c)) host.style.setProperty("--tf-c", c);
          }

          // data- attributes on the snippet win over the site's settings, so one page can differ.
          function applySite(s) {
            titleEl.textContent = s.title || T.title;
            greeting.textContent = data.greeting || s.greeting || T.greeting;
            setColor(data.color || s.color);
            host.dataset.position = (data.position || s.position) === "left" ? "left" : "right";
          }
          applySite({});

          // ---- talking to the server ----
          function problem(status, title, retry) {
            const e = new Error(title || `HTTP ${status}`);
            Object.assign(e, { status, title: title || "", retry });
            return e;
          }

          async function call(method, path, body) {
            const headers = {};
            if (body !== undefined) headers["Content-Type"] = "application/json";
            if (token && path !== "/v1/chat/sessions") headers.Authorization = "Bearer " + token;
            let res;
            try {
              res = await fetch(base + path, {
                method, headers, credentials: "omit", body: body === undefined ? undefined : JSON.stringify(body),
              });
            } catch {
              throw problem(0);
            }
            const json = await res.json().catch(() => ({}));
            if (!res.ok) throw problem(res.status, json.title, res.headers.get("Retry-After"));
            return json;
          }

          function say(text) {
            statusEl.textContent = text || "";
          }

          // Refusals become one polite line; the raw problem text is for developers, not visitors.
          function explain(e, context) {
            setThinking(false);
            const s = e.status;
            if (s === 429) say(T.tooMany(e.retry));
            else if (s === 413) say(T.tooLong(maxChars));
            else if (s === 403 && /identity/i.test(e.title)) say(T.identity);
            else if (s === 403) say(T.origin);
            else if (s === 404 && context === "session") say(T.unknownSite);
            else if (s === 400) say(context === "email" ? T.badEmail : T.invalid);
            else if (s === 0) say(T.offline);
            else say(T.failed);
            // Not a refusal but a bug here: the visitor gets the polite line, developers the error.
            if (s == null) setTimeout(() => { throw e; });
          }

          async function start() {
            const body = { site };
            if (token) body.token = token;
            if (data.userId) {
              body.user = { id: data.userId, hash: data.userHash || "", name: data.userName, email: data.userEmail };
            }
            try {
              const s = await call("POST", "/v1/chat/sessions", body);
              setToken(s.token);
              if (!s.resumed) forget();
              maxChars = s.max_message_chars || maxChars;
              offlineEmail = !!s.offline_email;
              applySite(s.site || {});
              ready = true;
              say("");
              showConversation(s.conversation, false);
              update();
              // Only visitors who chat hold a socket; a returning visitor gets live replies at once.
              if (isOpen || shown.size) connect();
            } catch (e) {
              explain(e, "session");
              if (e.status === 403 || e.status === 404 || e.status == null) stop();
              else retryLater(start);
            }
          }

        """#
}
