/** Rendering a certificate: the render context frozen at issue, the stored certificate's PDF, a state's ZIP. */
import { and, asc, eq, isNull } from "drizzle-orm";
import { zipSync } from "fflate";
import type { Db } from "~db/index.server";
import { type CertificateRenderContext, certificates, courses, editions, enrolments, type Locale, LOCALES, type SignatorySnapshot } from "~db/schema";
import { stateName } from "~/vocabulary";
import { LAYOUT_VERSION } from "~certificates/layout";
import { type CertificateRenderInput, composeTexts, renderers, sha256Hex, textsForVersion } from "~certificates/render";
import { getCourse } from "~/content.server";
import { publicUrl } from "../accounts.server";
import { safeFileName } from "../file-names";

// ---------------------------------------------------------------------------------------------
// Issuing

/** What the render needs beyond the certificate row; frozen at issue (certificates.render_context). */
export type RenderContext = CertificateRenderContext;

/** The context of a certificate issued now; `withTexts` then freezes its sentences. */
export function currentRenderContext(courseSlug: string, editionName: string, stateCode: string, code: string): RenderContext {
  const course = getCourse(courseSlug);
  const courseTitle = Object.fromEntries(LOCALES.map((l) => [l, course?.title[l] ?? courseSlug])) as Record<Locale, string>;
  return {
    courseTitle,
    editionName,
    stateName: Object.fromEntries(LOCALES.map((l) => [l, stateName(stateCode, l)])) as Record<Locale, string>,
    verifyUrl: publicUrl(`/verify/${code}`),
    layoutVersion: LAYOUT_VERSION,
  };
}

/**
 * Freezes every sentence the certificate prints (its language and, when bilingual, English),
 * composed from today's certificate.json, into the context stored with the row.
 */
export function withTexts(record: Parameters<typeof renderInput>[0], ctx: RenderContext): RenderContext {
  return { ...ctx, texts: composeTexts(renderInput(record, ctx)) };
}

/** Draws a certificate with the renderer of its own layout version and its frozen texts. */
export function renderStored(record: Parameters<typeof renderInput>[0], ctx: RenderContext): Promise<Uint8Array> {
  const renderer = renderers[ctx.layoutVersion];
  if (!renderer) throw new CertificateIntegrityError(`certificate ${record.serial}: no renderer for layout version ${ctx.layoutVersion}`);
  const input = renderInput(record, ctx);
  return renderer({ ...input, texts: textsForVersion(ctx.layoutVersion, input, ctx.texts) });
}

const fromBase64 = (b64: string | null) => (b64 ? new Uint8Array(Buffer.from(b64, "base64")) : null);

export function renderInput(
  c: Pick<
    typeof certificates.$inferSelect,
    | "serial"
    | "verificationCode"
    | "locale"
    | "bilingual"
    | "issuedOn"
    | "traineeName"
    | "onlineHours"
    | "faceToFaceHours"
    | "instituteSignatory"
    | "stateSignatory"
  >,
  ctx: RenderContext,
): CertificateRenderInput {
  const signatory = (s: SignatorySnapshot) => ({
    name: s.name,
    title: s.title,
    institution: s.institution,
    signaturePng: fromBase64(s.signaturePngBase64),
  });
  return {
    serial: c.serial,
    verificationCode: c.verificationCode,
    verifyUrl: ctx.verifyUrl,
    locale: c.locale,
    bilingual: c.bilingual,
    issuedOn: c.issuedOn,
    traineeName: c.traineeName,
    stateName: ctx.stateName,
    courseTitle: ctx.courseTitle,
    editionName: ctx.editionName,
    hours: { online: c.onlineHours, faceToFace: c.faceToFaceHours },
    institute: signatory(c.instituteSignatory),
    stateSignatory: signatory(c.stateSignatory),
  };
}


// ---------------------------------------------------------------------------------------------
// Rendering a stored certificate

/** The render context frozen at issue; for rows older than that column, rebuilt as layout version 1 read it. */
function frozenRenderContext(db: Db, c: typeof certificates.$inferSelect): RenderContext {
  if (c.renderContext) return c.renderContext;
  const found = db
    .select({ slug: courses.slug, editionName: editions.name })
    .from(enrolments)
    .innerJoin(editions, eq(editions.id, enrolments.editionId))
    .innerJoin(courses, eq(courses.id, editions.courseId))
    .where(eq(enrolments.id, c.enrolmentId))
    .get()!;
  return { ...currentRenderContext(found.slug, found.editionName, c.stateCode, c.verificationCode), layoutVersion: 1 };
}

export class CertificateIntegrityError extends Error {}

/** Re-renders a stored certificate; the bytes must hash to the SHA-256 stored at issue. */
export async function certificatePdf(db: Db, c: typeof certificates.$inferSelect): Promise<Uint8Array> {
  const bytes = await renderStored(c, frozenRenderContext(db, c));
  if (sha256Hex(bytes) !== c.sha256) {
    throw new CertificateIntegrityError(`certificate ${c.serial}: the re-rendered PDF does not match the stored SHA-256`);
  }
  return bytes;
}

/** A ZIP of a state's valid certificates, one `<serial>.pdf` each. */
export async function stateCertificatesZip(db: Db, participationId: number): Promise<{ zip: Uint8Array; count: number }> {
  const list = db
    .select({ certificate: certificates })
    .from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    // a holder whose data was erased keeps their PDF; the platform no longer holds their name to print
    .where(and(eq(enrolments.participationId, participationId), eq(certificates.status, "valid"), isNull(certificates.holderErasedAt)))
    .orderBy(asc(certificates.serial))
    .all();
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const { certificate } of list) {
    // PDFs are compressed already: store them
    // the serial holds the edition's name: one safe entry name each (app/domain/file-names.ts)
    let entry = safeFileName(`${certificate.serial}.pdf`, "certificate.pdf");
    while (files[entry]) entry = entry.replace(/\.pdf$/, "_.pdf");
    files[entry] = [await certificatePdf(db, certificate), { level: 0 }];
  }
  // a fixed timestamp keeps the archive reproducible
  return { zip: zipSync(files, { mtime: new Date("2000-01-01T00:00:00Z") }), count: list.length };
}


/** Course title in a language, for pages. */
export function courseTitle(slug: string, locale: Locale): string {
  return getCourse(slug)?.title[locale] ?? slug;
}
