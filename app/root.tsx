import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { getContext } from "~/auth/session.server";
import { SiteFooter, SiteHeader } from "~/components/layout";
import { useNonce } from "~/components/nonce";
import { createPageI18n, loadPageI18n, pageI18n } from "~/i18n/client";
import { I18nProvider, useTranslation } from "~/i18n/react";
import type { Translator as I18n } from "~/i18n/translator";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/config";
import { translationUrls } from "~/i18n/translation-urls";
import { pageTitle } from "~/lib/meta";
import type { FieldError } from "~/lib/forms";
import { INLINE_STYLESHEET_ID, inlineStylesheet } from "~/components/inline-stylesheet";
import { stylesheetInlined } from "~/lib/inline-stylesheet.server";

/** `fetchpriority="low"` as React 18 wants it: the lowercase HTML attribute (its types only know the camelCase prop). */
const LOW_PRIORITY = { fetchpriority: "low" } as Record<string, string>;

// the stylesheet is inlined in <head> (app/lib/inline-stylesheet.server.ts), not linked
export const links: LinksFunction = () => [{ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (!stylesheetInlined) throw new Error("the stylesheet module did not load");
  const ctx = await getContext(request);
  const url = new URL(request.url);
  const headers = new Headers();
  if (ctx.setCookie) headers.append("Set-Cookie", ctx.setCookie);
  return data(
    {
      locale: ctx.locale,
      user: ctx.user ? { name: ctx.user.name, role: ctx.user.role } : null,
      path: url.pathname + url.search,
    },
    { headers },
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>["data"];

export function useRootData(): RootData | undefined {
  return useRouteLoaderData<typeof loader>("root") as RootData | undefined;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRootData();
  const nonce = useNonce();
  // a refused action skips the root loader; its error carries the reader's language (app/lib/upload.server.ts)
  const error = useRouteError();
  const fallback = isRouteErrorResponse(error) ? (error.data as { i18n?: { locale?: Locale } } | null)?.i18n : undefined;
  const locale: Locale = root?.locale ?? fallback?.locale ?? DEFAULT_LOCALE;
  const i18n = usePageI18n(locale);
  const shownLocale = (i18n.language as Locale | undefined) ?? locale;
  return (
    <html lang={shownLocale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        {/* the built stylesheet itself, not a <link>: on a slow link the first paint no longer waits for a second
            request that shares the link with the scripts (docs/decisions/009, fourth round) */}
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own built stylesheet, read at start */}
        <style id={INLINE_STYLESHEET_ID} dangerouslySetInnerHTML={{ __html: inlineStylesheet() }} />
        <Links />
        {/* after the stylesheet and at low priority: on a slow link the first paint waits for the CSS, not these.
            React 18 knows no `fetchPriority` prop (it warns and, in 18.3, still writes it): the HTML attribute is
            `fetchpriority`, lowercase, which React 18 passes through as is (React 19 renames the camelCase prop) */}
        {translationUrls(shownLocale).map((href) => (
          <link key={href} rel="preload" as="fetch" href={href} crossOrigin="anonymous" {...LOW_PRIORITY} />
        ))}
      </head>
      <body>
        <I18nProvider i18n={i18n}>
          <a className="skip-link" href="#main">
            {i18n.t("layout.skipToContent")}
          </a>
          <SiteHeader user={root?.user ?? null} locale={locale} path={root?.path ?? "/"} />
          <main id="main" className="page">
            {children}
          </main>
          <SiteFooter />
        </I18nProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * The page's i18next instance: the language's one instance (server: built at start; browser: loaded by
 * entry.client before hydration). After a change of language the previous one stays until the new
 * language's files have arrived.
 */
function usePageI18n(locale: Locale): I18n {
  const [, setLoaded] = useState(0);
  const shown = useRef<I18n | undefined>(undefined);
  const ready = pageI18n(locale);
  useEffect(() => {
    if (!pageI18n(locale)) {
      loadPageI18n(locale)
        .then(() => setLoaded((n) => n + 1))
        .catch(() => window.location.reload());
    }
  }, [locale]);
  if (ready) shown.current = ready;
  return shown.current ?? pageI18n(DEFAULT_LOCALE) ?? createPageI18n(locale, {});
}

export default function App() {
  return <Outlet />;
}

function errorKey(error: unknown): "forbidden" | "notFound" | "badRequest" | "busy" | "unexpected" {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status === 503) return "busy"; // the database stayed locked (app/lib/busy.server.ts)
  return status === 403 ? "forbidden" : status === 404 ? "notFound" : status === 400 || status === 413 ? "badRequest" : "unexpected";
}

/** The title when no page below sets one: the error pages ("Page not found · Aula"), else "Aula". */
export const meta: MetaFunction = ({ error, matches }) =>
  error ? pageTitle(matches, `errors.page.${errorKey(error)}.title`) : [{ title: "Aula" }];

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const key = errorKey(error);
  // a refused request body (app/lib/upload.server.ts) says why, as a translation key
  const bodyError = isRouteErrorResponse(error) ? (error.data as { bodyError?: FieldError } | null)?.bodyError : undefined;
  return (
    <section className="card narrow" aria-labelledby="error-title">
      <h1 id="error-title">{t(`errors.page.${key}.title`)}</h1>
      <p>{bodyError && typeof bodyError.key === "string" ? t(bodyError.key, bodyError.values) : t(`errors.page.${key}.body`)}</p>
      <p>
        <a href="/">{t("errors.page.home")}</a>
      </p>
    </section>
  );
}
