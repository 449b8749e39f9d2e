import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { renderJunit, escapeXml, stripInvalidXmlChars } from '../../src/reports/junit.js';
import { buildFixture } from './fixtures.js';

/**
 * Checks well-formedness of the XML subset junit.xml uses: declaration, elements with quoted
 * attributes, text; every `&` a known entity; no raw `<` in text or attributes; tags balanced.
 */
function assertWellFormed(xml: string): void {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'), 'XML declaration first');
  const body = xml.slice(xml.indexOf('?>') + 2);
  const entity = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  let roots = 0;
  while ((m = token.exec(body)) !== null) {
    if (m[6]) assert.fail(`stray "<" at offset ${m.index}: ${body.slice(m.index, m.index + 40)}`);
    if (m[5] !== undefined) {
      assert.ok(!entity.test(m[5]), `bad entity in text: ${m[5].slice(0, 60)}`);
      if (stack.length === 0) assert.match(m[5], /^\s*$/, 'text outside the root element');
      continue;
    }
    const [, closing, name, attrs, selfClosing] = m;
    assert.ok(!entity.test(attrs ?? ''), `bad entity in attributes of <${name}>`);
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else if (!selfClosing) {
      if (stack.length === 0) roots += 1;
      stack.push(name!);
    } else if (stack.length === 0) roots += 1;
  }
  assert.deepEqual(stack, [], 'unclosed elements');
  assert.equal(roots, 1, 'exactly one root element');
  assert.ok(!/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml), 'no characters XML 1.0 forbids');
}

/** Parses with Python's XML parser when python3 is installed (an independent parser). */
function parseWithPython(xml: string): string | null {
  const probe = spawnSync('python3', ['-c', 'import sys, xml.etree.ElementTree as E; r = E.fromstring(sys.stdin.buffer.read()); print(r.tag, r.get("tests"), r.get("failures"))'], { input: xml, encoding: 'utf8' });
  if (probe.error) return null;
  assert.equal(probe.status, 0, `python3 rejected the XML: ${probe.stderr}`);
  return probe.stdout.trim();
}

test('failed threshold and critical finding become JUnit failures; others pass or skip', () => {
  const xml = renderJunit(buildFixture({ failThreshold: true }));
  assertWellFormed(xml);
  const cases = [...xml.matchAll(/<testcase name="([^"]*)" classname="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => ({ name: m[1], classname: m[2], inner: m[4] ?? '' }));
  const byName = (n: string) => cases.find((c) => c.name === n) ?? assert.fail(`no testcase ${n}`);
  assert.match(byName('publish_latency: p(99)&lt;1').inner, /<failure message="publish_latency p\(99\)&lt;1 failed: actual [\d.]+ ms" type="ThresholdFailed">/);
  assert.doesNotMatch(byName('error_rate: rate&lt;0.01').inner, /<failure/);
  assert.match(byName('broker-cpu-saturated: Broker CPU saturated').inner, /<failure message="Broker CPU saturated" type="CriticalFinding">/);
  assert.doesNotMatch(byName('consumer-lag-growing: Consumer lag grew during the fault &lt;pause&gt;').inner, /<failure/);
  assert.match(byName('request-handler-idle').inner, /<skipped message="no JMX request-handler samples/);
  assert.doesNotMatch(byName('run completed').inner, /<failure/);
  assert.match(xml, /<testsuites name="mqload fixture-run" tests="9" failures="2" errors="0" skipped="1"/);
  assert.match(xml, /<testsuite name="mqload.thresholds" tests="2" failures="1"/);
  const parsed = parseWithPython(xml);
  if (parsed !== null) assert.equal(parsed, 'testsuites 9 2');
});

test('all thresholds passing and no critical findings → no failures', () => {
  const input = buildFixture();
  input.findings!.findings = input.findings!.findings.filter((f) => f.severity !== 'critical');
  const xml = renderJunit(input);
  assertWellFormed(xml);
  assert.doesNotMatch(xml, /<failure/);
  assert.match(xml, /<testsuites [^>]*failures="0"/);
});

test('an interrupted run or a missing summary fails the run case', () => {
  const input = buildFixture();
  input.summary!.status = 'interrupted';
  input.summary!.reason = 'SIGINT';
  assert.match(renderJunit(input), /<testcase name="run completed"[^>]*>\s*<failure message="run interrupted: SIGINT"/);
  const xml = renderJunit(buildFixture({ withSummary: false }));
  assertWellFormed(xml);
  assert.match(xml, /<failure message="the run left no summary.json" type="RunIncomplete">/);
});

test('hostile text is escaped and invalid characters removed', () => {
  const input = buildFixture();
  const f = input.findings!.findings.find((x) => x.severity === 'critical')!;
  f.title = 'Quotes " and \' & <tags> ]]> \u0001 bell\u0007 and emoji 🚀';
  f.recommendation = '</failure></testcase><testcase name="injected">';
  const xml = renderJunit(input);
  assertWellFormed(xml);
  assert.ok(!xml.includes('name="injected"'), 'no injected element');
  assert.ok(xml.includes('Quotes &quot; and &apos; &amp; &lt;tags&gt; ]]&gt;  bell and emoji 🚀'));
  const parsed = parseWithPython(xml);
  if (parsed !== null) assert.match(parsed, /^testsuites /);
});

test('escapeXml and stripInvalidXmlChars', () => {
  assert.equal(escapeXml(`a<b>&"'`), 'a&lt;b&gt;&amp;&quot;&apos;');
  assert.equal(stripInvalidXmlChars('ok\u0000\u001F\tline\n\uD800x\uD83D\uDE80'), 'ok\tline\nx\uD83D\uDE80');
});
