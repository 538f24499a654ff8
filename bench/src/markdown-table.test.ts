import { describe, expect, it } from 'vitest';
import { markdownTable } from './markdown-table';

describe('markdownTable', () => {
  it('pads every column to its widest cell, right-aligned columns on the left', () => {
    expect(
      markdownTable(
        ['case', 'ops/s', 'note'],
        ['left', 'right', 'left'],
        [
          ['a', '12345', 'µs × 2'],
          ['longer name', '7', ''],
        ],
      ),
    ).toEqual([
      '| case        | ops/s | note   |',
      '| ----------- | ----: | ------ |',
      '| a           | 12345 | µs × 2 |',
      '| longer name |     7 |        |',
    ]);
  });

  it('keeps a column at least three wide, the shortest rule Markdown allows', () => {
    expect(markdownTable(['', ''], ['left', 'right'], [['x', '1']])).toEqual([
      '|     |     |',
      '| --- | --: |',
      '| x   |   1 |',
    ]);
  });
});
