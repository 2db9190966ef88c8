import type { Catalogue } from "./translator";
import type { Locale } from "./config";
import commonEn from "./locales/en/common.json";
import commonEs from "./locales/es/common.json";
import commonPt from "./locales/pt/common.json";
import commonFr from "./locales/fr/common.json";
import editionsEn from "./locales/en/editions.json";
import editionsEs from "./locales/es/editions.json";
import editionsPt from "./locales/pt/editions.json";
import editionsFr from "./locales/fr/editions.json";
import courseEn from "./locales/en/course.json";
import courseEs from "./locales/es/course.json";
import coursePt from "./locales/pt/course.json";
import courseFr from "./locales/fr/course.json";
import faceToFaceEn from "./locales/en/faceToFace.json";
import faceToFaceEs from "./locales/es/faceToFace.json";
import faceToFacePt from "./locales/pt/faceToFace.json";
import faceToFaceFr from "./locales/fr/faceToFace.json";
import certificatesEn from "./locales/en/certificates.json";
import certificatesEs from "./locales/es/certificates.json";
import certificatesPt from "./locales/pt/certificates.json";
import certificatesFr from "./locales/fr/certificates.json";
import insightEn from "./locales/en/insight.json";
import insightEs from "./locales/es/insight.json";
import insightPt from "./locales/pt/insight.json";
import insightFr from "./locales/fr/insight.json";

/** Every UI namespace, per language. Add a namespace here and in UI_NAMESPACES. */
export const uiResources: Record<Locale, Catalogue> = {
  en: { common: commonEn, editions: editionsEn, course: courseEn, faceToFace: faceToFaceEn, certificates: certificatesEn, insight: insightEn },
  es: { common: commonEs, editions: editionsEs, course: courseEs, faceToFace: faceToFaceEs, certificates: certificatesEs, insight: insightEs },
  pt: { common: commonPt, editions: editionsPt, course: coursePt, faceToFace: faceToFacePt, certificates: certificatesPt, insight: insightPt },
  fr: { common: commonFr, editions: editionsFr, course: courseFr, faceToFace: faceToFaceFr, certificates: certificatesFr, insight: insightFr },
};
