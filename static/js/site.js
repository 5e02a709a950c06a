/* Progressive enhancement for the site; everything works without it.
 *
 * - Code tabs: the code samples (one block per SDK, each under its own heading) become a tablist.
 *   The SDK a reader picks is remembered across pages in localStorage.
 * - Copy buttons on highlighted code blocks, and on an answer's link.
 * - Ctrl+Enter (Cmd+Enter on a Mac) in the paste box submits it; Enter there starts a new line.
 * - A message in the answer region when an htmx request fails (htmx 2 swaps nothing on errors).
 *
 * Static file, no inline handlers, no eval: it runs under the site's strict CSP. Content that htmx
 * swaps in is enhanced on "htmx:load"; every step is idempotent.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "gemini-troubleshooter:sdk";
  var tabCounter = 0;

  function remembered() {
    try {
      return window.localStorage.getItem(STORAGE_KEY) || "";
    } catch (error) {
      return ""; // storage disabled (private mode, policy): tabs still work, just not remembered
    }
  }

  function remember(key) {
    try {
      window.localStorage.setItem(STORAGE_KEY, key);
    } catch (error) {
      /* see remembered() */
    }
  }

  /* Code tabs ----------------------------------------------------------------------------------- */

  function selectTab(group, key, focus) {
    var tabs = group.querySelectorAll('[role="tab"]');
    var chosen = null;
    tabs.forEach(function (tab) {
      var selected = tab.getAttribute("data-tab") === key;
      tab.setAttribute("aria-selected", selected ? "true" : "false");
      tab.tabIndex = selected ? 0 : -1;
      var panel = document.getElementById(tab.getAttribute("aria-controls"));
      if (panel) {
        panel.hidden = !selected;
      }
      if (selected) {
        chosen = tab;
      }
    });
    if (focus && chosen) {
      chosen.focus();
    }
    markScrollable(group); // the panel just shown may hold a block wider than the page
    return chosen !== null;
  }

  function selectEverywhere(key) {
    document.querySelectorAll("[data-code-tabs].is-enhanced").forEach(function (group) {
      selectTab(group, key, false);
    });
  }

  // Tabs, copy buttons and links are handled by listeners on the document rather than on each
  // element: htmx's history (Back, Forward) brings pages back from a snapshot of their HTML, which
  // keeps the tabs and buttons site.js added but not listeners attached to them.
  function onTabClick(event) {
    var tab = event.target.closest('[data-code-tabs] [role="tab"]');
    if (!tab) {
      return;
    }
    var key = tab.getAttribute("data-tab");
    remember(key);
    selectEverywhere(key);
  }

  function onTabKey(event) {
    var tablist = event.target.closest('[data-code-tabs] [role="tablist"]');
    if (!tablist) {
      return;
    }
    var tabs = Array.prototype.slice.call(tablist.querySelectorAll('[role="tab"]'));
    var index = tabs.indexOf(document.activeElement);
    if (index < 0) {
      return;
    }
    var next = null;
    if (event.key === "ArrowRight") {
      next = tabs[(index + 1) % tabs.length];
    } else if (event.key === "ArrowLeft") {
      next = tabs[(index - 1 + tabs.length) % tabs.length];
    } else if (event.key === "Home") {
      next = tabs[0];
    } else if (event.key === "End") {
      next = tabs[tabs.length - 1];
    }
    if (next) {
      event.preventDefault();
      // A pick made with the keyboard is remembered like a click.
      remember(next.getAttribute("data-tab"));
      selectEverywhere(next.getAttribute("data-tab"));
      next.focus();
    }
  }

  function enhanceTabs(group) {
    if (group.classList.contains("is-enhanced")) {
      return;
    }
    var panels = Array.prototype.slice.call(group.querySelectorAll(":scope > .code-panel"));
    if (panels.length < 2) {
      return; // one block needs no tabs; its heading stays
    }
    var tablist = document.createElement("div");
    tablist.className = "tablist";
    tablist.setAttribute("role", "tablist");
    tablist.setAttribute("aria-label", "Code samples");
    panels.forEach(function (panel) {
      tabCounter += 1;
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "tab";
      tab.id = "code-tab-" + tabCounter;
      tab.textContent = panel.getAttribute("data-label") || panel.getAttribute("data-tab");
      tab.setAttribute("role", "tab");
      tab.setAttribute("data-tab", panel.getAttribute("data-tab"));
      tab.setAttribute("aria-controls", panel.id);
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.tabIndex = 0;
      tablist.appendChild(tab);
    });
    group.insertBefore(tablist, group.firstChild);
    group.classList.add("is-enhanced");
    // The SDK seen in the paste first, then the reader's last pick, then the first tab.
    var wanted = [group.getAttribute("data-preferred"), remembered()];
    for (var i = 0; i < wanted.length; i += 1) {
      if (wanted[i] && selectTab(group, wanted[i], false)) {
        return;
      }
    }
    selectTab(group, panels[0].getAttribute("data-tab"), false);
  }

  /* Copy buttons -------------------------------------------------------------------------------- */

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain http (a local server on another host name): the old way, through a hidden textarea.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (error) {
        ok = false;
      }
      document.body.removeChild(area);
      if (ok) {
        resolve();
      } else {
        reject(new Error("copy refused"));
      }
    });
  }

  function enhanceCopy(block) {
    if (block.classList.contains("has-copy")) {
      return;
    }
    var pre = block.querySelector("pre");
    if (!pre) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy code");
    block.classList.add("has-copy");
    block.appendChild(button);
  }

  // Copies `text`; on success the button says so for two seconds, on refusal the text in
  // `selectable` is selected for Ctrl+C.
  function copyFrom(button, text, selectable, label, done) {
    copyText(text).then(
      function () {
        button.textContent = "Copied";
        button.setAttribute("data-state", "done");
        announce(done);
      },
      function () {
        button.textContent = "Press Ctrl+C";
        var range = document.createRange();
        range.selectNodeContents(selectable);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      }
    );
    window.setTimeout(function () {
      button.textContent = label;
      button.removeAttribute("data-state");
    }, 2000);
  }

  function onCopyClick(event) {
    var codeButton = event.target.closest(".highlight > .copy-button");
    if (codeButton) {
      var pre = codeButton.parentNode.querySelector("pre");
      copyFrom(codeButton, pre.textContent.replace(/\n$/, ""), pre, "Copy", "Code copied to the clipboard.");
      return;
    }
    var linkButton = event.target.closest("[data-copy-link]");
    if (linkButton) {
      var link = linkButton.parentNode.querySelector("a") || linkButton;
      copyFrom(linkButton, linkButton.getAttribute("data-copy-link"), link, "Copy link", "Link copied to the clipboard.");
    }
  }

  /* Copy link ----------------------------------------------------------------------------------- */

  // The answer's link is on the page without JavaScript; the button that copies it needs this file.
  function enhanceCopyLink(button) {
    button.hidden = false;
  }

  var liveRegion = null;

  function announce(message) {
    if (!liveRegion || !liveRegion.isConnected) {
      liveRegion = document.createElement("p");
      liveRegion.className = "visually-hidden";
      liveRegion.setAttribute("role", "status");
      document.body.appendChild(liveRegion);
    }
    liveRegion.textContent = "";
    window.setTimeout(function () {
      liveRegion.textContent = message;
    }, 50);
  }

  /* Scrolling code ------------------------------------------------------------------------------ */

  // A code block wider (or taller) than its box scrolls; a keyboard user can scroll it only if it
  // can take focus. Blocks that fit stay out of the tab order.
  function markScrollable(scope) {
    scope.querySelectorAll("pre").forEach(function (pre) {
      var scrolls = pre.scrollWidth > pre.clientWidth + 1 || pre.scrollHeight > pre.clientHeight + 1;
      if (scrolls) {
        pre.tabIndex = 0;
      } else if (pre.hasAttribute("tabindex")) {
        pre.removeAttribute("tabindex");
      }
    });
  }

  var resizeQueued = false;
  window.addEventListener("resize", function () {
    if (!resizeQueued) {
      resizeQueued = true;
      window.requestAnimationFrame(function () {
        resizeQueued = false;
        markScrollable(document);
      });
    }
  });

  /* Paste box shortcut ------------------------------------------------------------------------- */

  function enhancePasteBox(box) {
    if (box.form) {
      box.setAttribute("aria-keyshortcuts", "Control+Enter Meta+Enter");
    }
  }

  function onPasteBoxKey(event) {
    var box = event.target;
    if (!box.matches || !box.matches("textarea.paste-box[aria-keyshortcuts]") || !box.form) {
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.isComposing) {
      event.preventDefault();
      box.form.requestSubmit(); // a submit event, so htmx (or the browser) sends it as a click would
    }
  }

  /* htmx failures ------------------------------------------------------------------------------- */

  function showRequestFailure(event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.id) {
      return;
    }
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var box = document.createElement("div");
    box.className = "field-error";
    if (status === 403) {
      box.textContent = "Your session expired. Reload the page and submit again.";
    } else if (status) {
      box.textContent = "Something went wrong on our side (HTTP " + status + "). Try again in a minute.";
    } else {
      box.textContent = "The request did not reach the server. Check your connection and try again.";
    }
    target.replaceChildren(box);
  }

  /* Wiring -------------------------------------------------------------------------------------- */

  function enhance(root) {
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll("[data-code-tabs]").forEach(enhanceTabs);
    scope.querySelectorAll(".highlight").forEach(enhanceCopy);
    scope.querySelectorAll("textarea.paste-box").forEach(enhancePasteBox);
    scope.querySelectorAll("[data-copy-link]").forEach(enhanceCopyLink);
    if (scope.matches && scope.matches("[data-code-tabs]")) {
      enhanceTabs(scope);
    }
    markScrollable(scope);
  }

  // For CSS and tests: the script ran (a script blocked by the CSP would leave this off).
  document.documentElement.classList.add("js");

  document.addEventListener("htmx:load", function (event) {
    enhance(event.target);
  });
  document.addEventListener("click", onTabClick);
  document.addEventListener("keydown", onTabKey);
  document.addEventListener("keydown", onPasteBoxKey);
  document.addEventListener("click", onCopyClick);
  document.addEventListener("htmx:responseError", showRequestFailure);
  document.addEventListener("htmx:sendError", showRequestFailure);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      enhance(document);
    });
  } else {
    enhance(document);
  }
})();
