/** `npm run db:seed`: applies migrations and seeds an empty database (idempotent). */
import { getDb } from "../db/index.server";
import { seed } from "../db/seed/demo";

const seeded = await seed(getDb());
console.log(seeded ? "Seeded the demo edition." : "Database already has data; states ensured, demo left as is.");
