import { createContext, useContext } from "react";

/**
 * The render's script marker, for Remix's inline scripts (<Scripts>, <ScrollRestoration>). Set on the
 * server by entry.server.tsx, which hashes the inline scripts carrying it for the Content-Security-Policy
 * and removes it from the document (app/lib/render-cache.server.ts). In the browser it is empty and not
 * needed, since scripts added after hydration are not inline.
 */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
