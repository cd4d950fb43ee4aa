/**
 * The raw strings a record carries for values that did not arrive as text: numbers
 * and booleans from JSON, numbers and dates from spreadsheet cells. Validation parses
 * them later, so they are written the way a person would type them.
 */

/**
 * Writes a number (or a numeric string) in plain positional notation, never with an exponent.
 *
 * @example
 * plainNumber(201010110545);   // '201010110545'
 * plainNumber(1.5e21);         // '1500000000000000000000'
 * plainNumber('2.5E-7');       // '0.00000025'
 *
 * Long application numbers typed into a spreadsheet as numbers would otherwise come
 * out as '2.01010110545e+21'-style text. Strings that are not numbers are returned as they are.
 */
export function plainNumber(value: number | string): string {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = /^([+-]?)(\d+)(?:\.(\d*))?e([+-]?\d+)$/i.exec(text);
  if (match === null) return text;
  const [, sign, whole = '', fraction = '', exponentText = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  let result: string;
  if (point <= 0) result = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) result = digits + '0'.repeat(point - digits.length);
  else result = `${digits.slice(0, point)}.${digits.slice(point)}`;
  result = result.replace(/^0+(?=\d)/, '');
  if (result.includes('.')) result = result.replace(/\.?0+$/, '');
  return sign === '-' ? `-${result}` : result;
}

/**
 * Writes a date as YYYY-MM-DD, using its UTC calendar day (spreadsheet dates carry no zone).
 *
 * @example
 * isoDay(new Date(Date.UTC(2010, 1, 9))); // '2010-02-09'
 */
export function isoDay(date: Date): string {
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${day}`;
}
