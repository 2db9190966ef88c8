import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { type ZodTypeAny, z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { Field, FormAlert, Notice } from "~/components/form";
import { DomainError } from "~/domain/accounts.server";
import {
  checkMoodleImport,
  importMoodleHistory,
  LegacyImportError,
  type LegacyFile,
  type LegacyFiles,
  type LegacyRowError,
  listLegacyImports,
  loadImportDraft,
  saveImportDraft,
} from "~/domain/legacy-import.server";
import { MAX_CSV_BYTES, parseCsv } from "~/lib/csv.server";
import { formatDate } from "~/lib/format";
import { fields, parseForm } from "~/lib/forms";
import { fieldFailure, formFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/meta";
import {
  MOODLE_CERTIFICATE_COLUMNS,
  MOODLE_FILES,
  MOODLE_RESULT_COLUMNS,
  MOODLE_USER_COLUMNS,
  MoodleCertificateSchema,
  MoodleImportFormSchema,
  MoodleResultSchema,
  MoodleUserSchema,
} from "~/lib/moodle-import-schema";
import { noticeRecord } from "~/lib/notices";
import { bodyRefusal, tryReadForm } from "~/lib/upload.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "editions:legacy.title");

/** Staff: earlier editions run on Moodle, brought in from its CSV exports (ADR 011). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, locale } = await requirePermission(request, "legacy.import");
  return { locale, imports: listLegacyImports(db) };
}

const SPEC: Record<LegacyFile, { columns: readonly string[]; schema: ZodTypeAny }> = {
  users: { columns: MOODLE_USER_COLUMNS, schema: MoodleUserSchema },
  results: { columns: MOODLE_RESULT_COLUMNS, schema: MoodleResultSchema },
  certificates: { columns: MOODLE_CERTIFICATE_COLUMNS, schema: MoodleCertificateSchema },
};

/** Reads the three files' rows; every row of every file is checked, and every problem kept with its file. */
function readFiles(texts: Record<LegacyFile, string | Uint8Array>): LegacyFiles {
  const out = { invalid: [] as LegacyRowError[] } as LegacyFiles;
  for (const file of MOODLE_FILES) {
    const parsed = parseCsv(texts[file], SPEC[file].columns, SPEC[file].schema);
    const rows = parsed.ok ? parsed.rows : parsed.valid.map((v) => v.value);
    const lines = parsed.ok ? parsed.lines : parsed.valid.map((v) => v.row);
    (out as unknown as Record<LegacyFile, { rows: unknown[]; lines: number[] }>)[file] = { rows, lines };
    if (!parsed.ok) out.invalid.push(...parsed.errors.map((e) => ({ file, ...e, error: { key: e.error.key, values: e.error.values } })));
  }
  return out;
}

const DraftSchema = z.object({ draftId: fields.id() });

const failure = (errors: LegacyRowError[], status = 400) => data({ stage: "errors" as const, errors }, { status });

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "legacy.import");
  const read = await tryReadForm(request, { files: { users: MAX_CSV_BYTES, results: MAX_CSV_BYTES, certificates: MAX_CSV_BYTES } });
  if (!read.ok) {
    if (!read.field || !(MOODLE_FILES as readonly string[]).includes(read.field)) throw bodyRefusal(read);
    return failure([{ file: read.field as LegacyFile, row: 1, column: null, error: { key: "csv.tooLarge", values: { kb: MAX_CSV_BYTES / 1024 } } }], 413);
  }
  const form = read.form;
  const intent = form.get("intent");
  if (intent === "check") {
    const parsed = parseForm(MoodleImportFormSchema, form);
    if (!parsed.ok) return formFailure(parsed.errors, parsed.values);
    const bytes = {} as Record<LegacyFile, Uint8Array>;
    const missing: LegacyRowError[] = [];
    for (const file of MOODLE_FILES) {
      const f = form.get(file);
      if (!(f instanceof File) || f.size === 0) missing.push({ file, row: 1, column: null, error: { key: "editions:legacy.errors.fileRequired" } });
      else bytes[file] = new Uint8Array(await f.arrayBuffer());
    }
    if (missing.length) return failure(missing);
    const files = readFiles(bytes);
    const checked = checkMoodleImport({ db, files });
    if (!checked.ok) return failure(checked.errors);
    // the files decoded as UTF-8 (parseCsv refused them otherwise), kept for the import that follows
    const decode = (b: Uint8Array) => new TextDecoder("utf-8").decode(b).replace(/^\uFEFF/, "");
    const { draftId } = saveImportDraft({
      db,
      actor,
      ...parsed.data,
      texts: { users: decode(bytes.users), results: decode(bytes.results), certificates: decode(bytes.certificates) },
    });
    return { stage: "checked" as const, draftId, counts: checked.counts, ...parsed.data };
  }
  if (intent === "import") {
    const parsed = parseForm(DraftSchema, form);
    if (!parsed.ok) return fieldFailure("form", { key: "editions:legacy.errors.draftGone" });
    try {
      const draft = loadImportDraft({ db, actor, draftId: parsed.data.draftId });
      const files = readFiles({ users: draft.usersCsv, results: draft.resultsCsv, certificates: draft.certificatesCsv });
      const r = importMoodleHistory({ db, actor, draftId: draft.id, files });
      return redirect(`/editions/import?imported=${r.importId}`);
    } catch (err) {
      if (err instanceof LegacyImportError) return failure(err.rows);
      if (err instanceof DomainError) return fieldFailure(err.field, { key: err.key, values: err.values });
      throw err;
    }
  }
  return fieldFailure("form", { key: "errors.invalid" });
}

export default function LegacyImport() {
  const { t } = useTranslation("editions");
  const { t: tc } = useTranslation();
  const { locale, imports } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const imported = noticeRecord(params, "imported", imports, (i) => i.id);
  const formErrors = result && "errors" in result && !Array.isArray(result.errors) ? result.errors : {};
  const values = result && "values" in result ? (result.values ?? {}) : {};
  const rowErrors = result && "stage" in result && result.stage === "errors" ? result.errors : [];
  const checked = result && "stage" in result && result.stage === "checked" ? result : null;
  return (
    <>
      <div className="page-head">
        <div>
          <p className="muted small">
            <Link to="/editions">{tc("nav.editions")}</Link>
          </p>
          <h1>{t("legacy.title")}</h1>
        </div>
      </div>
      <p className="lede">{t("legacy.lede")}</p>
      {imported ? (
        <Notice>
          {t("legacy.imported", {
            participants: imported.participants,
            certificates: imported.certificates,
            edition: imported.editionLabel,
          })}
        </Notice>
      ) : null}
      <FormAlert error={formErrors.form} />

      {checked ? (
        <section className="card" aria-labelledby="checked-title">
          <h2 id="checked-title">{t("legacy.checkedTitle", { course: checked.courseName, edition: checked.editionLabel })}</h2>
          <dl className="stats">
            <div>
              <dt>{t("legacy.counts.participants")}</dt>
              <dd>{checked.counts.participants}</dd>
            </div>
            <div>
              <dt>{t("legacy.counts.results")}</dt>
              <dd>{checked.counts.results}</dd>
            </div>
            <div>
              <dt>{t("legacy.counts.completed")}</dt>
              <dd>{checked.counts.completed}</dd>
            </div>
            <div>
              <dt>{t("legacy.counts.certificates")}</dt>
              <dd>{checked.counts.certificates}</dd>
            </div>
          </dl>
          <Form method="post">
            <input type="hidden" name="intent" value="import" />
            <input type="hidden" name="draftId" value={checked.draftId} />
            <button type="submit" className="primary" disabled={busy}>
              {t("legacy.import", { count: checked.counts.participants })}
            </button>
          </Form>
        </section>
      ) : null}

      {rowErrors.length ? (
        <div className="alert error" role="alert">
          <p>{t("legacy.refused", { count: rowErrors.length })}</p>
          <ul>
            {rowErrors.slice(0, 100).map((e) => (
              <li key={`${e.file}-${e.row}-${e.column ?? ""}-${e.error.key}`}>
                {t("legacy.rowError", { file: t(`legacy.files.${e.file}`), row: e.row, column: e.column ?? "—" })}: {tc(e.error.key, e.error.values)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <section className="card" aria-labelledby="upload-title">
        <h2 id="upload-title">{t("legacy.uploadTitle")}</h2>
        <p className="muted small">{t("legacy.uploadLede")}</p>
        <Form method="post" encType="multipart/form-data" className="stack" noValidate>
          <input type="hidden" name="intent" value="check" />
          <Field name="courseName" label={t("legacy.courseName")} hint={t("legacy.courseNameHint")} defaultValue={values.courseName} error={formErrors.courseName} maxLength={200} />
          <Field name="editionLabel" label={t("legacy.editionLabel")} hint={t("legacy.editionLabelHint")} defaultValue={values.editionLabel} error={formErrors.editionLabel} maxLength={100} />
          {MOODLE_FILES.map((file) => (
            <Field key={file} name={file} label={t(`legacy.files.${file}`)} hint={t(`legacy.fileHints.${file}`)}>
              <input id={`f-${file}`} name={file} type="file" accept=".csv,text/csv" aria-describedby={`f-${file}-hint`} />
            </Field>
          ))}
          <button type="submit" className="secondary" disabled={busy}>
            {t("legacy.check")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="imports-title">
        <h2 id="imports-title">{t("legacy.importsTitle")}</h2>
        {imports.length === 0 ? (
          <p className="muted">{t("legacy.none")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("legacy.courseName")}</th>
                  <th scope="col">{t("legacy.editionLabel")}</th>
                  <th scope="col">{t("legacy.counts.participants")}</th>
                  <th scope="col">{t("legacy.counts.certificates")}</th>
                  <th scope="col">{t("legacy.importedOn")}</th>
                </tr>
              </thead>
              <tbody>
                {imports.map((i) => (
                  <tr key={i.id}>
                    <td>{i.courseName}</td>
                    <td>{i.editionLabel}</td>
                    <td>{i.participants}</td>
                    <td>{i.certificates}</td>
                    <td>{formatDate(i.importedAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
