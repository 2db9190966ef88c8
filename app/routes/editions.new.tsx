import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requirePermission } from "~/auth/guards.server";
import { EditionForm } from "~/components/edition-form";
import { FormAlert } from "~/components/form";
import { listCourses, listModules } from "~/content.server";
import { DomainError } from "~/domain/accounts.server";
import { createEdition, listStaff } from "~/domain/editions.server";
import { EditionSchema } from "~/lib/edition-schema";
import { formValues, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "editions:new.title");

const COURSE = "csec";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, locale } = await requirePermission(request, "editions.create");
  const year = new Date().getUTCFullYear() + 1;
  return {
    courses: listCourses().map((c) => ({ slug: c.slug, title: c.title[locale] })),
    modules: listModules(COURSE, locale).map((m) => ({ slug: m.slug, title: m.title })),
    staff: listStaff(db),
    defaults: {
      name: String(year),
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
    const edition = createEdition({ db, actor: user, courseSlug: COURSE, input: parsed.data });
    return redirect(`/editions/${edition.id}`);
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure(err.field, { key: err.key, values: err.values }, formValues(form));
    throw err;
  }
}

export default function NewEdition() {
  const { t } = useTranslation("editions");
  const { modules, staff, defaults, courses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("new.title")}</h1>
          <p className="muted">{courses[0]?.title}</p>
        </div>
      </div>
      <FormAlert error={result?.errors.form} />
      <EditionForm
        defaults={result ? { ...result.values, requiredModules: null } : defaults}
        errors={result?.errors ?? {}}
        modules={modules}
        staff={staff}
        submitLabel={t("new.create")}
      />
    </>
  );
}
