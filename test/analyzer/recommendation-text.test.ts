/**
 * Every title, recommendation and headline the text templates can produce says each clause once:
 * no "…so add generator machines, or add generator machines". Texts come from every finding id
 * with the parameter combinations of test/helpers/finding-variants.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FINDING_TEXTS, findingText, headline, type FindingId } from '../../src/recommendations/index.js';
import type { FindingsFile } from '../../src/analyzer/finding-types.js';
import { findingVariants } from '../helpers/finding-variants.js';

/** Words that join a clause to the previous one and do not change what it says. */
const CONNECTIVES = /^(?:(?:so|then|otherwise|or|and|but)\s+)+/;

/**
 * The clauses of a text: split at `,`, `;` and `.` ending a phrase (followed by a space or the
 * end, so "1,000" and "producers.batch" stay whole) and at " or " and " and "; each clause
 * lower-cased, with whitespace collapsed and leading connectives dropped. Empty clauses are left out.
 */
export function clauses(text: string): string[] {
  return text
    .split(/[,;.](?=\s|$)| or | and /)
    .map((c) => c.toLowerCase().replace(/\s+/g, ' ').trim().replace(CONNECTIVES, '').trim())
    .filter((c) => c.length > 0);
}

/** The clauses that occur more than once in `text`. */
function repeatedClauses(text: string): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const c of clauses(text)) (seen.has(c) ? repeated : seen).add(c);
  return [...repeated];
}

/** `where: "text"` for each text that repeats a clause (an empty list when none does). */
function textsWithRepeats(texts: { where: string; text: string }[]): string[] {
  return texts.filter((t) => repeatedClauses(t.text).length > 0).map((t) => `${t.where}: "${t.text}"`);
}

/** Every finding id with its rendered texts, one per parameter combination. */
function everyFindingText(): { id: FindingId; params: unknown; title: string; recommendation: string }[] {
  return (Object.keys(FINDING_TEXTS) as FindingId[]).flatMap((id) =>
    findingVariants(id).map((params) => ({ id, params, ...findingText(id, params) })),
  );
}

test('clauses split at punctuation and conjunctions and drop leading connectives', () => {
  assert.deepEqual(clauses('Workers equal the 4 cores, so add machines, or add machines.'), ['workers equal the 4 cores', 'add machines', 'add machines']);
  assert.deepEqual(clauses('Raise producers.batch.lingerMs to 1,000 ms and use lz4; then re-run'), ['raise producers.batch.lingerms to 1,000 ms', 'use lz4', 're-run']);
});

test('every finding template renders for each of its parameter combinations', () => {
  const texts = everyFindingText();
  for (const id of Object.keys(FINDING_TEXTS)) assert.ok(texts.some((t) => t.id === id), `${id} has no variants`);
  for (const t of texts) assert.ok(t.title.length > 0 && t.recommendation.length > 0, `${t.id} renders empty text`);
});

test('no finding title or recommendation repeats a clause', () => {
  const texts = everyFindingText().flatMap((t) => {
    const where = `${t.id} ${JSON.stringify(t.params)}`;
    return [
      { where: `${where} title`, text: t.title },
      { where: `${where} recommendation`, text: t.recommendation },
    ];
  });
  assert.deepEqual(textsWithRepeats(texts), []);
});

test('generator advice never repeats a clause for workers 1..4 against cores 1..4', () => {
  const texts = (['generator-process-cpu', 'generator-event-loop', 'generator-behind-schedule', 'generator-rate-not-met'] as const).flatMap((id) =>
    findingVariants(id)
      .filter((p) => p.workers !== null && p.cores !== null)
      .map((p) => ({ where: `${id} workers ${p.workers} cores ${p.cores}`, text: findingText(id, p).recommendation })),
  );
  assert.ok(texts.some((t) => t.where.endsWith('workers 4 cores 4')), 'workers equal to cores are covered');
  assert.deepEqual(textsWithRepeats(texts), []);
});

test('no headline repeats a clause, for every verdict and every finding as primary', () => {
  const verdicts: FindingsFile['verdict'][] = ['generator-limited', 'bottleneck', 'healthy', 'insufficient-data'];
  const primaries = (Object.keys(FINDING_TEXTS) as FindingId[]).map((id) => ({
    id,
    category: 'load-generator' as const,
    severity: 'warning' as const,
    title: findingText(id, findingVariants(id)[0]!).title,
    evidence: [],
    recommendation: '',
    confidence: 'high' as const,
  }));
  const texts = verdicts.flatMap((verdict) =>
    [null, ...primaries].flatMap((primary) =>
      [0, 1, 2].map((others) => ({
        where: `headline ${verdict} ${primary?.id ?? 'no primary'} ${others}`,
        text: headline({ verdict, primary, others, insufficientReason: 'the load window is shorter than 30 s' }),
      })),
    ),
  );
  assert.deepEqual(textsWithRepeats(texts), []);
});
