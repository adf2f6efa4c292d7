// sitegen-a11y.js: names what Decap CMS leaves unnamed where none of its
// extension points (widgets, preview templates, the stylesheet) reaches
// (package cms). Checked against decap-cms 3.16.3 (tools/cms); after an
// update of Decap, browsertest's TestCMSAccessible says whether each
// rule is still needed and still works.
//
// It only adds attributes React does not set on these elements (an id, a
// title, role, aria-describedby, aria-pressed), or changes a tabindex
// React sets once and never again (a card's), never
// removes or moves an element of Decap's, and runs again when Decap
// renders: React keeps attributes it does not manage, so the two never
// fight over one. Its one element of its own, the live region of rule 3,
// is outside Decap's root, and gets its text as text, never as markup.
//
//  1. Field hints. Decap writes a field's hint as a <p> after the widget
//     without an id (decap-cms-core EditorControl, ControlHint), so no
//     control can point to it: a screen reader reads the label, not the
//     hint. The paragraph gets the id "<control id>-hint", which our
//     widgets name in aria-describedby (sitegen-cms.js); Decap's own
//     controls (string, text, number, boolean) get it added.
//     Upstream: EditorControl could give ControlHint an id and pass it to
//     the widget.
//  2. The buttons that open and close an object's fields (location:)
//     say only "Ausklappen" (decap-cms-ui-default ObjectWidgetTopBar,
//     aria-label): they get the field's label and hint too
//     (aria-labelledby: the button, then the label; aria-describedby:
//     the hint) and aria-expanded. Upstream: name the field in the
//     button and say aria-expanded.
//  3. The cards of the media library are <div>s that only a mouse can
//     choose (MediaLibraryCard: onClick, tabIndex -1), their pictures
//     without alt, and whether one is chosen only its border's colour
//     says (isSelected: colors.active, #3a69c7). A card becomes a button
//     in the tab order that Enter and Space press, with aria-pressed as
//     its border shows it (a press chooses it, another lets it go:
//     MediaLibrary handleAssetClick); its picture gets alt="" (the
//     card's text names the file). A change of the choice the focused
//     card does not announce itself (an upload chooses the new file,
//     with the focus on the upload button) is said in a live region of
//     our own, outside Decap's tree: „Ausgewählt: stadtplan.png“.
//     Upstream: a <button> per card, with aria-pressed.
//  4. The preview frame. Decap's <iframe id="preview-pane"> has no title
//     (WCAG 4.1.2, axe frame-title). Upstream: a title on PreviewPaneFrame.
//  5. The upload button of the media library is a <label tabindex="0">
//     around a file input shrunk to 0.1 px (FileUploadButton): the label
//     is the one tab stop (Chromium does not stop at the input), says no
//     role, and Enter or Space on it does nothing – an upload needed the
//     mouse. The label gets role="button" and Enter and Space click its
//     input, which opens the browser's file chooser; admin.css hides
//     the input (display: none: no control inside a button, axe
//     nested-interactive; a click on the label still reaches it).
//     Upstream: a real <button> that opens the chooser.
//  6. The image and file widgets' buttons („Wähle ein Bild“) are not
//     tied to their field: the label's for names no element
//     (decap-cms-widget-file withFileControl). The buttons get the
//     field's label (aria-labelledby: the button, then the label) and
//     its hint (aria-describedby), as the object's button in rule 2.
//     Upstream: an id on the first button, or a group named by the label.
(function () {
  'use strict';
  if (window.sitegenFramed) {
    return;
  }

  function describedBy(el, id) {
    var d = el.getAttribute('aria-describedby') || '';
    if ((' ' + d + ' ').indexOf(' ' + id + ' ') < 0) {
      el.setAttribute('aria-describedby', d ? d + ' ' + id : id);
    }
  }

  // hints: rule 1.
  function hints() {
    var labels = document.querySelectorAll('label[for]');
    for (var i = 0; i < labels.length; i++) {
      var l = labels[i];
      var box = l.parentElement && l.parentElement.parentElement;
      var hint = box && box.lastElementChild;
      if (!hint || hint.tagName !== 'P' || hint === l.parentElement) {
        continue;
      }
      var id = l.htmlFor + '-hint';
      if (hint.id !== id) {
        hint.id = id;
      }
      var control = document.getElementById(l.htmlFor);
      if (control && box.contains(control)) {
        describedBy(control, id);
      }
    }
  }

  // objects: rule 2.
  function objects() {
    var buttons = document.querySelectorAll('button[data-testid="expand-button"]');
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      var box = b.closest('div[id]'); // the object widget's, forID
      var l = box && box.id && document.querySelector('label[for="' + CSS.escape(box.id) + '"]');
      if (!l) {
        continue;
      }
      if (!b.id) {
        b.id = box.id + '-toggle';
      }
      if (!l.id) {
        l.id = box.id + '-label';
      }
      if (b.getAttribute('aria-labelledby') !== b.id + ' ' + l.id) {
        b.setAttribute('aria-labelledby', b.id + ' ' + l.id);
      }
      var hint = document.getElementById(box.id + '-hint');
      if (hint) {
        describedBy(b, hint.id);
      }
      var expanded = String(['Ausklappen', 'Expand'].indexOf(b.getAttribute('aria-label')) < 0);
      if (b.getAttribute('aria-expanded') !== expanded) {
        b.setAttribute('aria-expanded', expanded);
      }
    }
  }

  // cards: rule 3. ACTIVE is Decap's colors.active (#3a69c7), the
  // border of the chosen card; chosen is the file chosen when last
  // looked, null while the media library is closed (Decap lets the
  // choice go when it opens: MediaLibrary isOpening).
  var ACTIVE = 'rgb(58, 105, 199)';
  var chosen = null;
  var live = document.createElement('div');
  live.id = 'sitegen-status';
  live.setAttribute('role', 'status');
  live.style.cssText = 'position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0';
  document.body.appendChild(live);
  function cards() {
    var texts = document.querySelectorAll('[class*="-CardText"]');
    var now = '', changed = [];
    for (var i = 0; i < texts.length; i++) {
      var card = texts[i].parentElement;
      if (card.getAttribute('role') !== 'button') {
        card.setAttribute('role', 'button');
      }
      if (card.getAttribute('tabindex') !== '0') {
        card.setAttribute('tabindex', '0');
      }
      var pressed = String(window.getComputedStyle(card).borderTopColor === ACTIVE);
      if (card.getAttribute('aria-pressed') !== pressed) {
        card.setAttribute('aria-pressed', pressed);
        changed.push(card);
      }
      if (pressed === 'true') {
        now = texts[i].textContent;
      }
      var imgs = card.querySelectorAll('img:not([alt])');
      for (var j = 0; j < imgs.length; j++) {
        imgs[j].setAttribute('alt', '');
      }
    }
    // The media library is open while its upload button is there.
    if (!document.querySelector('label.nc-fileUploadButton')) {
      chosen = null;
      return;
    }
    var before = chosen === null ? '' : chosen;
    chosen = now;
    if (now === before || changed.indexOf(document.activeElement) >= 0) {
      return; // no change, or the focused card says it (aria-pressed)
    }
    live.textContent = now ? 'Ausgewählt: ' + now : 'Keine Datei ausgewählt.';
  }
  // Enter and Space press a card (rule 3) and the upload button (rule 5).
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if ((e.key !== 'Enter' && e.key !== ' ') || !t || !t.getAttribute || t.getAttribute('role') !== 'button') {
      return;
    }
    if (t.tagName === 'DIV' && t.querySelector('[class*="-CardText"]')) {
      e.preventDefault();
      t.click();
    } else if (t.tagName === 'LABEL' && t.classList.contains('nc-fileUploadButton')) {
      var input = t.querySelector('input[type="file"]');
      if (input && !input.disabled) {
        e.preventDefault();
        input.click();
      }
    }
  });

  // uploads: rule 5 (the keys: the handler above).
  function uploads() {
    var ls = document.querySelectorAll('label.nc-fileUploadButton');
    for (var i = 0; i < ls.length; i++) {
      var input = ls[i].querySelector('input[type="file"]');
      if (!input) {
        continue;
      }
      if (ls[i].getAttribute('role') !== 'button') {
        ls[i].setAttribute('role', 'button');
      }
    }
  }

  // files: rule 6. A label whose for names no element, of a field
  // without fields of its own (image:, not location:).
  function files() {
    var labels = document.querySelectorAll('label[for]');
    for (var i = 0; i < labels.length; i++) {
      var l = labels[i];
      var box = l.parentElement && l.parentElement.parentElement;
      if (!l.htmlFor || document.getElementById(l.htmlFor) || !box || box.querySelectorAll('label[for]').length !== 1) {
        continue;
      }
      if (!l.id) {
        l.id = l.htmlFor + '-label';
      }
      var hint = document.getElementById(l.htmlFor + '-hint');
      var bs = box.querySelectorAll('button');
      for (var j = 0; j < bs.length; j++) {
        var b = bs[j];
        if (!b.id) {
          b.id = l.htmlFor + '-button-' + j;
        }
        if (b.getAttribute('aria-labelledby') !== b.id + ' ' + l.id) {
          b.setAttribute('aria-labelledby', b.id + ' ' + l.id);
        }
        if (hint) {
          describedBy(b, hint.id);
        }
      }
    }
  }

  // frames: rule 4.
  function frames() {
    var f = document.getElementById('preview-pane');
    if (f && !f.getAttribute('title')) {
      f.setAttribute('title', 'Vorschau');
    }
  }

  var pending = false;
  function run() {
    pending = false;
    hints();
    objects();
    cards();
    uploads();
    files();
    frames();
  }
  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(run);
    }
  }
  // Additions and removals of elements start a run, and a changed
  // aria-label (an object opened or closed), tabindex (React setting a
  // card's again) or class (a card chosen: emotion
  // gives it the class of its new border): of these, only tabindex is set
  // here, and only once, so a run starts at most one more.
  // The preview frame is named at once, in the observer's own callback
  // (a microtask after React's commit, before any other task): Decap
  // mounts a new frame when the preview's locale changes, and a frame
  // without its title until the next animation frame was seen by axe in
  // CI (frame-title on "Bereiche und Startseite", English pane, at load
  // 14). Setting title starts no run (it is not observed).
  new MutationObserver(function () {
    frames();
    schedule();
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-label', 'tabindex', 'class'] });
  schedule();
})();
