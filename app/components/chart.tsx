/**
 * A chart drawn on the server (app/lib/charts.server.ts computes every coordinate with d3-scale and
 * d3-shape) and rendered here as plain SVG: no chart code reaches the browser. The SVG is one image
 * (role="img") named by its <title> and described by its <desc>; the page puts a data table next to it.
 */
export type ChartItem =
  | { t: "rect"; x: number; y: number; w: number; h: number; cls: string }
  | { t: "text"; x: number; y: number; text: string; cls: string; anchor?: "start" | "middle" | "end" }
  | { t: "path"; d: string; cls: string }
  | { t: "line"; x1: number; y1: number; x2: number; y2: number; cls: string }
  | { t: "circle"; cx: number; cy: number; r: number; cls: string };

export interface ChartSpec {
  id: string;
  width: number;
  height: number;
  title: string;
  desc: string;
  items: ChartItem[];
}

export function Chart({ spec }: { spec: ChartSpec }) {
  const titleId = `${spec.id}-title`;
  const descId = `${spec.id}-desc`;
  return (
    <svg
      className="chart"
      role="img"
      aria-labelledby={titleId}
      aria-describedby={descId}
      viewBox={`0 0 ${spec.width} ${spec.height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={titleId}>{spec.title}</title>
      <desc id={descId}>{spec.desc}</desc>
      {spec.items.map((item, i) => {
        const key = `${item.t}-${i}`;
        switch (item.t) {
          case "rect":
            return <rect key={key} className={item.cls} x={item.x} y={item.y} width={item.w} height={item.h} rx={2} />;
          case "text":
            return (
              <text key={key} className={item.cls} x={item.x} y={item.y} textAnchor={item.anchor ?? "start"} dominantBaseline="middle">
                {item.text}
              </text>
            );
          case "path":
            return <path key={key} className={item.cls} d={item.d} />;
          case "line":
            return <line key={key} className={item.cls} x1={item.x1} y1={item.y1} x2={item.x2} y2={item.y2} />;
          case "circle":
            return <circle key={key} className={item.cls} cx={item.cx} cy={item.cy} r={item.r} />;
          default:
            return null;
        }
      })}
    </svg>
  );
}
