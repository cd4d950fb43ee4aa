/**
 * Document labels as training columns. IPC codes are read at two levels, subclass (`A01B`) and
 * class (`A01`), so that terms of neighbouring subclasses end up close; any other label is an
 * opaque column of its own.
 */

/** A label column: its key and the level it belongs to. */
export interface LabelColumn {
  readonly key: string;
  readonly level: 'subclass' | 'class' | 'other';
}

const IPC = /^([A-H]\d\d)([A-Z])/;

/**
 * The columns a document's labels feed, without repeats.
 *
 * @example
 * labelColumns(['A01B 1/00', 'a01c', 'H04L']);
 * // [{key:'A01B',level:'subclass'}, {key:'A01C',level:'subclass'}, {key:'H04L',level:'subclass'},
 * //  {key:'A01',level:'class'}, {key:'H04',level:'class'}]
 * labelColumns(['bdci:12']); // [{ key: 'bdci:12', level: 'other' }]
 */
export function labelColumns(labels: readonly string[]): LabelColumn[] {
  const subclasses = new Set<string>();
  const classes = new Set<string>();
  const others = new Set<string>();
  for (const label of labels) {
    const compact = label.replace(/\s+/g, '').toUpperCase();
    const match = IPC.exec(compact);
    if (match) {
      subclasses.add(match[1]! + match[2]!);
      classes.add(match[1]!);
    } else if (label.trim() !== '') others.add(label.trim());
  }
  return [
    ...[...subclasses].map((key) => ({ key, level: 'subclass' as const })),
    ...[...classes].map((key) => ({ key, level: 'class' as const })),
    ...[...others].map((key) => ({ key, level: 'other' as const })),
  ];
}
