/**
 * A slow server, for hunting tests that race the page (`E2E_SLOW_MS=1500 npx playwright test`; README, testing):
 * a proxy in front of the e2e server that holds every form submission (POST) and every data request of a client
 * navigation (`.data`) for E2E_SLOW_MS before passing it on, as a loaded machine does. A test that waits for "a
 * heading" or "a Save button" after a click then finds the previous page's and acts on it; one that waits for
 * what proves the new page is there passes, only slower. Documents, assets and everything else pass at once.
 *
 *   npx tsx tests/e2e/tools/slow-proxy.ts <listen port> <server port> <delay ms>
 */
import http from "node:http";

const [listen, target, delay] = process.argv.slice(2).map(Number);
if (!listen || !target || delay === undefined || Number.isNaN(delay)) {
  console.error("usage: slow-proxy.ts <listen port> <server port> <delay ms>");
  process.exit(2);
}

const slow = (req: http.IncomingMessage) => req.method === "POST" || /\.data(\?|$)/.test(req.url ?? "");

http
  .createServer((req, res) => {
    const forward = () => {
      const upstream = http.request(
        { host: "127.0.0.1", port: target, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    };
    if (slow(req)) {
      req.pause();
      setTimeout(() => {
        req.resume();
        forward();
      }, delay);
    } else forward();
  })
  .listen(listen, "127.0.0.1", () => console.log(`slow proxy on ${listen} → ${target}, ${delay} ms on POSTs and .data`));
