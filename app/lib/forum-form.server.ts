import { z } from "zod";
import { forbidden } from "~/auth/guards.server";
import type { Db } from "~db/index.server";
import { type ForumFormResult, handleForumForm } from "~/domain/forum.server";

const ForumFormSchema = z.object({
  intent: z.enum(["post", "pin", "unpin", "hide", "unhide"]),
  body: z.string().max(20_000).optional(),
  parentId: z.coerce.number().int().positive().optional().catch(undefined),
  postId: z.coerce.number().int().positive().optional().catch(undefined),
});

/**
 * A forum page's action: parses the form, refuses (403) what this person may not do here
 * (`canPost`: post or reply; `canModerate`: pin and hide), then hands it to the domain.
 */
export async function forumFormAction({
  request,
  db,
  actor,
  editionId,
  moduleSlug,
  canPost,
  canModerate,
}: {
  request: Request;
  db: Db;
  actor: { id: number };
  editionId: number;
  moduleSlug: string;
  canPost: boolean;
  canModerate: boolean;
}): Promise<ForumFormResult> {
  const form = await request.formData();
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
  const parsed = ForumFormSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, field: "form", error: { key: "errors.invalid" } };
  const input = parsed.data;
  if (input.intent === "post" ? !canPost : !canModerate) throw forbidden();
  return handleForumForm({ db, actor, editionId, moduleSlug, input, canModerate });
}
