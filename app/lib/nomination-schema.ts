import { z } from "zod";
import { fields } from "./forms";

/** The columns of a nominations CSV, in the template's order. */
export const NOMINATION_COLUMNS = ["name", "email", "institution", "position"] as const;

/** One nominee, from the form or a CSV row. */
export const NomineeSchema = z.object({
  name: fields.text(120),
  email: fields.email(),
  institution: fields.text(200),
  position: fields.text(160),
});
