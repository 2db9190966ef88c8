/** Shared pieces of the online-stage pages (trainee and tutor). */
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { decodeReasons } from "~/domain/online-rules";
import type { Locale } from "~/i18n/config";
import { formatDate, formatDateTime } from "~/lib/format";
import type { FieldError } from "~/lib/forms";
import { linkify } from "~/lib/linkify";
import { ErrorText, Notice } from "./form";

const statusTone: Record<string, string> = {
  "not-started": "",
  "in-progress": "warn",
  completed: "ok",
  "quiz-passed": "ok",
  "not-submitted": "",
  submitted: "warn",
  passed: "ok",
  "not-passed": "danger",
};

/** A module's or assignment's status as a translated badge. */
/** A tutor's page under an edition's online stage: back to the board, then the edition and the title. */
/** The way back from a stage page: the edition's board, then (below the online board) the online board. */
export function EditionBreadcrumb({ edition, online = true }: { edition: { id: number; name: string }; online?: boolean }) {
  const { t } = useTranslation("course");
  return (
    <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
      <ol>
        <li>
          <Link to={`/editions/${edition.id}`}>{t("nav.edition", { name: edition.name })}</Link>
        </li>
        {online ? (
          <li>
            <Link to={`/editions/${edition.id}/online`}>{t("board.title")}</Link>
          </li>
        ) : null}
      </ol>
    </nav>
  );
}

export function TutorPageHead({ edition, title }: { edition: { id: number; name: string }; title: string }) {
  const { t } = useTranslation("course");
  return (
    <>
      <EditionBreadcrumb edition={edition} />
      <div className="page-head">
        <div>
          <p className="eyebrow">{t("board.eyebrow", { edition: edition.name })}</p>
          <h1>{title}</h1>
        </div>
      </div>
    </>
  );
}

export function ProgressBadge({ status }: { status: string }) {
  const { t } = useTranslation("course");
  return <span className={`badge ${statusTone[status] ?? ""}`}>{t(`progressStatus.${status}`)}</span>;
}

export function ResultBadge({ result }: { result: string | null }) {
  const { t } = useTranslation("course");
  if (!result) return <span className="badge">{t("result.pending")}</span>;
  return <span className={`badge ${result === "passed" ? "ok" : "danger"}`}>{t(`result.${result}`)}</span>;
}

/** Why the stage is not open for this trainee, with the dates. */
export function WindowNotice({
  window,
  startsOn,
  endsOn,
  closedAt,
  locale,
}: {
  window: string;
  startsOn: string;
  endsOn: string;
  closedAt: string | null;
  locale: Locale;
}) {
  const { t } = useTranslation("course");
  if (window === "open") return null;
  const values = { start: formatDate(startsOn, locale, "long"), end: formatDate(endsOn, locale, "long"), closed: formatDate(closedAt, locale, "long") };
  return (
    <Notice tone="info">{t(`window.${window}`, values)}</Notice>
  );
}

/** The machine reason codes of an online result, in words. */
export function ReasonList({ stored, titles }: { stored: string | null; titles: Record<string, string> }) {
  const { t } = useTranslation("course");
  const reasons = decodeReasons(stored);
  if (reasons.length === 0) return null;
  return (
    <ul className="reasons">
      {reasons.map((r) => (
        <li key={`${r.code}:${r.modules.join(",")}`}>
          {t(`reasons.${r.code}`, {
            modules: r.modules.map((slug) => titles[slug] ?? slug).join("; "),
            count: r.modules.length,
          })}
        </li>
      ))}
    </ul>
  );
}

/** Text typed by a person: shown as text, with http(s) addresses as links. Never HTML. */
export function PlainText({ text }: { text: string }) {
  return (
    <div className="plain-text">
      {text.split(/\n{2,}/).map((paragraph, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a static text
        <p key={i}>
          {linkify(paragraph).map((piece, j) =>
            piece.kind === "link" ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: pieces of a static text
              <a key={j} href={piece.href} rel="nofollow noopener noreferrer ugc" target="_blank">
                {piece.text}
              </a>
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: pieces of a static text
              <span key={j}>{piece.text}</span>
            ),
          )}
        </p>
      ))}
    </div>
  );
}

export interface ForumPostView {
  id: number;
  body: string;
  createdAt: string;
  pinned: boolean;
  hidden: boolean;
  author: { id: number; name: string; role: string; stateCode: string | null; stateName?: string | null };
}

function PostBody({ post, locale, timeZone, moderate }: { post: ForumPostView; locale: Locale; timeZone: string; moderate: boolean }) {
  const { t } = useTranslation("course");
  const staff = post.author.role === "tutor" || post.author.role === "admin";
  return (
    <>
      <header className="post-head">
        <strong>{post.author.name}</strong>
        <span className="muted small">
          {staff ? t("forum.tutor") : (post.author.stateName ?? "")} · <time dateTime={post.createdAt}>{formatDateTime(post.createdAt, locale, timeZone)}</time>
        </span>
        {post.pinned ? <span className="badge ok">{t("forum.pinned")}</span> : null}
        {post.hidden ? <span className="badge danger">{t("forum.hidden")}</span> : null}
      </header>
      <PlainText text={post.body} />
      {moderate ? (
        <Form method="post" className="actions post-tools">
          <input type="hidden" name="postId" value={post.id} />
          <button type="submit" name="intent" value={post.pinned ? "unpin" : "pin"} className="secondary small-button">
            {t(post.pinned ? "forum.unpin" : "forum.pin")}
          </button>
          <button type="submit" name="intent" value={post.hidden ? "unhide" : "hide"} className="secondary small-button">
            {t(post.hidden ? "forum.unhide" : "forum.hide")}
          </button>
        </Form>
      ) : null}
    </>
  );
}

/** A module's forum: threads with one level of replies, a form to post, tutor tools. */
export function Forum({
  threads,
  locale,
  timeZone,
  canPost,
  moderate,
  error,
  posted,
}: {
  threads: (ForumPostView & { replies: ForumPostView[] })[];
  locale: Locale;
  /** The edition's time zone, named with every post's time. */
  timeZone: string;
  canPost: boolean;
  moderate: boolean;
  error?: { field: string; error: FieldError } | null;
  posted?: number | null;
}) {
  const { t } = useTranslation("course");
  const newError = error && error.field === "body:new" ? error.error : undefined;
  return (
    <>
      {canPost ? (
        <section className="card" aria-labelledby="new-post">
          <h2 id="new-post">{t("forum.newPost")}</h2>
          <Form method="post" className="stack" key={posted ?? "new"}>
            <input type="hidden" name="intent" value="post" />
            <div className="field">
              <label htmlFor="post-new">{t("forum.message")}</label>
              <span className="hint" id="post-new-hint">
                {t("forum.hint", { max: 4000 })}
              </span>
              <textarea
                id="post-new"
                name="body"
                maxLength={4000}
                required
                rows={5}
                aria-describedby={newError ? "post-new-hint post-new-error" : "post-new-hint"}
                aria-invalid={newError ? true : undefined}
              />
              <ErrorText id="post-new-error" error={newError} />
            </div>
            <div className="actions">
              <button type="submit" className="primary">
                {t("forum.publish")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      {threads.length === 0 ? <p className="muted">{t("forum.empty")}</p> : null}
      <ol className="forum">
        {threads.map((thread) => {
          const replyError = error && error.field === `body:${thread.id}` ? error.error : undefined;
          return (
            <li key={thread.id} className={`post card${thread.hidden ? " is-hidden" : ""}`}>
              <article aria-label={t("forum.postBy", { name: thread.author.name })}>
                <PostBody post={thread} locale={locale} timeZone={timeZone} moderate={moderate} />
              </article>
              {thread.replies.length > 0 ? (
                <ol className="replies">
                  {thread.replies.map((reply) => (
                    <li key={reply.id} className={`post reply${reply.hidden ? " is-hidden" : ""}`}>
                      <article aria-label={t("forum.replyBy", { name: reply.author.name })}>
                        <PostBody post={reply} locale={locale} timeZone={timeZone} moderate={moderate} />
                      </article>
                    </li>
                  ))}
                </ol>
              ) : null}
              {canPost ? (
                <details className="reply-box" open={Boolean(replyError)}>
                  <summary>{t("forum.reply")}</summary>
                  <Form method="post" className="stack">
                    <input type="hidden" name="intent" value="post" />
                    <input type="hidden" name="parentId" value={thread.id} />
                    <div className="field">
                      <label htmlFor={`reply-${thread.id}`}>{t("forum.replyLabel", { name: thread.author.name })}</label>
                      <textarea
                        id={`reply-${thread.id}`}
                        name="body"
                        maxLength={4000}
                        required
                        rows={3}
                        aria-invalid={replyError ? true : undefined}
                        aria-describedby={replyError ? `reply-${thread.id}-error` : undefined}
                      />
                      <ErrorText id={`reply-${thread.id}-error`} error={replyError} />
                    </div>
                    <div className="actions">
                      <button type="submit" className="secondary">
                        {t("forum.sendReply")}
                      </button>
                    </div>
                  </Form>
                </details>
              ) : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}
