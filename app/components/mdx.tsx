/**
 * The components that course MDX may use (no imports in the MDX: the renderer provides them).
 * Rendered to static HTML on the server by app/content.server.ts. Markup only; styling lives in CSS
 * under the class names below.
 */
import type { ReactNode } from "react";
import type { Locale } from "../content/schema";

export const CALLOUT_TYPES = ["note", "warning", "key"] as const;
export type CalloutType = (typeof CALLOUT_TYPES)[number];

/** The only UI strings the module bodies need; everything else comes from the MDX itself. */
export const MDX_LABELS: Record<
  Locale,
  { furtherReading: string; callout: Record<CalloutType, string> }
> = {
  en: {
    furtherReading: "Further reading",
    callout: { note: "Note", warning: "Warning", key: "Key point" },
  },
  es: {
    furtherReading: "Lecturas complementarias",
    callout: { note: "Nota", warning: "Advertencia", key: "Idea clave" },
  },
  pt: {
    furtherReading: "Leituras complementares",
    callout: { note: "Nota", warning: "Atenção", key: "Ponto-chave" },
  },
  fr: {
    furtherReading: "Pour aller plus loin",
    callout: { note: "Remarque", warning: "Attention", key: "Point clé" },
  },
};

function isCalloutType(value: unknown): value is CalloutType {
  return typeof value === "string" && (CALLOUT_TYPES as readonly string[]).includes(value);
}

export interface CalloutProps {
  type?: string;
  children?: ReactNode;
}
export interface DefinitionProps {
  term: string;
  children?: ReactNode;
}
export interface KeyFigureProps {
  value: string;
  label: string;
}
export interface FurtherReadingProps {
  children?: ReactNode;
}

/** The component map handed to the compiled MDX, with labels in the body's locale. */
export function mdxComponents(locale: Locale) {
  const labels = MDX_LABELS[locale];

  function Callout({ type, children }: CalloutProps) {
    const kind: CalloutType = isCalloutType(type) ? type : "note";
    return (
      <aside className={`callout callout-${kind}`} aria-label={labels.callout[kind]}>
        {children}
      </aside>
    );
  }

  function Definition({ term, children }: DefinitionProps) {
    return (
      <dl className="definition">
        <dt>{term}</dt>
        <dd>{children}</dd>
      </dl>
    );
  }

  function KeyFigure({ value, label }: KeyFigureProps) {
    return (
      <figure className="key-figure">
        <p className="key-figure-value">{value}</p>
        <figcaption>{label}</figcaption>
      </figure>
    );
  }

  function FurtherReading({ children }: FurtherReadingProps) {
    return (
      <section className="further-reading">
        <h2>{labels.furtherReading}</h2>
        {children}
      </section>
    );
  }

  return { Callout, Definition, KeyFigure, FurtherReading };
}

/** Names of the components the MDX may use; the checker rejects any other JSX element. */
export const MDX_COMPONENT_NAMES = ["Callout", "Definition", "KeyFigure", "FurtherReading"] as const;
