// Moving keyboard focus past a composite widget (the grid) to the next or previous tab stop of the
// page, in document order: the grid is one tab stop, whatever AG Grid would do with Tab itself.
const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

function visible(el: HTMLElement): boolean {
  if (el.closest('[hidden], [inert]')) return false;
  const rect = el.getBoundingClientRect();
  return rect.width > 0 || rect.height > 0;
}

/** The tab stop after (or before) `widget`, outside it; null at the end of the page. */
export function tabStopBeyond(widget: HTMLElement, backwards: boolean): HTMLElement | null {
  const stops = [...document.querySelectorAll<HTMLElement>(TABBABLE)].filter((el) => !widget.contains(el) && visible(el));
  if (backwards) {
    for (let i = stops.length - 1; i >= 0; i--) {
      if (widget.compareDocumentPosition(stops[i]) & Node.DOCUMENT_POSITION_PRECEDING) return stops[i];
    }
    return null;
  }
  return stops.find((el) => widget.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) ?? null;
}
