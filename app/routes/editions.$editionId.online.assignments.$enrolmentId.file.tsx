import type { LoaderFunctionArgs } from "@remix-run/node";
import { assignmentFile, assignmentFileResponse, submissionForGrading } from "~/domain/assignments.server";
import { parseId, requireEditionAccess } from "~/domain/online-access.server";

/** A tutor downloads a trainee's submitted document (of this edition only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, edition } = await requireEditionAccess(request, params.editionId, "edition.grade");
  const enrolmentId = parseId(params.enrolmentId);
  const found = enrolmentId ? submissionForGrading(db, edition.id, enrolmentId) : null;
  const file = found && enrolmentId ? assignmentFile(db, enrolmentId) : null;
  if (!file) throw new Response("Not found", { status: 404 });
  return assignmentFileResponse(file);
}
