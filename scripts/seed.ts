/** `npm run db:seed`: applies migrations and seeds an empty database (idempotent). */
import { getDb } from "../db/index.server";
import { seed } from "../db/seed/demo";

const seeded = await seed(getDb(), { history: true });
console.log(seeded ? "Seeded the demo: four editions, from last year's (closed, certificates issued) to the current one (nominations)." : "Database already has data; states ensured, demo left as is.");
