// sitegen-a11y.js: names what Decap CMS leaves unnamed where none of its
// extension points (widgets, preview templates, the stylesheet) reaches
// (package cms). Checked against decap-cms 3.16.3 (tools/cms); after an
// update of Decap, browsertest's TestCMSAccessible says whether each
// rule is still needed and still works.
//
// It only adds attributes React does not set on these elements (an id, a
// title, aria-describedby), never removes or moves an element, and runs
// again when Decap renders: React keeps attributes it does not manage, so
// the two never fight over one.
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
//     without alt. A card becomes a button in the tab order that Enter
//     and Space press; its picture gets alt="" (the card's text names the
//     file). Upstream: a <button> per card, with aria-pressed.
//  4. The preview frame. Decap's <iframe id="preview-pane"> has no title
//     (WCAG 4.1.2, axe frame-title). Upstream: a title on PreviewPaneFrame.
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

  // cards: rule 3.
  function cards() {
    var texts = document.querySelectorAll('[class*="-CardText"]');
    for (var i = 0; i < texts.length; i++) {
      var card = texts[i].parentElement;
      if (card.getAttribute('role') !== 'button') {
        card.setAttribute('role', 'button');
      }
      if (card.getAttribute('tabindex') !== '0') {
        card.setAttribute('tabindex', '0');
      }
      var imgs = card.querySelectorAll('img:not([alt])');
      for (var j = 0; j < imgs.length; j++) {
        imgs[j].setAttribute('alt', '');
      }
    }
  }
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if ((e.key === 'Enter' || e.key === ' ') && t && t.getAttribute && t.getAttribute('role') === 'button' &&
        t.tagName === 'DIV' && t.querySelector('[class*="-CardText"]')) {
      e.preventDefault();
      t.click();
    }
  });

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
    frames();
  }
  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(run);
    }
  }
  // Additions and removals of elements start a run, and a changed
  // aria-label (an object opened or closed) or tabindex (React setting a
  // card's again): only a change of those two set here runs it again,
  // once.
  new MutationObserver(schedule).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-label', 'tabindex'] });
  schedule();
})();
