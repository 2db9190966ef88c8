import type { LoaderFunctionArgs } from "@remix-run/node";
import { assignmentFile } from "~/domain/assignments.server";
import { assignmentFileResponse } from "~/lib/files.server";
import { notFound, requireEnrolment } from "~/auth/guards.server";

/** A tutor downloads a trainee's submitted document (of this edition only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, enrolment } = await requireEnrolment(request, params, "edition.grade");
  const file = assignmentFile(db, enrolment.enrolmentId);
  if (!file) throw notFound();
  return assignmentFileResponse(file);
}
