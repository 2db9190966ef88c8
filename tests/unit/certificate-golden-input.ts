/** The fixed certificates of the golden test (tests/unit/certificate-golden.test.ts). */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CertificateRenderInput } from "../../certificates/render";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const png = (name: string) => new Uint8Array(readFileSync(path.join(root, "tests/fixtures", name)));
const course = JSON.parse(readFileSync(path.join(root, "content/csec/course.json"), "utf8")) as { title: CertificateRenderInput["courseTitle"] };

export const goldenFolder = path.join(root, "tests/fixtures/certificate-golden");

export function goldenInput(bilingual: boolean): CertificateRenderInput {
  return {
    serial: "CSEC-2027B-UY-0001",
    verificationCode: "K7Q2M9XDW4HT8RBN3FZP",
    verifyUrl: "https://aula.example.org/verify/K7Q2M9XDW4HT8RBN3FZP",
    locale: "es",
    bilingual,
    issuedOn: "2027-03-01",
    traineeName: "María José Peña Núñez",
    stateName: { en: "Uruguay", es: "Uruguay", pt: "Uruguai", fr: "Uruguay" },
    courseTitle: course.title,
    editionName: "2027 · Cohorte B",
    hours: { online: 60, faceToFace: 8.5 },
    institute: {
      name: "Laura Méndez Ibáñez",
      title: "Directora General",
      institution: "Instituto Interamericano del Niño, la Niña y Adolescentes (IIN-OEA)",
      signaturePng: png("signature-institute.png"),
    },
    stateSignatory: {
      name: "Joaquín Suárez Ferrando",
      title: "Presidente del Directorio",
      institution: "Instituto del Niño y Adolescente del Uruguay (INAU)",
      signaturePng: png("signature-state.png"),
    },
  };
}
