import type { ReactNode } from "react";

/**
 * The box around a table that scrolls sideways on a narrow screen. It is a named region that takes
 * keyboard focus, so that a keyboard user can scroll it too (WCAG 2.1.1; axe scrollable-region-focusable).
 */
export function TableScroll({ labelledBy, label, children }: { labelledBy?: string; label?: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways on a phone must be reachable by keyboard (WCAG 2.1.1)
    <section className="table-wrap" aria-labelledby={labelledBy} aria-label={labelledBy ? undefined : label} tabIndex={0}>
      {children}
    </section>
  );
}
