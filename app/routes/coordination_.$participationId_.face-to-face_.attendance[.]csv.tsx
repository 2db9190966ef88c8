import type { LoaderFunctionArgs } from "@remix-run/node";
import { attendanceTemplate } from "~/domain/face-to-face.server";
import { csvStreamResponse } from "~/lib/csv.server";
import { requireParticipation } from "~/auth/guards.server";


/** The attendance template: the state's enrolled trainees, one column per session, with the marks so far. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale, participation: { id: participationId } } = await requireParticipation(request, params, "participation.view");
  const { header, rows } = attendanceTemplate(db, participationId);
  return csvStreamResponse(`attendance-${participationId}.csv`, header, rows, locale);
}
