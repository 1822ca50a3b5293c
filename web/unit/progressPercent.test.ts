import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { progressPercent } from '../src/app/progressPercent.js';

describe('progressPercent', () => {
  it('is rounded, capped at 100, and null without a positive total', () => {
    assert.equal(progressPercent(null), null);
    assert.equal(progressPercent({ progress: 3 }), null);
    assert.equal(progressPercent({ progress: 3, total: undefined }), null);
    assert.equal(progressPercent({ progress: 3, total: 0 }), null);
    assert.equal(progressPercent({ progress: 3, total: -1 }), null);
    assert.equal(progressPercent({ progress: 1, total: 3 }), 33);
    assert.equal(progressPercent({ progress: 2, total: 3 }), 67);
    assert.equal(progressPercent({ progress: 5, total: 4 }), 100);
  });
});
