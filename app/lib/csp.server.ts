/**
 * The Content-Security-Policy of every HTML page: scripts only from this origin or carrying this
 * response's nonce (Remix's inline scripts), no framing, forms only to this origin, no <base>, no
 * plugins. Styles allow inline `style` attributes (React's style props); scripts never run inline.
 */
export function contentSecurityPolicy(nonce: string, development = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
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
