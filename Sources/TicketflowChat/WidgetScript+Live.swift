extension WidgetScript {
    /// The second half of the widget: live events over the WebSocket or SSE, rendering the
    /// conversation, composing and sending, opening and closing the panel.
    static let live: String = #"""
          // ---- live events: WebSocket, or SSE where sockets do not get through ----
          let ws = null;
          let es = null;
          let useSSE = !("WebSocket" in window);
          let attempt = 0;
          let quickCloses = 0;
          let timer = 0;
          let pinger = 0;

          // Refused for good (origin, site, identity): retrying would only be refused again.
          function stop() {
            stopped = true;
            input.disabled = true;
            update();
          }

          function retryLater(fn) {
            if (timer || stopped) return;
            const delay = Math.min(30000, 1000 * 2 ** attempt++) * (0.5 + Math.random() / 2);
            timer = setTimeout(() => {
              timer = 0;
              fn();
            }, delay);
          }

          function connected() {
            attempt = 0;
            if (statusEl.textContent === T.offline) say("");
          }

          function connect() {
            if (ws || es || !token || !ready || stopped) return;
            const query = "?token=" + encodeURIComponent(token);
            if (useSSE) {
              const src = (es = new EventSource(base + "/v1/chat/events" + query));
              src.onopen = connected;
              src.onmessage = (e) => receive(e.data);
              src.onerror = () => {
                // EventSource would retry by itself with the old URL; our retry rechecks the token first.
                src.close();
                es = null;
                retryLater(resume);
              };
              return;
            }
            const sock = (ws = new WebSocket(base.replace(/^http/, "ws") + "/v1/chat/socket" + query));
            let openedAt = 0;
            sock.onopen = () => {
              openedAt = Date.now();
              connected();
              // Idle sockets are cut by proxies; a small ping keeps the conversation's line open.
              pinger = setInterval(() => sock.send('{"type":"ping"}'), 25000);
            };
            sock.onmessage = (e) => receive(e.data);
            sock.onclose = () => {
              clearInterval(pinger);
              ws = null;
              restorePending();
              // A socket that never opens, or keeps dropping at once, is blocked on the way: use SSE.
              quickCloses = openedAt && Date.now() - openedAt > 10000 ? 0 : quickCloses + 1;
              if (!openedAt || quickCloses >= 2) useSSE = true;
              retryLater(resume);
            };
          }

          // After a drop: read the conversation (which also tells whether the token still works)
          // and reconnect; an expired visitor starts over with a new session.
          async function resume() {
            try {
              showConversation(await call("GET", "/v1/chat/conversation"), true);
              connect();
            } catch (e) {
              if (e.status === 401) {
                ready = false;
                start();
              } else if (e.status === 403) {
                explain(e);
                stop();
              } else {
                if (attempt > 1) say(T.offline);
                retryLater(resume);
              }
            }
          }

          function receive(raw) {
            let ev;
            try {
              ev = JSON.parse(raw);
            } catch {
              return;
            }
            switch (ev.type) {
              case "message":
                addMessage(ev.message, true);
                break;
              case "thinking":
                setThinking(!!ev.on);
                break;
              case "handover":
                withAgent = true;
                setThinking(false);
                showHandover({ text: ev.text, offline_email: ev.offline_email });
                break;
              case "state":
                showConversation(ev.conversation, true);
                break;
              case "token":
                setToken(ev.token);
                break;
              case "preview":
                showPreview(ev.text);
                break;
              case "error":
                restorePending();
                explain(ev);
                break;
            }
          }

          // ---- rendering ----
          // A person has the conversation: no "thinking" when the visitor writes (the AI keeps out).
          let withAgent = false;

          function showConversation(c, isLive) {
            if (!c) return;
            withAgent = !!c.with_agent;
            for (const m of c.messages || []) addMessage(m, isLive);
            savedEmail = c.email || null;
            setThinking(!!c.waiting_for_answer);
            showHandover(c.handover);
          }

          // A new visitor (the stored token had expired) does not see the old visitor's messages.
          function forget() {
            for (const el of shown.values()) el.remove();
            shown.clear();
          }

          function addMessage(m, isLive) {
            if (!m || m.id == null) return;
            const old = shown.get(m.id);
            if (old) {
              if (old.tfRate) old.tfRate(m.rating);
              return;
            }
            const node = messageNode(m);
            shown.set(m.id, node);
            // Ids grow with time, so a message that arrives late still lands in its place.
            const next = [...log.children].find((el) => Number(el.dataset.id) > m.id) || null;
            log.insertBefore(node, next);
            if (m.author === "customer") stick = true;
            toEnd();
            if (m.author === "customer") {
              if (pending === m.text) pending = null;
              // A new question: the answer being previewed will not be sent; its own preview replaces it.
              clearPreview();
            } else {
              setThinking(false);
              // "A person will reply" is answered once they have; a later snapshot says if it still holds.
              if (m.author === "agent") showHandover(null);
              if (isLive && !isOpen) unread(true);
            }
          }

          function messageNode(m) {
            const who = m.author === "customer" ? T.you : m.author === "agent" ? m.name || T.agent : T.ai;
            const node = h("div", {
              class: "msg " + m.author, "data-tf": "message", "data-author": m.author, "data-id": m.id,
            },
              h("div", { class: m.author === "customer" ? "who sr" : "who", "data-tf": "name", text: who }),
              h("div", { class: "text", text: m.text || "" }));
            if (m.author === "customer") return node;
            const sources = (m.sources || []).filter((s) => s && s.title);
            if (sources.length) {
              const items = sources.map((s) => h("li", null, sourceNode(s)));
              node.append(h("ul", { class: "src", "aria-label": T.sources }, ...items));
            }
            node.append(ratingNode(m, node));
            return node;
          }

          // Only http(s) becomes a link: a javascript: or data: URL from anywhere must not be clickable.
          // A relative URL is the Ticketflow server's own article page.
          function sourceNode(s) {
            let url = null;
            try {
              const u = s.url ? new URL(s.url, base) : null;
              if (u && (u.protocol === "https:" || u.protocol === "http:")) url = u.href;
            } catch { /* not a URL: shown as text */ }
            if (!url) return h("span", { "data-tf": "source", text: s.title });
            return h("a", { href: url, target: "_blank", rel: "noopener noreferrer", "data-tf": "source" },
              s.title, h("span", { class: "sr", text: T.newTab }));
          }

          function ratingNode(m, node) {
            const thumb = (cls, label) => h("button", {
              type: "button", class: cls, "data-tf": "rate-" + cls, "aria-label": label,
            }, icon(THUMB));
            const up = thumb("up", T.helpful);
            const down = thumb("down", T.notHelpful);
            let current = null;
            const show = (r) => {
              current = r || null;
              up.setAttribute("aria-pressed", String(current === "up"));
              down.setAttribute("aria-pressed", String(current === "down"));
            };
            const rate = async (helpful) => {
              const before = current;
              show(helpful ? "up" : "down");
              try {
                show((await call("POST", "/v1/chat/ratings", { message_id: m.id, helpful })).rating);
              } catch (e) {
                show(before);
                explain(e);
              }
            };
            up.addEventListener("click", () => rate(true));
            down.addEventListener("click", () => rate(false));
            show(m.rating);
            node.tfRate = show;
            return h("div", { class: "rate", role: "group", "aria-label": T.rate }, up, down);
          }

          // An answer still being written, shown as far as it passed its checks. It goes when the answer
          // arrives, or the hand-over if the answer is held, or the AI stops working on it. Screen readers
          // skip it: the log would read every growing copy; they get the answer once it is sent.
          let previewEl = null;
          function showPreview(text) {
            if (!text || withAgent) return;
            if (!previewEl) {
              previewEl = h("div", {
                class: "msg ai preview", "data-tf": "preview", "aria-hidden": "true",
              },
                h("div", { class: "who", text: T.ai }),
                h("div", { class: "text" }),
                h("div", { class: "checking", text: T.checking }));
              log.append(previewEl);
            }
            previewEl.querySelector(".text").textContent = text;
            toEnd();
          }

          function clearPreview() {
            if (previewEl) previewEl.remove();
            previewEl = null;
          }

          function setThinking(on) {
            if (!on) clearPreview();
            if (on && !thinkingEl) {
              thinkingEl = h("div", { class: "thinking", "data-tf": "thinking", text: T.thinking });
              live.prepend(thinkingEl);
            } else if (!on && thinkingEl) {
              thinkingEl.remove();
              thinkingEl = null;
            }
          }

          // The handover note is the server's own words (who answers, how long it may take), kept
          // apart from the messages because it is about the conversation, not a message in it.
          function showHandover(ho) {
            const key = ho && ho.text ? ho.text + "\n" + (savedEmail || "") : null;
            // Snapshots repeat the same note: rebuilding it would clear an address being typed.
            if (noteEl && noteEl.tfKey === key) return;
            if (noteEl) noteEl.remove();
            noteEl = null;
            if (!key) return;
            noteEl = h("div", { class: "note", "data-tf": "handover" }, h("p", { text: ho.text }));
            noteEl.tfKey = key;
            if (savedEmail) noteEl.append(h("p", { "data-tf": "email-note", text: T.emailSaved(savedEmail) }));
            else if (ho.offline_email ?? offlineEmail) noteEl.append(emailForm());
            live.append(noteEl);
          }

          function emailForm() {
            const field = h("input", {
              type: "email", id: "tf-email", "data-tf": "email", required: true, autocomplete: "email",
              placeholder: "you@example.com",
            });
            const form = h("form", { "data-tf": "email-form" },
              h("label", { for: "tf-email", text: T.emailLabel }),
              h("div", { class: "row" }, field,
                h("button", { type: "submit", "data-tf": "email-send", text: T.emailSend })));
            form.addEventListener("submit", async (e) => {
              e.preventDefault();
              const email = field.value.trim();
              if (!email) return;
              try {
                const r = await call("POST", "/v1/chat/email", { email });
                savedEmail = r.email;
                if (noteEl) noteEl.tfKey = ""; // no snapshot matches: the next one shows the saved address
                say("");
                const text = r.will_email ? T.willEmail(r.email) : T.noEmail;
                form.replaceWith(h("p", { "data-tf": "email-note", text }));
              } catch (err) {
                explain(err, "email");
              }
            });
            return form;
          }

          function unread(on) {
            const dot = launcher.querySelector(".dot");
            if (on && !dot) launcher.append(h("span", { class: "dot", "data-tf": "unread" }));
            if (!on && dot) dot.remove();
            launcher.setAttribute("aria-label", on ? T.openUnread : T.open);
          }

          // ---- composing and sending ----
          // Code points, not UTF-16 units: never more than the server's character count, so a
          // message the counter allows is one the server accepts.
          const length = (s) => [...s].length;

          function update() {
            const n = length(input.value.trim());
            const over = n > maxChars;
            counter.textContent = n > maxChars * 0.8 ? `${n} / ${maxChars}` : "";
            counter.classList.toggle("over", over);
            // The counter is only read on focus; crossing the limit is said once in the status line.
            const warning = T.tooLong(maxChars);
            if (over && statusEl.textContent !== warning) say(warning);
            else if (!over && statusEl.textContent === warning) say("");
            sendBtn.disabled = !ready || stopped || !n || over;
          }

          function restorePending() {
            if (pending != null && !input.value) input.value = pending;
            pending = null;
            update();
          }

          async function send() {
            const text = input.value.trim();
            if (!ready || stopped || !text || length(text) > maxChars) return;
            input.value = "";
            update();
            say("");
            // The pipeline runs now; the answer, a hand-over or an error ends the state.
            if (!withAgent) setThinking(true);
            if (ws && ws.readyState === WebSocket.OPEN) {
              pending = text;
              ws.send(JSON.stringify({ type: "message", text }));
              return;
            }
            try {
              const r = await call("POST", "/v1/chat/messages", { text });
              setToken(r.token);
              addMessage(r.message, true);
              showConversation(r.conversation, true);
              connect();
            } catch (e) {
              if (!input.value) input.value = text;
              update();
              explain(e);
              if (e.status === 401) {
                ready = false;
                start();
              }
            }
          }

          compose.addEventListener("submit", (e) => {
            e.preventDefault();
            send();
          });
          input.addEventListener("input", update);
          input.addEventListener("keydown", (e) => {
            // Enter sends, Shift+Enter is a new line; never while an IME is composing a word.
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              send();
            }
          });

          // ---- opening and closing ----
          function open() {
            if (isOpen) return;
            isOpen = true;
            panel.hidden = false;
            host.classList.add("open");
            launcher.setAttribute("aria-expanded", "true");
            unread(false);
            stick = true;
            toEnd();
            (input.disabled ? closeBtn : input).focus();
            connect();
          }

          function close(returnFocus) {
            if (!isOpen) return;
            isOpen = false;
            panel.hidden = true;
            host.classList.remove("open");
            launcher.setAttribute("aria-expanded", "false");
            if (returnFocus) launcher.focus();
          }

          launcher.addEventListener("click", () => (isOpen ? close(true) : open()));
          closeBtn.addEventListener("click", () => close(true));
          panel.addEventListener("keydown", (e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              close(true);
            }
          });

          window.TicketflowChat = Object.freeze({ open, close: () => close(root.activeElement != null) });

          const mount = () => {
            document.body.append(host);
            start();
          };
          // An async script in <head> can run before <body> exists.
          if (document.body) mount();
          else document.addEventListener("DOMContentLoaded", mount);
        })();
        """#
}
