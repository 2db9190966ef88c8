/**
 * Input parsing for the module page (routes/learning_.$enrolmentId.modules.$slug._index.tsx):
 * its view switches (`?print=1`, `?section=<id>`) and the reading-position form.
 */
import { z } from "zod";
import { MAX_SECTION_ID_LENGTH, SECTION_ID_PATTERN } from "~/domain/reading.server";

const sectionId = z.string().max(MAX_SECTION_ID_LENGTH).regex(SECTION_ID_PATTERN);

export function readingView(url: string): { print: boolean; section: string | null } {
  const params = new URL(url).searchParams;
  const section = sectionId.safeParse(params.get("section"));
  return { print: params.get("print") === "1", section: section.success ? section.data : null };
}

const PositionSchema = z.object({ intent: z.literal("position"), section: sectionId });

/** `intent=position&section=<id>` (posted by the reading tracker), or null for any other form. */
export function positionInput(form: FormData): { section: string } | null {
  if (form.get("intent") !== "position") return null;
  const parsed = PositionSchema.safeParse({ intent: form.get("intent"), section: form.get("section") });
  if (!parsed.success) return { section: "" };
  return { section: parsed.data.section };
}
