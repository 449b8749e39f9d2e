/**
 * The chart library inlined into report.html (uPlot, MIT), read from node_modules at report
 * time so the page opens without network access, and helpers that make text safe to place
 * inside `<script>` and `<style>` elements.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { EnvironmentError } from '../errors.js';

/** uPlot's browser build (defines the global `uPlot`) and its stylesheet. */
export interface ChartAssets {
  js: string;
  css: string;
}

const require = createRequire(import.meta.url);

/** Reads uPlot's minified IIFE build and CSS from the installed `uplot` package. */
export async function loadChartAssets(): Promise<ChartAssets> {
  let jsPath: string;
  let cssPath: string;
  try {
    jsPath = require.resolve('uplot/dist/uPlot.iife.min.js');
    cssPath = require.resolve('uplot/dist/uPlot.min.css');
  } catch (err) {
    throw new EnvironmentError(`the chart library (uplot) is not installed: ${err instanceof Error ? err.message : String(err)}`, 'run `npm install` in the mqload directory');
  }
  const [js, css] = await Promise.all([readFile(jsPath, 'utf8'), readFile(cssPath, 'utf8')]);
  return { js, css };
}

/**
 * Makes JavaScript safe inside an inline `<script>`: `</script` and `<!--` (which could end the
 * element or enter the HTML parser's escaped states) get a backslash after `<`, which JavaScript
 * strings, templates and regular expressions read as the same characters.
 */
export function escapeInlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** Makes CSS safe inside an inline `<style>` (no `</style`). */
export function escapeInlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

/**
 * JSON for a `<script type="application/json">` element: every `<`, `>`, `&` and the line
 * separators U+2028/U+2029 escaped as `\uXXXX`, so no data can close the element.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
