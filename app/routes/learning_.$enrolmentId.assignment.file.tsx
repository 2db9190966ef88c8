import type { LoaderFunctionArgs } from "@remix-run/node";
import { assignmentFile } from "~/domain/assignments.server";
import { assignmentFileResponse } from "~/lib/files.server";
import { notFound, requireEnrolment } from "~/auth/guards.server";

/** The trainee downloads the document they submitted (their own enrolment only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, enrolment } = await requireEnrolment(request, params, "enrolment.study");
  const file = assignmentFile(db, enrolment.enrolmentId);
  if (!file) throw notFound();
  return assignmentFileResponse(file);
}
