import { z } from "zod";
import { fields } from "./forms";

/** The columns of a nominations CSV, in the template's order. */
export const NOMINATION_COLUMNS = ["name", "email", "institution", "position"] as const;

/** The fictitious person on the template's example row: a file that still carries it is refused. */
export const TEMPLATE_EXAMPLE_EMAIL = "nombre.apellido@example.org";
export const TEMPLATE_EXAMPLE_ROW = ["Nombre Apellido (ejemplo)", TEMPLATE_EXAMPLE_EMAIL, "Institución", "Cargo"] as const;

/** One nominee, from the form or a CSV row. */
export const NomineeSchema = z.object({
  name: fields.text(120),
  email: fields.email(),
  institution: fields.text(200),
  position: fields.text(160),
});
