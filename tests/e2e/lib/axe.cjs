// axe-core (https://github.com/dequelabs/axe-core) for the accessibility cases: injects it into a
// page or a frame and runs it with its default rules (WCAG 2.0/2.1 A and AA plus best practices).
//
//   const { axeFindings } = require('../lib/axe.cjs');
//   const { lines, report } = await axeFindings(page);     // or a Frame
//   expect.soft(lines, `axe, default view:\n${report}`).toEqual([]);
//
// axe is read from the tools folder scripts/setup.sh fills (C360_TOOLS, default ~/.cache/c360-tools:
// node_modules/axe-core/axe.min.js) and injected with `evaluate(source)`, i.e. through DevTools,
// which the page's Content-Security-Policy does not govern; page.addScriptTag({ content }) adds an
// inline <script> that a policy without 'unsafe-inline' refuses.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const TOOLS = process.env.C360_TOOLS || path.join(os.homedir(), '.cache', 'c360-tools');
const AXE_FILE = path.join(TOOLS, 'node_modules', 'axe-core', 'axe.min.js');

let source = null;

/** axe.min.js's text, read once; a clear error when the tools folder lacks it. */
function axeSource() {
  if (source === null) {
    if (!fs.existsSync(AXE_FILE)) {
      throw new Error(`axe-core not found at ${AXE_FILE}: run scripts/setup.sh test (or set C360_TOOLS to the tools folder)`);
    }
    source = fs.readFileSync(AXE_FILE, 'utf8');
  }
  return source;
}

/**
 * Runs axe on the document of `target` (a Playwright Page or Frame), injecting it first unless
 * it is there already. Returns axe's version and the violations: rule id, impact, help, help URL,
 * and per element its target selector, HTML and axe's failure summary.
 */
async function runAxe(target) {
  const src = axeSource();
  const present = await target.evaluate(() => typeof window.axe === 'object' && typeof window.axe.run === 'function');
  if (!present) await target.evaluate(src);
  return target.evaluate(async () => {
    // Default rules; only violations are collected (passes and "needs review" are not, which
    // saves time). iframes: false: the app has none, and the embedded case runs axe in its frame.
    const result = await window.axe.run(document, { resultTypes: ['violations'], iframes: false });
    return {
      version: result.testEngine.version,
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl.replace(/\?application=.*$/, ''),
        nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, summary: n.failureSummary || '' })),
      })),
    };
  });
}

/** One line per violation: rule (impact): help, and the first `max` elements' selectors. */
function violationLines(violations, max = 3) {
  return violations.map((v) => {
    const shown = v.nodes.slice(0, max).map((n) => n.target.join(' >>> '));
    const more = v.nodes.length > max ? ` (+${v.nodes.length - max} more)` : '';
    return `${v.id} (${v.impact}): ${v.help} — ${shown.join(', ')}${more}`;
  });
}

/** The violations in detail: per rule its help page, and per element (the first `max`) its HTML and why. */
function violationReport(violations, max = 3) {
  const out = [];
  for (const v of violations) {
    out.push(`• ${v.id} (${v.impact}): ${v.help}, ${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'} — ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, max)) {
      const html = n.html.length > 200 ? `${n.html.slice(0, 200)}…` : n.html;
      // failureSummary: "Fix any of the following:\n  <reason>\n  <reason>…"; the reasons only.
      const why = n.summary.split('\n').map((l) => l.trim()).filter((l) => l && !/^Fix (any|all)/.test(l));
      out.push(`    ${n.target.join(' >>> ')}: ${html}`);
      for (const w of why.slice(0, 2)) out.push(`      ${w}`);
    }
    if (v.nodes.length > max) out.push(`    … and ${v.nodes.length - max} more`);
  }
  return out.join('\n');
}

/** axe on `target`: { version, violations, lines (short, to assert on), report (details) }. */
async function axeFindings(target) {
  const { version, violations } = await runAxe(target);
  return { version, violations, lines: violationLines(violations), report: violationReport(violations) };
}

module.exports = { AXE_FILE, axeSource, runAxe, axeFindings, violationLines, violationReport };
