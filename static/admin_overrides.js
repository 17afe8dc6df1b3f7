/* Accessibility fixes to the markup that Django admin's own scripts build (WCAG 2.1 AA,
   checked by axe-core in tests/browser/test_sweep.py; docs/decisions/0012-admin-csp.md).
   Loaded in <head> by templates/admin/base_site.html. The scripts build their widgets at
   different times (Select2 when the DOM is ready, the two-box select on window load, both
   again for an inline row added later), so a MutationObserver fixes whatever appears. */
'use strict';
{
    // The label of the form field with this id, given an id of its own to point at.
    const labelId = function(fieldId) {
        const label = fieldId && document.querySelector('label[for="' + CSS.escape(fieldId) + '"]');
        if (!label) {
            return '';
        }
        if (!label.id) {
            label.id = fieldId + '_label';
        }
        return label.id;
    };

    // Select2 (autocomplete_fields) names its combobox only by the rendered value, and that
    // role=textbox element has no name at all while nothing is chosen: name both by the label.
    const nameSelect2 = function(container) {
        const select = container.previousElementSibling;
        const combobox = container.querySelector('.select2-selection[role="combobox"]');
        const rendered = container.querySelector('.select2-selection__rendered');
        const label = labelId(select && select.id);
        if (!combobox || !rendered || !label || combobox.dataset.forebygNamed) {
            return;
        }
        combobox.dataset.forebygNamed = 'true';
        combobox.setAttribute('aria-labelledby', label + ' ' + rendered.id);
        rendered.setAttribute('aria-labelledby', label);
    };

    // The two-box select's filter icons carry an aria-label, which a span without a role may
    // not have (aria-prohibited-attr); as an image the icon keeps its description.
    const fixFilterIcon = function(icon) {
        icon.setAttribute('role', 'img');
    };

    const fixAll = function() {
        document.querySelectorAll('.select2-container').forEach(nameSelect2);
        document.querySelectorAll('.search-label-icon[aria-label]:not([role])').forEach(fixFilterIcon);
    };

    new MutationObserver(fixAll).observe(document.documentElement, {childList: true, subtree: true});
}
