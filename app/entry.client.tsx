import { RemixBrowser } from "@remix-run/react";
import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { loadPageI18n } from "~/i18n/client";
import { DEFAULT_LOCALE, isLocale } from "~/i18n/config";

// The page is already painted from the server's HTML; hydrate once its language's translation files
// (preloaded by <link rel=preload> in the head) are in.
const lang = document.documentElement.lang;
loadPageI18n(isLocale(lang) ? lang : DEFAULT_LOCALE)
  .catch((error: unknown) => console.error(error))
  .finally(() => {
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <RemixBrowser />
        </StrictMode>,
      );
    });
  });
