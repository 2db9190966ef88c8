import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of this response, for Remix's inline scripts (<Scripts>,
 * <ScrollRestoration>). Set on the server by entry.server.tsx; in the browser it is empty (browsers
 * hide nonces from the DOM) and not needed, since scripts added after hydration are not inline.
 */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
