/**
 * Reading a long module on a phone: the table of contents, "continue where you left off", and the
 * small progressive-enhancement script that remembers the last section reached.
 * Without JavaScript the contents links carry `?section=<id>`, which the loader records.
 */
import { useFetcher } from "@remix-run/react";
import { type MouseEvent, useEffect, useRef } from "react";
import { useTranslation } from "~/i18n/react";

export interface Heading {
  id: string;
  text: string;
  depth: 2 | 3;
}

/** A table of contents is shown from this many `##` sections on. */
export const TOC_MIN_SECTIONS = 3;

export function hasTableOfContents(headings: readonly Heading[]): boolean {
  return headings.filter((h) => h.depth === 2).length >= TOC_MIN_SECTIONS;
}

/** `?section=<id>#<id>`: jumps to the section; the loader records it when JavaScript is off. */
export function sectionHref(id: string): string {
  return `?section=${encodeURIComponent(id)}#${encodeURIComponent(id)}`;
}

/** With JavaScript: scroll to the section in place (no reload) and let the tracker record it. */
function jumpTo(event: MouseEvent<HTMLAnchorElement>, id: string, onJump?: (id: string) => void) {
  const target = document.getElementById(id);
  if (!target || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  target.scrollIntoView();
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus({ preventScroll: true });
  window.history.replaceState(window.history.state, "", `#${id}`);
  onJump?.(id);
}

export function TableOfContents({ headings, lang, onJump }: { headings: readonly Heading[]; lang: string; onJump?: (id: string) => void }) {
  const { t } = useTranslation("course");
  const sections: Array<Heading & { children: Heading[] }> = [];
  for (const h of headings) {
    if (h.depth === 2 || sections.length === 0) sections.push({ ...h, children: [] });
    else sections[sections.length - 1].children.push(h);
  }
  const link = (h: Heading) => (
    <a href={sectionHref(h.id)} onClick={(e) => jumpTo(e, h.id, onJump)}>
      {h.text}
    </a>
  );
  return (
    <nav className="card toc" aria-label={t("reading.toc")}>
      <details open>
        <summary>
          <span className="toc-title">{t("reading.toc")}</span>{" "}
          <span className="muted small">{t("reading.sections", { count: sections.length })}</span>
        </summary>
        <ol lang={lang}>
          {sections.map((s) => (
            <li key={s.id}>
              {link(s)}
              {s.children.length > 0 ? (
                <ol>
                  {s.children.map((c) => (
                    <li key={c.id}>{link(c)}</li>
                  ))}
                </ol>
              ) : null}
            </li>
          ))}
        </ol>
      </details>
    </nav>
  );
}

export function ContinueReading({ position, lang }: { position: { id: string; text: string }; lang: string }) {
  const { t } = useTranslation("course");
  return (
    <p className="alert info continue-reading">
      {t("reading.stoppedAt")}{" "}
      <a href={`#${position.id}`} onClick={(e) => jumpTo(e, position.id)} className="continue-link">
        {t("reading.continueAt")} <span lang={lang}>«{position.text}»</span>
      </a>
    </p>
  );
}

/**
 * Watches the module's section headings and posts the last one the reader reached (the heading
 * nearest above the upper 40 % of the screen), at most once per change, after a short pause.
 */
export function useReadingTracker({
  containerId,
  initial,
  disabled,
}: {
  containerId: string;
  initial: string | null;
  disabled?: boolean;
}): (id: string) => void {
  const fetcher = useFetcher();
  const sent = useRef<string | null>(initial);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const submit = fetcher.submit;

  const record = useRef<(id: string) => void>(() => {});
  record.current = (id: string) => {
    if (id === sent.current) return;
    sent.current = id;
    submit({ intent: "position", section: id }, { method: "post" });
  };

  useEffect(() => {
    if (disabled || typeof IntersectionObserver === "undefined") return;
    const container = document.getElementById(containerId);
    if (!container) return;
    const headings = Array.from(container.querySelectorAll<HTMLElement>("h2[id], h3[id]"));
    if (headings.length === 0) return;
    const current = () => {
      const line = window.innerHeight * 0.4;
      let found: HTMLElement | null = null;
      for (const h of headings) {
        if (h.getBoundingClientRect().top <= line) found = h;
        else break;
      }
      return found?.id ?? null;
    };
    const observer = new IntersectionObserver(
      () => {
        clearTimeout(timer.current);
        timer.current = setTimeout(() => {
          const id = current();
          if (id) record.current(id);
        }, 600);
      },
      { rootMargin: "0px 0px -60% 0px", threshold: [0, 1] },
    );
    for (const h of headings) observer.observe(h);
    return () => {
      observer.disconnect();
      clearTimeout(timer.current);
    };
  }, [containerId, disabled]);

  return (id: string) => record.current(id);
}
