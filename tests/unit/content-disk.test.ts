/**
 * How often content files are looked at on disk (app/content/files.server.ts, `onDisk`): in production a file's
 * stat and a folder's listing are asked once a second at most, so repeated page views make no system calls, and
 * an edit still shows within a second; elsewhere every read asks the disk, so an edit shows at once.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { listModuleSlugs, readCourseFile } from "~/content/files.server";

let dir = "";
const inAll = (text: string) => ({ en: text, es: text, pt: text, fr: text });
const course = (title: string) => JSON.stringify({ slug: "disk", code: "DISK", defaultLocale: "es", title: inAll(title), summary: inAll("Resumen.") });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aula-content-disk-"));
  fs.mkdirSync(path.join(dir, "disk", "es"), { recursive: true });
  fs.writeFileSync(path.join(dir, "disk", "course.json"), course("Primera versión"));
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("content on disk", () => {
  it("in production, asks the disk once a second at most, and shows an edit within a second", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const stat = vi.spyOn(fs, "statSync");
    const list = vi.spyOn(fs, "readdirSync");
    expect(readCourseFile(dir, "disk")?.title.es).toBe("Primera versión");
    expect(listModuleSlugs(dir, "disk", "es")).toEqual([]);
    const [stats, listings] = [stat.mock.calls.length, list.mock.calls.length];
    expect(stats).toBeGreaterThan(0);

    fs.writeFileSync(path.join(dir, "disk", "course.json"), course("Segunda versión, más larga"));
    fs.writeFileSync(path.join(dir, "disk", "es", "01-uno.mdx"), "---\n---\n");
    for (let i = 0; i < 20; i++) {
      expect(readCourseFile(dir, "disk")?.title.es).toBe("Primera versión");
      expect(listModuleSlugs(dir, "disk", "es")).toEqual([]);
    }
    expect(stat.mock.calls.length).toBe(stats); // twenty views, no system call
    expect(list.mock.calls.length).toBe(listings);

    await new Promise((r) => setTimeout(r, 1100));
    expect(readCourseFile(dir, "disk")?.title.es).toBe("Segunda versión, más larga");
    expect(listModuleSlugs(dir, "disk", "es")).toEqual(["01-uno"]);
  });

  it("elsewhere, shows an edit at once", () => {
    vi.stubEnv("NODE_ENV", "test");
    expect(readCourseFile(dir, "disk")?.title.es).toBe("Primera versión");
    fs.writeFileSync(path.join(dir, "disk", "course.json"), course("Segunda versión, más larga"));
    fs.writeFileSync(path.join(dir, "disk", "es", "01-uno.mdx"), "---\n---\n");
    expect(readCourseFile(dir, "disk")?.title.es).toBe("Segunda versión, más larga");
    expect(listModuleSlugs(dir, "disk", "es")).toEqual(["01-uno"]);
  });
});
