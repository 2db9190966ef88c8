/** The OAS member states live in the course vocabulary (app/vocabulary.ts); re-exported for the seed. */
export { OAS_STATES, stateName } from "../../app/vocabulary";
