/**
 * The Content-Security-Policy of every HTML page: scripts only from this origin or, inline, exactly the
 * scripts this document's render wrote (Remix's context and module scripts, by their SHA-256 hashes:
 * app/lib/render-cache.server.ts), no framing, forms only to this origin, no <base>, no plugins. Styles
 * allow inline `style` attributes (React's style props). Hashes instead of a nonce let a rendered
 * document be cached and sent again, gzipped once (docs/decisions/009-what-a-page-costs.md).
 */
export function contentSecurityPolicy(scriptHashes: readonly string[], development = false): string {
  return [
    "default-src 'self'",
    `script-src 'self'${scriptHashes.map((h) => ` '${h}'`).join("")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}
