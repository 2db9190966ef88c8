import { describe, expect, it } from "vitest";
import {
  assignmentOpen,
  computeOnlineResult,
  decodeReasons,
  encodeReasons,
  moduleStatus,
  nextStep,
  type ResultInput,
  requiredModuleSlugs,
  stageWindow,
} from "~/domain/online-rules";
import { endOfDay, isTimeZone, localDay } from "~/domain/time-zone";
import { formatDateTime, formatDeadline, timeZoneLabel } from "~/lib/format";
import { linkify } from "~/lib/linkify";

const REQUIRED = ["01-concepts", "02-legal-framework", "03-manifestations"];
const base: ResultInput = {
  requiredModules: REQUIRED,
  modulesWithQuiz: [...REQUIRED, "04-action-plans"],
  completedModules: REQUIRED,
  bestScores: { "01-concepts": 80, "02-legal-framework": 70, "03-manifestations": 100 },
  passMark: 70,
  assignmentRequired: true,
  assignment: "passed",
};

describe("the online result rule", () => {
  const cases: { name: string; input: Partial<ResultInput>; result: "passed" | "not-passed"; reasons: string[] }[] = [
    { name: "everything done, scores at or above the mark", input: {}, result: "passed", reasons: ["all-requirements-met"] },
    {
      name: "a score exactly at the pass mark passes",
      input: { bestScores: { "01-concepts": 70, "02-legal-framework": 70, "03-manifestations": 70 } },
      result: "passed",
      reasons: ["all-requirements-met"],
    },
    {
      name: "one required module not completed",
      input: { completedModules: ["01-concepts", "03-manifestations"] },
      result: "not-passed",
      reasons: ["modules-incomplete:02-legal-framework"],
    },
    {
      name: "nothing done at all lists every reason",
      input: { completedModules: [], bestScores: {}, assignment: "not-submitted" },
      result: "not-passed",
      reasons: [
        "modules-incomplete:01-concepts,02-legal-framework,03-manifestations",
        "quiz-not-taken:01-concepts",
        "quiz-not-taken:02-legal-framework",
        "quiz-not-taken:03-manifestations",
        "assignment-not-submitted",
      ],
    },
    {
      name: "a required quiz one point below the mark",
      input: { bestScores: { "01-concepts": 80, "02-legal-framework": 69, "03-manifestations": 100 } },
      result: "not-passed",
      reasons: ["quiz-below-pass-mark:02-legal-framework"],
    },
    {
      name: "an optional module's quiz does not count",
      input: { bestScores: { ...base.bestScores, "04-action-plans": 10 } },
      result: "passed",
      reasons: ["all-requirements-met"],
    },
    {
      name: "a required module without a quiz needs no score",
      input: { modulesWithQuiz: ["01-concepts", "02-legal-framework"], bestScores: { "01-concepts": 90, "02-legal-framework": 90 } },
      result: "passed",
      reasons: ["all-requirements-met"],
    },
    { name: "assignment submitted but not graded", input: { assignment: "submitted" }, result: "not-passed", reasons: ["assignment-not-graded"] },
    { name: "assignment graded not passed", input: { assignment: "not-passed" }, result: "not-passed", reasons: ["assignment-not-passed"] },
    { name: "assignment not submitted", input: { assignment: "not-submitted" }, result: "not-passed", reasons: ["assignment-not-submitted"] },
    {
      name: "no assignment needed when the edition does not require it",
      input: { assignmentRequired: false, assignment: "not-submitted" },
      result: "passed",
      reasons: ["all-requirements-met"],
    },
    {
      name: "a higher pass mark",
      input: { passMark: 85 },
      result: "not-passed",
      reasons: ["quiz-below-pass-mark:01-concepts", "quiz-below-pass-mark:02-legal-framework"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(computeOnlineResult({ ...base, ...c.input })).toEqual({ result: c.result, reasons: c.reasons });
    });
  }

  it("reasons survive the round trip through the stored column", () => {
    const { reasons } = computeOnlineResult({ ...base, completedModules: ["01-concepts"], assignment: "submitted" });
    expect(decodeReasons(encodeReasons(reasons))).toEqual([
      { code: "modules-incomplete", modules: ["02-legal-framework", "03-manifestations"] },
      { code: "assignment-not-graded", modules: [] },
    ]);
    expect(decodeReasons(null)).toEqual([]);
  });

  it("required modules come from the edition, else from the content, ignoring unknown slugs", () => {
    const modules = [
      { slug: "01-a", required: true },
      { slug: "02-b", required: false },
    ];
    expect(requiredModuleSlugs(null, modules)).toEqual(["01-a"]);
    expect(requiredModuleSlugs([], modules)).toEqual(["01-a"]);
    expect(requiredModuleSlugs(["02-b", "99-gone"], modules)).toEqual(["02-b"]);
  });
});

describe("the online-stage window (calendar days in the edition's zone, inclusive)", () => {
  const edition = { onlineStartsOn: "2027-03-01", onlineEndsOn: "2027-05-31", onlineClosedAt: null, timeZone: "UTC", assignmentDueOn: "2027-05-20" };
  const at = (iso: string) => new Date(iso);
  it.each([
    ["2027-02-28T23:59:59Z", "before"],
    ["2027-03-01T00:00:00Z", "open"],
    ["2027-05-31T23:59:59Z", "open"],
    ["2027-06-01T00:00:00Z", "after"],
  ])("%s is %s", (when, expected) => {
    expect(stageWindow(edition, at(when))).toBe(expected);
  });
  it("is closed once a tutor closed it, whatever the dates", () => {
    expect(stageWindow({ ...edition, onlineClosedAt: "2027-04-01T10:00:00Z" }, at("2027-04-02T00:00:00Z"))).toBe("closed");
  });
  it("accepts the assignment until the end of its due day", () => {
    expect(assignmentOpen(edition, at("2027-05-20T23:59:00Z"))).toBe(true);
    expect(assignmentOpen(edition, at("2027-05-21T00:00:00Z"))).toBe(false);
    expect(assignmentOpen({ ...edition, assignmentDueOn: null }, at("2027-05-31T12:00:00Z"))).toBe(true);
  });
});

describe("the edition's time zone (Montevideo, UTC−3)", () => {
  const edition = { onlineStartsOn: "2027-03-01", onlineEndsOn: "2027-05-31", onlineClosedAt: null, timeZone: "America/Montevideo", assignmentDueOn: "2027-05-20" };
  it("counts calendar days in the edition's zone: the due day ends at 23:59 in Montevideo, not in UTC", () => {
    expect(assignmentOpen(edition, new Date("2027-05-21T02:59:00Z"))).toBe(true); // 23:59 on the 20th in Montevideo
    expect(assignmentOpen(edition, new Date("2027-05-21T03:00:00Z"))).toBe(false); // 00:00 on the 21st there
    expect(stageWindow(edition, new Date("2027-03-01T02:00:00Z"))).toBe("before"); // still 28 Feb, 23:00 there
    expect(stageWindow(edition, new Date("2027-03-01T03:00:00Z"))).toBe("open");
  });
  it("finds the day and the end of a day in a zone", () => {
    expect(localDay(new Date("2027-05-21T02:59:00Z"), "America/Montevideo")).toBe("2027-05-20");
    expect(endOfDay("2027-05-20", "America/Montevideo").toISOString()).toBe("2027-05-21T02:59:00.000Z");
    expect(endOfDay("2027-07-04", "America/New_York").toISOString()).toBe("2027-07-05T03:59:00.000Z"); // summer time
    expect(endOfDay("2027-01-04", "America/New_York").toISOString()).toBe("2027-01-05T04:59:00.000Z");
    expect(isTimeZone("America/Montevideo")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isTimeZone("<script>")).toBe(false);
  });
  it("shows every time with its zone: a submission at 10:36 UTC reads 07:36 in Montevideo; a deadline reads 23:59", () => {
    const submitted = "2027-03-10T10:36:00Z";
    expect(formatDateTime(submitted, "es", "America/Montevideo")).toMatch(/07:36.*Uruguay/);
    expect(formatDateTime(submitted, "en", "America/Montevideo")).toMatch(/07:36 AM Uruguay/);
    expect(formatDateTime(submitted, "es", "America/Montevideo")).not.toContain("10:36");
    expect(formatDeadline("2027-05-20", "es", "America/Montevideo")).toMatch(/20 may 2027.*23:59.*hora de Uruguay/);
    expect(formatDeadline("2027-05-20", "fr", "America/Mexico_City")).toMatch(/20 mai 2027.*23:59/);
    expect(timeZoneLabel("America/Argentina/Buenos_Aires")).toBe("Buenos Aires (America/Argentina/Buenos_Aires)");
    expect(timeZoneLabel("UTC")).toBe("UTC");
  });
});

describe("module status and the next step", () => {
  it("derives the status from progress and the best score", () => {
    const s = (startedAt: string | null, completedAt: string | null, bestScore: number | null, hasQuiz = true) =>
      moduleStatus({ startedAt, completedAt, hasQuiz, bestScore, passMark: 70 });
    expect(s(null, null, null)).toBe("not-started");
    expect(s("x", null, null)).toBe("in-progress");
    expect(s(null, null, 40)).toBe("in-progress");
    expect(s("x", "y", 40)).toBe("completed");
    expect(s("x", "y", 70)).toBe("quiz-passed");
    expect(s("x", "y", null, false)).toBe("completed");
  });

  it("points at the first unfinished thing", () => {
    const m = (slug: string, status: ReturnType<typeof moduleStatus>, left = 3) => ({ slug, status, hasQuiz: true, quizAttemptsLeft: left });
    expect(nextStep({ open: false, modules: [], assignmentModule: true, assignment: "not-submitted" })).toEqual({ kind: "not-open" });
    expect(
      nextStep({ open: true, modules: [m("01", "quiz-passed"), m("02", "completed"), m("03", "not-started")], assignmentModule: true, assignment: "not-submitted" }),
    ).toEqual({ kind: "quiz", slug: "02" });
    expect(
      nextStep({ open: true, modules: [m("01", "completed", 0), m("02", "in-progress")], assignmentModule: true, assignment: "not-submitted" }),
    ).toEqual({ kind: "study", slug: "02" });
    expect(nextStep({ open: true, modules: [m("01", "quiz-passed")], assignmentModule: true, assignment: "not-submitted" })).toEqual({
      kind: "assignment",
    });
    expect(nextStep({ open: true, modules: [m("01", "quiz-passed")], assignmentModule: true, assignment: "submitted" })).toEqual({
      kind: "wait-grade",
    });
    expect(nextStep({ open: true, modules: [m("01", "quiz-passed")], assignmentModule: true, assignment: "passed" })).toEqual({ kind: "done" });
  });
});

describe("forum text: plain text with links, never HTML", () => {
  it("turns http(s) addresses into links and leaves everything else as text", () => {
    expect(linkify("See https://www.iin.oea.org/es, and <b>bold</b> javascript:alert(1).")).toEqual([
      { kind: "text", text: "See " },
      { kind: "link", text: "https://www.iin.oea.org/es", href: "https://www.iin.oea.org/es" },
      { kind: "text", text: ", and <b>bold</b> javascript:alert(1)." },
    ]);
  });
  it("keeps trailing punctuation out of the address", () => {
    expect(linkify("(http://example.org/a).")).toEqual([
      { kind: "text", text: "(" },
      { kind: "link", text: "http://example.org/a", href: "http://example.org/a" },
      { kind: "text", text: ")." },
    ]);
  });
  it("does not link other schemes", () => {
    expect(linkify("data:text/html,<script>x</script> ftp://x.org")).toEqual([
      { kind: "text", text: "data:text/html,<script>x</script> ftp://x.org" },
    ]);
  });
});
