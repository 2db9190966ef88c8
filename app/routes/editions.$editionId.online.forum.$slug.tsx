import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { stateName } from "~/vocabulary";
import { FormAlert, Notice } from "~/components/form";
import { Forum, EditionBreadcrumb } from "~/components/online";
import { listModules } from "~/content.server";
import { listForumThreads } from "~/domain/forum.server";
import { forumFormAction } from "~/lib/forum-form.server";
import { mayOn, notFound, requireEdition } from "~/auth/guards.server";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "course:forum.title");

async function access(request: Request, params: LoaderFunctionArgs["params"]) {
  const ctx = await requireEdition(request, params, "edition.progress");
  const listing = listModules(ctx.edition.courseSlug, ctx.locale).find((m) => m.slug === params.slug);
  if (!listing) throw notFound();
  const canModerate = mayOn(ctx.actor, "edition.grade", { editionId: ctx.edition.id });
  return { ...ctx, listing, canModerate, canPost: !ctx.edition.onlineClosedAt };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, edition, locale, listing, canPost, canModerate } = await access(request, params);
  const threads = listForumThreads({ db, editionId: edition.id, moduleSlug: listing.slug, includeHidden: true });
  const withState = <T extends { author: { stateCode: string | null } }>(p: T) => ({
    ...p,
    author: { ...p.author, stateName: p.author.stateCode ? stateName(p.author.stateCode, locale) : null },
  });
  return {
    locale,
    edition: { id: edition.id, name: edition.name, timeZone: edition.timeZone },
    listing: { slug: listing.slug, title: listing.title, order: listing.order, locale: listing.locale },
    canPost,
    canModerate,
    threads: threads.map((th) => ({ ...withState(th), replies: th.replies.map(withState) })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, edition, user, listing, canPost, canModerate } = await access(request, params);
  return forumFormAction({
    request,
    db,
    actor: user,
    editionId: edition.id,
    moduleSlug: listing.slug,
    canPost,
    canModerate,
  });
}

export default function TutorForum() {
  const { t } = useTranslation("course");
  const { locale, edition, listing, canPost, canModerate, threads } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <EditionBreadcrumb edition={edition} />
      <div className="page-head">
        <div>
          <p className="eyebrow">
            {t("forum.title")} · {edition.name}
          </p>
          <h1 lang={listing.locale}>
            {listing.order}. {listing.title}
          </h1>
        </div>
      </div>
      <p className="muted">{t("forum.tutorLede")}</p>
      {result?.ok && result.posted ? <Notice>{t("forum.postedNotice")}</Notice> : null}
      {result?.ok && !result.posted ? <Notice>{t("forum.moderatedNotice")}</Notice> : null}
      {result && !result.ok && result.field === "form" ? <FormAlert error={result.error} /> : null}
      <Forum
        threads={threads}
        locale={locale}
        timeZone={edition.timeZone}
        canPost={canPost}
        moderate={canModerate}
        error={result && !result.ok ? result : null}
        posted={result?.ok ? result.posted : null}
      />
    </>
  );
}
