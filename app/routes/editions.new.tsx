import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requirePermission } from "~/auth/guards.server";
import { EditionForm } from "~/components/edition-form";
import { FormAlert } from "~/components/form";
import { listCourses, listModules } from "~/content.server";
import { DomainError } from "~/domain/accounts.server";
import { copyEdition, createEdition, editionCopyDefaults, freeEditionName, listStaff } from "~/domain/editions.server";
import { EditionSchema } from "~/lib/edition-schema";
import { fields, formValues, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "editions:new.title");

const COURSE = "csec";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, locale } = await requirePermission(request, "editions.create");
  const year = new Date().getUTCFullYear() + 1;
  const copyId = fields.id().safeParse(new URL(request.url).searchParams.get("copy") ?? "");
  const copy = copyId.success ? editionCopyDefaults(db, copyId.data, COURSE) : null;
  if (copyId.success && !copy) throw new Response("Not found", { status: 404 });
  return {
    copy,
    courses: listCourses().map((c) => ({ slug: c.slug, title: c.title[locale] })),
    modules: listModules(COURSE, locale).map((m) => ({ slug: m.slug, title: m.title })),
    staff: listStaff(db),
    defaults: {
      // never the name of an existing edition ("2028" when "2027" exists)
      name: freeEditionName(db, COURSE, String(year)),
      nominationOpensOn: `${year - 1}-12-01`,
      nominationClosesOn: `${year}-02-28`,
      onlineStartsOn: `${year}-03-15`,
      onlineEndsOn: `${year}-06-30`,
      assignmentDueOn: `${year}-06-20`,
      faceToFaceStartsOn: `${year}-07-15`,
      faceToFaceEndsOn: `${year}-09-30`,
      quizPassMark: 70,
      quizAttemptsAllowed: 3,
      quizFeedback: "after-last-attempt",
      assignmentRequired: true,
      faceToFaceScaleMax: 100,
      faceToFacePassScore: 60,
      attendanceRequiredPercent: 75,
      onlineHours: 60,
      certificateBilingual: false,
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, user } = await requirePermission(request, "editions.create");
  const form = await readForm(request);
  const parsed = parseForm(EditionSchema, form, { arrays: ["requiredModules"] });
  if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
  try {
    const from = fields.id().safeParse(form.get("copyFrom") ?? "");
    const edition = from.success
      ? copyEdition({ db, actor: user, courseSlug: COURSE, fromEditionId: from.data, input: parsed.data })
      : createEdition({ db, actor: user, courseSlug: COURSE, input: parsed.data });
    return redirect(`/editions/${edition.id}?${from.success ? "copied" : "created"}=1`);
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure(err.field, { key: err.key, values: err.values }, formValues(form));
    throw err;
  }
}

export default function NewEdition() {
  const { t } = useTranslation("editions");
  const { modules, staff, defaults, courses, copy } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{copy ? t("copy.title", { name: copy.source.name }) : t("new.title")}</h1>
          <p className="muted">{courses[0]?.title}</p>
          {copy ? <p>{t("copy.lede")}</p> : null}
        </div>
      </div>
      <FormAlert error={result?.errors.form} />
      <EditionForm
        defaults={result ? { ...result.values, requiredModules: null } : (copy?.defaults ?? defaults)}
        hidden={copy ? { copyFrom: copy.source.id } : undefined}
        errors={result?.errors ?? {}}
        modules={modules}
        staff={staff}
        submitLabel={t("new.create")}
      />
    </>
  );
}
