import { z } from "zod";
import { fields } from "./forms";

/** Choosing a password (invitation, reset): typed twice. */
export const NewPasswordSchema = z
  .object({ password: fields.password(), confirm: z.string().min(1).max(200) })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "errors.passwordsDiffer" });
