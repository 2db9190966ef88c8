/**
 * A first visit on a slow link, in Debian's Chromium driven by Playwright: 400 ms round trip, 400 kbit/s each
 * way (Network.emulateNetworkConditions) and a 4× slower CPU (Emulation.setCPUThrottlingRate), empty cache.
 * Reports Largest Contentful Paint, the layout shift score and the JavaScript bytes as sent (encoded, i.e.
 * gzipped, body bytes of every script response).
 */
import { type Browser, chromium } from "@playwright/test";

export interface SlowLinkFigures {
  lcpMs: number;
  /** What the largest paint was (tag and the start of its text), to see what to fix. */
  lcpElement: string;
  cls: number;
  jsBytes: number;
}

export const SLOW_3G = { latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 };
export const CPU_SLOWDOWN = 4;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function measureSlowLink(
  browser: Browser,
  url: string,
  { cookie, locale = "es" }: { cookie?: string; locale?: string } = {},
): Promise<SlowLinkFigures> {
  const context = await browser.newContext({ locale, viewport: { width: 390, height: 844 } });
  if (cookie) {
    const origin = new URL(url).origin;
    await context.addCookies(
      cookie.split(";").map((pair) => {
        const [name = "", ...rest] = pair.trim().split("=");
        return { name, value: rest.join("="), url: origin };
      }),
    );
  }
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __lcp: { t: number; el: string }; __cls: number; __candidates: string[] };
    w.__lcp = { t: 0, el: "" };
    w.__cls = 0;
    w.__candidates = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Array<PerformanceEntry & { element?: Element | null; size: number }>) {
        const el = e.element;
        w.__lcp = { t: e.startTime, el: el ? `${el.tagName.toLowerCase()}: ${(el.textContent ?? "").trim().slice(0, 50)}` : "?" };
        w.__candidates.push(`LCP candidate ${Math.round(e.startTime)} size ${e.size} ${w.__lcp.el}`);
      }
    }).observe({ type: "largest-contentful-paint", buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
        if (!e.hadRecentInput) w.__cls += e.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
    (w as unknown as { __long: string[] }).__long = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) (w as unknown as { __long: string[] }).__long.push(`long task ${Math.round(e.startTime)}+${Math.round(e.duration)}`);
      }).observe({ type: "longtask", buffered: true });
    } catch {}
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, ...SLOW_3G });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  const scripts = new Map<string, number>();
  const types = new Map<string, string>();
  cdp.on("Network.responseReceived", (e) => {
    types.set(e.requestId, e.type);
  });
  cdp.on("Network.dataReceived", (e) => {
    if (types.get(e.requestId) === "Script") scripts.set(e.requestId, (scripts.get(e.requestId) ?? 0) + e.encodedDataLength);
  });
  cdp.on("Network.loadingFinished", (e) => {
    // encodedDataLength here counts headers too; the body as sent is what dataReceived added up
    if (types.get(e.requestId) === "Script" && !scripts.has(e.requestId)) scripts.set(e.requestId, e.encodedDataLength);
  });
  await page.goto(url, { waitUntil: "load", timeout: 60_000 });
  // hydration (after the scripts and the translations) can still paint: give it time, then stop observing
  await page.waitForTimeout(1500);
  await page.mouse.click(1, 1); // an input ends LCP observation, as in the field
  const { lcp, cls } = await page.evaluate(() => {
    const w = window as unknown as { __lcp: { t: number; el: string }; __cls: number };
    return { lcp: w.__lcp, cls: w.__cls };
  });
  if (process.env.BENCH_DEBUG) {
    const timeline = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const paints = performance.getEntriesByType("paint").map((p) => `${p.name} ${Math.round(p.startTime)}`);
      const res = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).map(
        (r) => `${r.name.replace(/^.*\/(assets\/)?/, "")} ${Math.round(r.startTime)}→${Math.round(r.responseEnd)} ${r.encodedBodySize}`,
      );
      const candidates = (window as unknown as { __candidates: string[] }).__candidates;
      const long = (window as unknown as { __long: string[] }).__long;
      return [`document ${Math.round(nav.responseStart)}→${Math.round(nav.responseEnd)} domInteractive ${Math.round(nav.domInteractive)} DCL ${Math.round(nav.domContentLoadedEventEnd)} ${nav.encodedBodySize}`, ...paints, ...candidates, ...long, ...res];
    });
    console.log(timeline.join("\n"));
  }
  await context.close();
  return { lcpMs: lcp.t, lcpElement: lcp.el, cls, jsBytes: [...scripts.values()].reduce((a, b) => a + b, 0) };
}
