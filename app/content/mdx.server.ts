/**
 * MDX for course modules: inspection (what the format allows), `module:` link rewriting,
 * compilation for the checker, and evaluation + static rendering for the app.
 */
import { type EvaluateOptions, compile, evaluate } from "@mdx-js/mdx";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import * as runtime from "react/jsx-runtime";
import remarkFrontmatter from "remark-frontmatter";
import remarkMdxFrontmatter from "remark-mdx-frontmatter";
import { CALLOUT_TYPES, MDX_COMPONENT_NAMES, mdxComponents } from "../components/mdx";
import { type Locale, isModuleSlug } from "./schema";

/** Prefix of cross-references to other modules: `[text](module:02-legal-framework)`. */
export const MODULE_LINK_PREFIX = "module:";
/** Where the app serves a module; the renderer turns `module:<slug>` into this + slug. */
export const MODULE_ROUTE_PREFIX = "/course/modules/";

export interface MdxIssue {
  line: number | null;
  message: string;
}

export interface ModuleLink {
  line: number | null;
  /** The module slug the link points to (before any `#fragment`). */
  target: string;
}

export interface MdxInspection {
  issues: MdxIssue[];
  moduleLinks: ModuleLink[];
}

/** The few mdast / mdx-jsx node fields we look at. */
interface AstNode {
  type: string;
  children?: AstNode[];
  url?: string;
  name?: string | null;
  value?: unknown;
  attributes?: AstAttribute[];
  position?: { start?: { line?: number } };
}
interface AstAttribute {
  type: string;
  name?: string;
  value?: unknown;
}

/** Allowed components with their attributes (all required and literal strings). */
const COMPONENT_ATTRIBUTES: Record<(typeof MDX_COMPONENT_NAMES)[number], readonly string[]> = {
  Callout: ["type"],
  Definition: ["term"],
  KeyFigure: ["value", "label"],
  FurtherReading: [],
};

function isAllowedComponent(name: string): name is (typeof MDX_COMPONENT_NAMES)[number] {
  return (MDX_COMPONENT_NAMES as readonly string[]).includes(name);
}

function lineOf(node: AstNode): number | null {
  return node.position?.start?.line ?? null;
}

function isCommentExpression(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const trimmed = value.trim();
  return trimmed === "" || (trimmed.startsWith("/*") && trimmed.endsWith("*/"));
}

function splitModuleUrl(url: string): { target: string; fragment: string } {
  const rest = url.slice(MODULE_LINK_PREFIX.length);
  const hash = rest.indexOf("#");
  return hash === -1
    ? { target: rest, fragment: "" }
    : { target: rest.slice(0, hash), fragment: rest.slice(hash) };
}

function containsList(node: AstNode): boolean {
  return (node.children ?? []).some((child) => child.type === "list" || containsList(child));
}

function inspectElement(node: AstNode, report: (message: string) => void): void {
  const name = node.name;
  if (!name) {
    report("JSX fragments (<>…</>) are not allowed");
    return;
  }
  if (!isAllowedComponent(name)) {
    const kind = /^[a-z]/.test(name) ? "raw HTML element" : "component";
    report(`${kind} <${name}> is not allowed (allowed: ${MDX_COMPONENT_NAMES.join(", ")})`);
    return;
  }
  const expected = COMPONENT_ATTRIBUTES[name];
  const attributes = node.attributes ?? [];
  for (const attribute of attributes) {
    if (attribute.type !== "mdxJsxAttribute" || !attribute.name) {
      report(`<${name}>: spread attributes {…} are not allowed`);
      continue;
    }
    if (!expected.includes(attribute.name)) {
      report(
        `<${name}>: unknown attribute "${attribute.name}"${
          expected.length > 0 ? ` (allowed: ${expected.join(", ")})` : " (it takes none)"
        }`,
      );
      continue;
    }
    if (typeof attribute.value !== "string") {
      report(`<${name}>: attribute "${attribute.name}" must be a quoted string`);
      continue;
    }
    if (attribute.value.trim() === "") {
      report(`<${name}>: attribute "${attribute.name}" must not be empty`);
    }
    if (
      name === "Callout" &&
      attribute.name === "type" &&
      !(CALLOUT_TYPES as readonly string[]).includes(attribute.value)
    ) {
      report(`<Callout>: type "${attribute.value}" must be one of ${CALLOUT_TYPES.join(", ")}`);
    }
  }
  for (const required of expected) {
    if (!attributes.some((attribute) => attribute.name === required)) {
      report(`<${name}>: missing attribute "${required}"`);
    }
  }
  if (name === "FurtherReading" && !containsList(node)) {
    report("<FurtherReading> must contain a markdown list");
  }
  if (name === "KeyFigure" && (node.children ?? []).length > 0) {
    report("<KeyFigure> takes no children: use <KeyFigure value=\"…\" label=\"…\" />");
  }
}

/** Walk an MDX tree and record everything the content format does not allow. */
export function inspectTree(tree: AstNode, into: MdxInspection): void {
  const visit = (node: AstNode): void => {
    const report = (message: string) => into.issues.push({ line: lineOf(node), message });
    switch (node.type) {
      case "mdxjsEsm":
        report("import/export statements are not allowed (components are provided by the renderer)");
        break;
      case "mdxFlowExpression":
      case "mdxTextExpression":
        if (!isCommentExpression(node.value)) report("JavaScript expressions {…} are not allowed");
        break;
      case "mdxJsxFlowElement":
      case "mdxJsxTextElement":
        inspectElement(node, report);
        break;
      case "image":
      case "imageReference":
        report("images are not allowed");
        break;
      case "html":
        report("raw HTML is not allowed");
        break;
      case "link":
      case "definition": {
        const url = typeof node.url === "string" ? node.url : "";
        if (url.startsWith(MODULE_LINK_PREFIX)) {
          const { target } = splitModuleUrl(url);
          if (!isModuleSlug(target)) {
            report(`cross-reference "${url}" is not of the form module:NN-slug`);
          } else {
            into.moduleLinks.push({ line: lineOf(node), target });
          }
        }
        break;
      }
      default:
        break;
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(tree);
}

/** Remark plugin: collect issues and module links into `into`. */
function remarkInspect(into: MdxInspection) {
  return () => (tree: unknown) => {
    inspectTree(tree as AstNode, into);
  };
}

/** Remark plugin: `module:02-legal-framework#x` → `/course/modules/02-legal-framework#x`. */
function remarkModuleLinks() {
  return (tree: unknown) => {
    const visit = (node: AstNode): void => {
      if (
        (node.type === "link" || node.type === "definition") &&
        typeof node.url === "string" &&
        node.url.startsWith(MODULE_LINK_PREFIX)
      ) {
        const { target, fragment } = splitModuleUrl(node.url);
        node.url = `${MODULE_ROUTE_PREFIX}${encodeURIComponent(target)}${fragment}`;
      }
      for (const child of node.children ?? []) visit(child);
    };
    visit(tree as AstNode);
  };
}

/** A `##` / `###` heading of a module body, with the anchor id the renderer gave it. */
export interface ModuleHeading {
  id: string;
  text: string;
  depth: 2 | 3;
}

/** Ids the module page uses itself; section anchors never take them. */
const RESERVED_IDS = new Set(["main", "objectives-title", "sources-title", "done-title", "toc-title", "continue-title"]);

/** `¿Por qué un plan nacional de acción?` → `por-que-un-plan-nacional-de-accion`; `1. Prevención` → `s-1-prevencion`. */
export function slugifyHeading(text: string): string {
  const slug = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
  if (slug === "") return "section";
  // an id that starts with a digit is valid HTML but not a plain CSS selector (#1-…)
  return /^[0-9]/.test(slug) ? `s-${slug}` : slug;
}

interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

function hastText(node: HastNode): string {
  if (node.type === "text") return node.value ?? "";
  return (node.children ?? []).map(hastText).join("");
}

/** Rehype plugin: give every markdown h2/h3 a unique id and record it in `into`. */
function rehypeHeadingIds(into: ModuleHeading[]) {
  return () => (tree: unknown) => {
    const used = new Set(RESERVED_IDS);
    const visit = (node: HastNode): void => {
      if (node.type === "element" && (node.tagName === "h2" || node.tagName === "h3")) {
        const text = hastText(node).replace(/\s+/g, " ").trim();
        const base = slugifyHeading(text);
        let id = base;
        for (let n = 2; used.has(id); n += 1) id = `${base}-${n}`;
        used.add(id);
        node.properties = { ...node.properties, id };
        into.push({ id, text, depth: node.tagName === "h2" ? 2 : 3 });
        return;
      }
      for (const child of node.children ?? []) visit(child);
    };
    visit(tree as HastNode);
  };
}

export interface MdxCheckResult extends MdxInspection {
  /** Set when the MDX does not compile. */
  compileError: MdxIssue | null;
}

/** Compile (without running) an MDX file and inspect it: used by the checker. */
export async function checkMdx(source: string): Promise<MdxCheckResult> {
  const inspection: MdxInspection = { issues: [], moduleLinks: [] };
  try {
    await compile(source, {
      remarkPlugins: [remarkFrontmatter, remarkInspect(inspection)],
      development: false,
    });
    return { ...inspection, compileError: null };
  } catch (error) {
    return { ...inspection, compileError: describeCompileError(error) };
  }
}

function describeCompileError(error: unknown): MdxIssue {
  if (error instanceof Error) {
    const withPlace = error as Error & { line?: unknown; reason?: unknown };
    const line = typeof withPlace.line === "number" ? withPlace.line : null;
    const reason = typeof withPlace.reason === "string" ? withPlace.reason : error.message;
    return { line, message: `MDX does not compile: ${reason}` };
  }
  return { line: null, message: `MDX does not compile: ${String(error)}` };
}

const runOptions = {
  Fragment: runtime.Fragment,
  jsx: runtime.jsx,
  jsxs: runtime.jsxs,
} as unknown as Pick<EvaluateOptions, "Fragment" | "jsx" | "jsxs">;

export interface RenderedModule {
  html: string;
  /** The body's `##`/`###` headings in order, with their anchor ids (for the table of contents). */
  headings: ModuleHeading[];
}

/**
 * Compile, run and render a module body to static HTML with the given locale's labels; every
 * `##`/`###` heading gets an anchor id. Throws if the MDX does not compile or uses something the
 * format does not allow (content:check reports the same problems before deployment).
 */
export async function renderMdxToHtml(source: string, locale: Locale): Promise<RenderedModule> {
  const inspection: MdxInspection = { issues: [], moduleLinks: [] };
  const headings: ModuleHeading[] = [];
  const mdxModule = await evaluate(source, {
    ...runOptions,
    development: false,
    remarkPlugins: [
      remarkFrontmatter,
      remarkInspect(inspection),
      remarkModuleLinks,
      remarkMdxFrontmatter,
    ],
    rehypePlugins: [rehypeHeadingIds(headings)],
  });
  if (inspection.issues.length > 0) {
    const lines = inspection.issues.map(
      (issue) => `${issue.line === null ? "" : `line ${issue.line}: `}${issue.message}`,
    );
    throw new Error(`Module MDX uses what the content format does not allow:\n${lines.join("\n")}`);
  }
  const Content = mdxModule.default;
  const html = renderToStaticMarkup(createElement(Content, { components: mdxComponents(locale) }));
  return { html, headings };
}
