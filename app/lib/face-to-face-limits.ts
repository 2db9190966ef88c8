/** Limits the face-to-face pages show; browser-safe (the zod schemas in face-to-face-schema.ts stay with the actions). */
export const COMMENT_MAX = 2000;
export const REASON_MIN = 10;
