/**
 * The verification QR code, drawn as vector squares: the module matrix from
 * qrcode's create() becomes one path of rectangles (one per horizontal run of
 * dark modules) filled once. No raster image, so it stays sharp, small and
 * fast (~0.2 ms instead of rendering and embedding a PNG).
 */
import { type PDFPage, fill, popGraphicsState, pushGraphicsState, rectangle, setFillingRgbColor } from "pdf-lib";
import QRCode from "qrcode";
import type { Rgb } from "./layout";

export interface QrPlacement {
  /** Right edge and bottom edge of the symbol (quiet zone not included). */
  right: number;
  bottom: number;
  /** Target side; the module size is rounded to 1/100 pt, so the real side may be a little smaller. */
  size: number;
  color: Rgb;
  errorCorrectionLevel: "L" | "M" | "Q" | "H";
}

export interface DrawnQr {
  x: number;
  y: number;
  side: number;
  modules: number;
}

/** The dark-module matrix, row by row from the top. */
export function qrMatrix(text: string, errorCorrectionLevel: QrPlacement["errorCorrectionLevel"]): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel });
  const rows: boolean[][] = [];
  for (let row = 0; row < modules.size; row++) {
    const cells: boolean[] = [];
    for (let col = 0; col < modules.size; col++) cells.push(modules.data[row * modules.size + col] === 1);
    rows.push(cells);
  }
  return rows;
}

export function drawQr(page: Pick<PDFPage, "pushOperators">, text: string, placement: QrPlacement): DrawnQr {
  const matrix = qrMatrix(text, placement.errorCorrectionLevel);
  const count = matrix.length;
  const module = Math.floor((placement.size / count) * 100) / 100;
  const side = module * count;
  const x = placement.right - side;
  const y = placement.bottom;
  const round = (value: number) => Math.round(value * 1000) / 1000;

  const operators = [
    pushGraphicsState(),
    setFillingRgbColor(placement.color.r, placement.color.g, placement.color.b),
  ];
  matrix.forEach((cells, row) => {
    const top = y + side - (row + 1) * module;
    let col = 0;
    while (col < count) {
      if (!cells[col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < count && cells[col]) col++;
      operators.push(rectangle(round(x + start * module), round(top), round((col - start) * module), module));
    }
  });
  operators.push(fill(), popGraphicsState());
  page.pushOperators(...operators);
  return { x, y, side, modules: count };
}

/**
 * The same drawing as drawQr, as content-stream text (layout version 3 writes its own stream:
 * making a PDFNumber for each of ~1,800 operands cost more than the rest of the footer).
 */
export function qrContent(text: string, placement: QrPlacement): { content: string; drawn: DrawnQr } {
  const matrix = qrMatrix(text, placement.errorCorrectionLevel);
  const count = matrix.length;
  const module = Math.floor((placement.size / count) * 100) / 100;
  const side = module * count;
  const x = placement.right - side;
  const y = placement.bottom;
  const round = (value: number) => Math.round(value * 1000) / 1000;
  const { r, g, b } = placement.color;
  let content = `q\n${r} ${g} ${b} rg\n`;
  matrix.forEach((cells, row) => {
    const top = round(y + side - (row + 1) * module);
    let col = 0;
    while (col < count) {
      if (!cells[col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < count && cells[col]) col++;
      content += `${round(x + start * module)} ${top} ${round((col - start) * module)} ${module} re\n`;
    }
  });
  content += "f\nQ\n";
  return { content, drawn: { x, y, side, modules: count } };
}
