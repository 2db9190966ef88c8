import { z } from "zod";
import { fields } from "./forms";

/** The columns of a nominations CSV, in the template's order. */
export const NOMINATION_COLUMNS = ["name", "email", "institution", "position"] as const;

/** The fictitious person on the template's example row: a file that still carries it is refused. */
export { TEMPLATE_EXAMPLE_EMAIL, TEMPLATE_EXAMPLE_ROW } from "~/domain/nomination-template";

/** One nominee, from the form or a CSV row. */
export const NomineeSchema = z.object({
  name: fields.text(120),
  email: fields.email(),
  institution: fields.text(200),
  position: fields.text(160),
});
