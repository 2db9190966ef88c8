import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { stateName } from "~/vocabulary";
import { FormAlert, Notice } from "~/components/form";
import { Forum } from "~/components/online";
import { listModules } from "~/content.server";
import { listForumThreads } from "~/domain/forum.server";
import { forumFormAction } from "~/lib/forum-form.server";
import { notFound, requireEnrolment } from "~/auth/guards.server";
import { studyWindow } from "~/domain/online.server";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "course:forum.title");

async function access(request: Request, params: LoaderFunctionArgs["params"]) {
  const ctx = await requireEnrolment(request, params, "enrolment.study");
  const listing = listModules(ctx.enrolment.edition.courseSlug, ctx.locale).find((m) => m.slug === params.slug);
  if (!listing) throw notFound();
  const enrolled = ctx.enrolment.status === "enrolled";
  return { ...ctx, listing, enrolled, canPost: enrolled && studyWindow(ctx.enrolment, new Date()) === "open" };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, enrolment, locale, listing, enrolled, canPost } = await access(request, params);
  const threads = enrolled
    ? listForumThreads({ db, editionId: enrolment.editionId, moduleSlug: listing.slug, includeHidden: false })
    : [];
  const withState = <T extends { author: { stateCode: string | null } }>(p: T) => ({
    ...p,
    author: { ...p.author, stateName: p.author.stateCode ? stateName(p.author.stateCode, locale) : null },
  });
  return {
    locale,
    enrolmentId: enrolment.enrolmentId,
    listing: { slug: listing.slug, title: listing.title, order: listing.order, locale: listing.locale },
    enrolled,
    canPost,
    threads: threads.map((th) => ({ ...withState(th), replies: th.replies.map(withState) })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, enrolment, user, listing, canPost } = await access(request, params);
  return forumFormAction({
    request,
    db,
    actor: user,
    editionId: enrolment.editionId,
    moduleSlug: listing.slug,
    canPost,
    canModerate: false,
  });
}

export default function TraineeForum() {
  const { t } = useTranslation("course");
  const { locale, enrolmentId, listing, enrolled, canPost, threads } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/learning/${enrolmentId}`;
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={base}>{t("course.title")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to={`${base}/modules/${listing.slug}`} lang={listing.locale}>
          {listing.title}
        </Link>
      </nav>
      <div className="page-head">
        <div>
          <p className="eyebrow">{t("forum.title")}</p>
          <h1 lang={listing.locale}>{listing.title}</h1>
        </div>
      </div>
      <p className="lede">{t("forum.lede")}</p>
      {result?.ok && result.posted ? <Notice>{t("forum.postedNotice")}</Notice> : null}
      {result && !result.ok && result.field === "form" ? <FormAlert error={result.error} /> : null}
      {!enrolled ? <p className="alert info">{t("window.not-enrolled")}</p> : null}
      {enrolled && !canPost ? <p className="muted">{t("forum.readOnly")}</p> : null}
      <Forum
        threads={threads}
        locale={locale}
        canPost={canPost}
        moderate={false}
        error={result && !result.ok ? result : null}
        posted={result?.ok ? result.posted : null}
      />
    </>
  );
}
