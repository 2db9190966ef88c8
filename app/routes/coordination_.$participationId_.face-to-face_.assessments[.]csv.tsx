import type { LoaderFunctionArgs } from "@remix-run/node";
import { assessmentTemplate } from "~/domain/face-to-face.server";
import { csvStreamResponse } from "~/lib/csv.server";
import { requireParticipation } from "~/auth/guards.server";


/** The assessment template: the state's enrolled trainees (email, name) with what is recorded so far. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, participation: { id: participationId } } = await requireParticipation(request, params, "participation.view");
  const { header, rows } = assessmentTemplate(db, participationId);
  return csvStreamResponse(`assessments-${participationId}.csv`, header, rows, locale);
}
