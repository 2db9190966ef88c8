/**
 * "Continue where you left off": the last section of a module a trainee reached, kept per enrolment
 * and module on module_progress. Recorded by the module page (a small script posts the section the
 * reader scrolls to; without JavaScript, following a table-of-contents link records it).
 */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { type Db, preparedOnce } from "~db/index.server";
import { moduleProgress } from "~db/schema";
import { loadModule, type ModuleHeading } from "~/content.server";
import { DomainError } from "./accounts.server";
import type { StudyEnrolment } from "./online-access.server";
import { studyWindow } from "./online.server";

/** Anchor ids are kebab-case ASCII (see slugifyHeading); anything else is refused before any lookup. */
export const SECTION_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SECTION_ID_LENGTH = 80;

export interface ReadingPosition {
  id: string;
  text: string;
}

/**
 * Remembers `sectionId` as the last section the trainee reached in module `slug`. The section must
 * be a heading of the module as the trainee reads it (in `locale`, with the usual fallback); the
 * stage must be open. Starting a module this way also records that it was started.
 */
export async function recordReadingPosition({
  db,
  enrolment,
  slug,
  sectionId,
  locale,
  now = new Date(),
}: {
  db: Db;
  enrolment: StudyEnrolment;
  slug: string;
  sectionId: string;
  locale: string;
  now?: Date;
}): Promise<ReadingPosition> {
  const window = studyWindow(enrolment, now);
  if (window !== "open") throw new DomainError(`course:closedReason.${window}`);
  const module = await loadModule(enrolment.edition.courseSlug, slug, locale);
  if (!module) throw new DomainError("course:errors.noSuchModule");
  const heading = SECTION_ID_PATTERN.test(sectionId) ? module.headings.find((h) => h.id === sectionId) : undefined;
  if (!heading) throw new DomainError("course:reading.errors.unknownSection");
  const at = now.toISOString();
  db.insert(moduleProgress)
    .values({ enrolmentId: enrolment.enrolmentId, moduleSlug: slug, startedAt: at, lastSectionId: heading.id, lastSectionAt: at })
    .onConflictDoUpdate({
      target: [moduleProgress.enrolmentId, moduleProgress.moduleSlug],
      set: { lastSectionId: heading.id, lastSectionAt: at },
    })
    .run();
  return { id: heading.id, text: heading.text };
}

/** The stored section id per module slug, for one enrolment. */
function storedPositions(db: Db, enrolmentId: number): Map<string, string> {
  const rows = preparedOnce(db, "reading-positions", (d) =>
    d
      .select({ slug: moduleProgress.moduleSlug, sectionId: moduleProgress.lastSectionId })
      .from(moduleProgress)
      .where(and(eq(moduleProgress.enrolmentId, sql.placeholder("id")), isNotNull(moduleProgress.lastSectionId)))
      .prepare(),
  ).all({ id: enrolmentId });
  return new Map(rows.map((r) => [r.slug, r.sectionId as string]));
}

/** The section to continue at in one module, resolved against the headings shown; null if none (or no longer there). */
export function readingPositionIn({
  db,
  enrolmentId,
  slug,
  headings,
}: {
  db: Db;
  enrolmentId: number;
  slug: string;
  headings: readonly ModuleHeading[];
}): ReadingPosition | null {
  const id = storedPositions(db, enrolmentId).get(slug);
  const heading = id ? headings.find((h) => h.id === id) : undefined;
  return heading ? { id: heading.id, text: heading.text } : null;
}

/** Sections to continue at, per module slug, for the course page (only modules given in `slugs`). */
export async function readingPositions({
  db,
  enrolment,
  slugs,
  locale,
}: {
  db: Db;
  enrolment: StudyEnrolment;
  slugs: readonly string[];
  locale: string;
}): Promise<Record<string, ReadingPosition>> {
  const stored = storedPositions(db, enrolment.enrolmentId);
  const result: Record<string, ReadingPosition> = {};
  for (const slug of slugs) {
    const id = stored.get(slug);
    if (!id) continue;
    const module = await loadModule(enrolment.edition.courseSlug, slug, locale);
    const heading = module?.headings.find((h) => h.id === id);
    if (heading) result[slug] = { id: heading.id, text: heading.text };
  }
  return result;
}
