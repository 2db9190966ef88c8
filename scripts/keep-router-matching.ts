/**
 * Imported first by scripts/start.ts, before any module that loads `@remix-run/router`: the router's internal
 * matching is kept from then on (scripts/route-matching.ts, `loadRouterWithKeptMatching`).
 */
import { loadRouterWithKeptMatching } from "./route-matching";

loadRouterWithKeptMatching();
