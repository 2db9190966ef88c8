/**
 * Certificate rendering throughput: renders 1,000 certificates as a bulk issue of one state issues
 * them (one issue date, the state's signatories; names, languages, bilingual mode and hours vary),
 * and prints figures only (no assertions). `npm run bench` runs `measureCertificates` too.
 *
 *   npx tsx bench/certificates.ts [count]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LAYOUT_VERSION } from "../certificates/layout";
import { type CertificateRenderInput, LOCALES, renderCertificate } from "../certificates/render";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(root, "tests/fixtures", name)));

const WARMUP = 20;

const GIVEN = ["María José", "João", "Anaïs", "Dž", "Ana Lucía", "Jean-Baptiste", "Chloé", "Zoë", "Søren", "Joaquín"];
const FAMILY = ["Peña Núñez", "Conceição", "Lefèvre-Côté", "Øster", "Gonçalves", "Ibáñez", "Müller", "Çelik", "O’Brien"];

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function input(i: number): CertificateRenderInput {
  const locale = LOCALES[i % LOCALES.length];
  const serial = `CSEC-2027-UY-${String(i + 1).padStart(4, "0")}`;
  const code = `BENCH${String(i).padStart(15, "0")}`;
  return {
    serial,
    verificationCode: code,
    verifyUrl: `https://aula.example.org/verify/${code}`,
    locale,
    bilingual: i % 3 === 0,
    // a bulk issue happens on one day
    issuedOn: "2027-03-01",
    traineeName: `${GIVEN[i % GIVEN.length]} ${FAMILY[(i * 7) % FAMILY.length]}${i % 25 === 0 ? " de la Santísima Trinidad y Fernández-Villavicencio" : ""}`,
    stateName: { en: "Uruguay", es: "Uruguay", pt: "Uruguai", fr: "Uruguay" },
    courseTitle: {
      en: "Prevention of the Commercial Sexual Exploitation of Children and Adolescents",
      es: "Prevención de la Explotación Sexual Comercial de Niñas, Niños y Adolescentes",
      pt: "Prevenção da Exploração Sexual Comercial de Crianças e Adolescentes",
      fr: "Prévention de l’exploitation sexuelle commerciale des enfants et des adolescents",
    },
    editionName: "2027",
    hours: { online: 60, faceToFace: i % 7 === 0 ? 12 : 16 },
    institute: {
      name: "Laura Méndez Ibáñez",
      title: "Directora General",
      institution: "Instituto Interamericano del Niño, la Niña y Adolescentes (IIN-OEA)",
      signaturePng: fixture("signature-institute.png"),
    },
    stateSignatory: {
      name: "Joaquín Suárez Ferrando",
      title: "Presidente del Directorio",
      institution: "Instituto del Niño y Adolescente del Uruguay (INAU)",
      signaturePng: fixture("signature-state.png"),
    },
  };
}

export interface CertificateFigures {
  count: number;
  firstMs: number;
  /** Mean wall-clock ms of a certificate whose template is not cached (another issue date each). */
  coldMs: number;
  perSecond: number;
  cpuMsEach: number;
  perCpuSecond: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
  meanKiB: number;
  rssBefore: number;
  rssAfter: number;
}

export async function measureCertificates(count: number): Promise<CertificateFigures> {
  const inputs = Array.from({ length: count }, (_, i) => input(i));
  const rssBefore = process.memoryUsage().rss;

  const firstStart = performance.now();
  await renderCertificate(inputs[0]);
  const first = performance.now() - firstStart;
  for (let i = 0; i < WARMUP; i++) await renderCertificate(inputs[i % inputs.length]);

  const times: number[] = [];
  let bytes = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (const certificate of inputs) {
    const t0 = performance.now();
    const pdf = await renderCertificate(certificate);
    times.push(performance.now() - t0);
    bytes += pdf.length;
  }
  const total = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const rssAfter = process.memoryUsage().rss;

  const coldStart = performance.now();
  for (let day = 2; day <= 6; day++) await renderCertificate({ ...inputs[0], issuedOn: `2027-03-0${day}` });
  const coldMs = (performance.now() - coldStart) / 5;

  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  return {
    count,
    firstMs: first,
    coldMs,
    perSecond: (count / total) * 1000,
    cpuMsEach: cpuMs / count,
    perCpuSecond: (count / cpuMs) * 1000,
    mean: times.reduce((sum, t) => sum + t, 0) / times.length,
    p50: pct(50),
    p95: pct(95),
    max: times[times.length - 1],
    meanKiB: bytes / count / 1024,
    rssBefore,
    rssAfter,
  };
}

async function main(): Promise<void> {
  const f = await measureCertificates(Number(process.argv[2] ?? 1000));
  console.log(`certificates rendered: ${f.count} (after ${WARMUP} warm-up renders), layout version ${LAYOUT_VERSION}`);
  console.log(`first render (fonts parsed, template built): ${f.firstMs.toFixed(1)} ms`);
  console.log(`a certificate whose template is not cached yet (another issue date): ${f.coldMs.toFixed(1)} ms`);
  console.log(`throughput: ${f.perSecond.toFixed(1)} certificates/s (wall clock)`);
  // On a shared machine the wall clock measures the neighbours; CPU time per certificate is the
  // figure to hold against the target (>= 100 certificates/s on one core = <= 10 CPU-ms each).
  console.log(
    `CPU: ${f.cpuMsEach.toFixed(2)} ms per certificate = ${f.perCpuSecond.toFixed(1)} certificates per CPU-second (target >= 100) ${f.perCpuSecond >= 100 ? "MET" : "NOT MET"}`,
  );
  console.log(`per certificate: mean ${f.mean.toFixed(2)} ms, p50 ${f.p50.toFixed(2)} ms, p95 ${f.p95.toFixed(2)} ms, max ${f.max.toFixed(2)} ms`);
  console.log(`mean PDF size: ${f.meanKiB.toFixed(1)} KiB`);
  console.log(`RSS before: ${mb(f.rssBefore)} MiB, after: ${mb(f.rssAfter)} MiB`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
