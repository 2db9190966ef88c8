import type { LoaderFunctionArgs } from "@remix-run/node";
import { assignmentFile, assignmentFileResponse } from "~/domain/assignments.server";
import { requireStudyAccess } from "~/domain/online-access.server";

/** The trainee downloads the document they submitted (their own enrolment only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, enrolment } = await requireStudyAccess(request, params.enrolmentId);
  const file = assignmentFile(db, enrolment.enrolmentId);
  if (!file) throw new Response("Not found", { status: 404 });
  return assignmentFileResponse(file);
}
