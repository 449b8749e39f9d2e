/** Artemis's own finding texts (the `artemis` rule pack), by finding id. */
import { artemisMemoryTexts } from './memory.js';
import { artemisQueueTexts } from './queues.js';
import { artemisJournalTexts } from './journal.js';

/** Every Artemis finding template, keyed by finding id. */
export const artemisTexts = { ...artemisMemoryTexts, ...artemisQueueTexts, ...artemisJournalTexts } as const;
