import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireParticipation } from "~/auth/guards.server";
import { csvResponse, toCsv } from "~/lib/csv.server";

/** The nomination template: the four columns and one fictitious example row. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { participation } = await requireParticipation(request, params, "participation.nominate");
  const body = toCsv(["name", "email", "institution", "position"], [["Nombre Apellido (ejemplo)", "nombre.apellido@example.org", "Institución", "Cargo"]]);
  return csvResponse(`nominations-${participation.stateCode}.csv`, body);
}
