/**
 * The discussion forum of one module in one edition: trainees of every state and the tutors post
 * plain text (links allowed, never HTML); replies go one level deep; tutors pin and hide posts.
 */
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "~db/index.server";
import { enrolments, forumPosts, participations, type Role, users } from "~db/schema";
import { DomainError } from "./accounts.server";
import { writeAudit } from "./audit.server";
import { MAX_POST_LENGTH } from "./online-rules";


export interface ForumPost {
  id: number;
  body: string;
  createdAt: string;
  pinned: boolean;
  hidden: boolean;
  author: { id: number; name: string; role: Role; stateCode: string | null };
}

export interface ForumThread extends ForumPost {
  replies: ForumPost[];
}

/** Threads of a module's forum: pinned first, then newest; replies oldest first. */
export function listForumThreads({
  db,
  editionId,
  moduleSlug,
  includeHidden,
}: {
  db: Db;
  editionId: number;
  moduleSlug: string;
  includeHidden: boolean;
}): ForumThread[] {
  const rows = db
    .select({
      id: forumPosts.id,
      parentId: forumPosts.parentId,
      body: forumPosts.body,
      createdAt: forumPosts.createdAt,
      pinned: forumPosts.pinned,
      hiddenAt: forumPosts.hiddenAt,
      authorId: users.id,
      authorName: users.name,
      authorRole: users.role,
    })
    .from(forumPosts)
    .innerJoin(users, eq(users.id, forumPosts.authorId))
    .where(
      and(
        eq(forumPosts.editionId, editionId),
        eq(forumPosts.moduleSlug, moduleSlug),
        includeHidden ? undefined : isNull(forumPosts.hiddenAt),
      ),
    )
    .orderBy(asc(forumPosts.createdAt), asc(forumPosts.id))
    .all();
  // the state a trainee takes part for, in this edition
  const authorIds = [...new Set(rows.map((r) => r.authorId))];
  const statesOf = new Map(
    authorIds.length
      ? db
          .select({ userId: enrolments.userId, stateCode: participations.stateCode })
          .from(enrolments)
          .innerJoin(participations, eq(participations.id, enrolments.participationId))
          .where(and(eq(enrolments.editionId, editionId), inArray(enrolments.userId, authorIds)))
          .all()
          .map((r) => [r.userId, r.stateCode] as const)
      : [],
  );
  const toPost = (r: (typeof rows)[number]): ForumPost => ({
    id: r.id,
    body: r.body,
    createdAt: r.createdAt,
    pinned: r.pinned,
    hidden: r.hiddenAt !== null,
    author: { id: r.authorId, name: r.authorName, role: r.authorRole, stateCode: statesOf.get(r.authorId) ?? null },
  });
  const threads = rows.filter((r) => r.parentId === null).map((r) => ({ ...toPost(r), replies: [] as ForumPost[] }));
  const byId = new Map(threads.map((t) => [t.id, t]));
  for (const r of rows) {
    if (r.parentId !== null) byId.get(r.parentId)?.replies.push(toPost(r));
  }
  return threads.sort(
    (a, b) => Number(b.pinned) - Number(a.pinned) || b.createdAt.localeCompare(a.createdAt) || b.id - a.id,
  );
}

/** Adds a post or a reply (a reply to a reply joins the same thread: one level only). */
export function createForumPost({
  db,
  authorId,
  editionId,
  moduleSlug,
  body,
  parentId,
  canSeeHidden,
  now = new Date(),
}: {
  db: Db;
  authorId: number;
  editionId: number;
  moduleSlug: string;
  body: string;
  parentId?: number | null;
  canSeeHidden: boolean;
  now?: Date;
}): number {
  const text = body.replace(/\r\n/g, "\n").trim();
  if (!text) throw new DomainError("errors.required", "body");
  if (text.length > MAX_POST_LENGTH) throw new DomainError("errors.tooLong", "body", { max: MAX_POST_LENGTH });
  let threadId: number | null = null;
  if (parentId) {
    const parent = db
      .select({ id: forumPosts.id, parentId: forumPosts.parentId, hiddenAt: forumPosts.hiddenAt })
      .from(forumPosts)
      .where(and(eq(forumPosts.id, parentId), eq(forumPosts.editionId, editionId), eq(forumPosts.moduleSlug, moduleSlug)))
      .get();
    if (!parent || (parent.hiddenAt && !canSeeHidden)) throw new DomainError("course:forum.errors.noParent");
    threadId = parent.parentId ?? parent.id;
  }
  return db
    .insert(forumPosts)
    .values({ editionId, moduleSlug, authorId, parentId: threadId, body: text, createdAt: now.toISOString() })
    .returning({ id: forumPosts.id })
    .get().id;
}

export type ModerationOp = "pin" | "unpin" | "hide" | "unhide";

/** A tutor pins/unpins or hides/shows a post of this edition; audited. */
export function moderateForumPost({
  db,
  actor,
  editionId,
  postId,
  op,
  now = new Date(),
}: {
  db: Db;
  actor: { id: number };
  editionId: number;
  postId: number;
  op: ModerationOp;
  now?: Date;
}): void {
  db.transaction((tx) => {
    const post = tx
      .select({ id: forumPosts.id, pinned: forumPosts.pinned, hiddenAt: forumPosts.hiddenAt })
      .from(forumPosts)
      .where(and(eq(forumPosts.id, postId), eq(forumPosts.editionId, editionId)))
      .get();
    if (!post) throw new DomainError("course:forum.errors.noParent");
    const set =
      op === "pin"
        ? { pinned: true }
        : op === "unpin"
          ? { pinned: false }
          : op === "hide"
            ? { hiddenAt: now.toISOString(), hiddenBy: actor.id }
            : { hiddenAt: null, hiddenBy: null };
    tx.update(forumPosts).set(set).where(eq(forumPosts.id, postId)).run();
    writeAudit(tx, {
      actorId: actor.id,
      action: `forum.${op}`,
      entityType: "forum_post",
      entityId: postId,
      editionId,
      before: { pinned: post.pinned, hidden: post.hiddenAt !== null },
    });
  });
}

/** One submitted forum form, parsed: a post or reply, or a tutor's pin/hide. */
export interface ForumInput {
  intent: "post" | "pin" | "unpin" | "hide" | "unhide";
  body?: string;
  parentId?: number;
  postId?: number;
}

export type ForumFormResult =
  | { ok: true; posted: number | null }
  | { ok: false; field: string; error: { key: string; values?: Record<string, string | number> } };

/**
 * One submitted forum form (post, reply, or a tutor's pin/hide), already authorised by the route
 * (posting while the stage is open, moderating as staff); `canModerate` also shows hidden posts.
 */
export function handleForumForm({
  db,
  actor,
  editionId,
  moduleSlug,
  input,
  canModerate,
}: {
  db: Db;
  actor: { id: number };
  editionId: number;
  moduleSlug: string;
  input: ForumInput;
  canModerate: boolean;
}): ForumFormResult {
  const field = `body:${input.parentId ?? "new"}`;
  try {
    if (input.intent === "post") {
      const id = createForumPost({
        db,
        authorId: actor.id,
        editionId,
        moduleSlug,
        body: input.body ?? "",
        parentId: input.parentId ?? null,
        canSeeHidden: canModerate,
      });
      return { ok: true, posted: id };
    }
    if (!input.postId) return { ok: false, field: "form", error: { key: "errors.invalid" } };
    moderateForumPost({ db, actor, editionId, postId: input.postId, op: input.intent });
    return { ok: true, posted: null };
  } catch (err) {
    if (err instanceof DomainError) {
      return { ok: false, field: err.field === "body" ? field : "form", error: { key: err.key, values: err.values } };
    }
    throw err;
  }
}
