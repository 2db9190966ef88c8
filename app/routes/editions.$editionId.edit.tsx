import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requireEdition } from "~/auth/guards.server";
import { EditionForm } from "~/components/edition-form";
import { FormAlert } from "~/components/form";
import { listModules } from "~/content.server";
import { DomainError } from "~/domain/accounts.server";
import { courseTitle, listStaff, updateEdition } from "~/domain/editions.server";
import { EditionSchema } from "~/lib/edition-schema";
import { formValues, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import { readForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "editions:edit.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, found } = await requireEdition(request, params, "edition.manage");
  return {
    edition: found.edition,
    course: courseTitle(found.courseSlug, locale),
    modules: listModules(found.courseSlug, locale).map((m) => ({ slug: m.slug, title: m.title })),
    staff: listStaff(db),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, found } = await requireEdition(request, params, "edition.manage");
  const form = await readForm(request);
  const parsed = parseForm(EditionSchema, form, { arrays: ["requiredModules"] });
  if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
  try {
    updateEdition({ db, actor: user, editionId: found.edition.id, input: parsed.data });
  } catch (err) {
    if (err instanceof DomainError) return fieldFailure(err.field, { key: err.key, values: err.values }, formValues(form));
    throw err;
  }
  return redirect(`/editions/${found.edition.id}?settings=saved`);
}

export default function EditEdition() {
  const { t } = useTranslation("editions");
  const { edition, course, modules, staff } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted small">
            <Link to={`/editions/${edition.id}`}>{course} · {edition.name}</Link>
          </p>
          <h1>{t("edit.title")}</h1>
        </div>
      </div>
      <FormAlert error={result?.errors.form} />
      <EditionForm
        defaults={result ? { ...result.values, requiredModules: null } : edition}
        errors={result?.errors ?? {}}
        modules={modules}
        staff={staff}
        submitLabel={t("edit.save")}
      />
    </>
  );
}
