import { describe, expect, it } from 'vitest';
import { tabwrite } from '../../../src/cli/describe';

describe('tabwrite aligns cells like Go text/tabwriter with kubectl describe settings', () => {
  it.each([
    ['pads each column block to its widest cell plus two', 'Name:\tweb\nNamespace:\tdemo\n', 'Name:       web\nNamespace:  demo\n'],
    ['a line without tabs ends the block', 'A:\t1\nSection:\n  Longer key:\t2\n', 'A:  1\nSection:\n  Longer key:  2\n'],
    ['never pads the last cell of a line', 'a\tb \nccc\td\n', 'a    b \nccc  d\n'],
    [
      'nested columns align within the lines that have them',
      'Type\tStatus\tReason\nAvailable \tTrue\tMinimumReplicasAvailable\nProgressing \tTrue\tNewReplicaSetAvailable\n',
      'Type          Status  Reason\nAvailable     True    MinimumReplicasAvailable\nProgressing   True    NewReplicaSetAvailable\n',
    ],
    ['empty leading cells continue a block (multi-line labels)', 'Labels:\ta=1\n\tb=2\nAnnotations:\t<none>\n', 'Labels:       a=1\n              b=2\nAnnotations:  <none>\n'],
  ])('%s', (_name, input, output) => {
    expect(tabwrite(input)).toBe(output);
  });
});
