// Trace formats: the character-level scanning the line parsers share — blanks, unsigned decimal
// numbers, fixed-width digits, calendar dates to epoch days — by character codes on a range of a
// line, so parsing a field allocates nothing. Pure; depends on nothing.

/** a space or a tab */
export function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

/** the first index in [start, end) that is not a blank (end if none) */
export function skipBlanks(text: string, start: number, end: number): number {
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  return start;
}

/** the index after the last non-blank in [start, end) (start if none) */
export function trimEnd(text: string, start: number, end: number): number {
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return end;
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * The unsigned decimal number spelled by text[start, end): digits with an optional fraction and
 * exponent (`12`, `0.5`, `.5`, `3.`, `5e-05`), nothing else — no sign, blanks, `0x`, `NaN` or
 * `Infinity`. NaN if it is not one; may be Infinity when too large (`1e309`): callers check.
 */
export function decimalAt(text: string, start: number, end: number): number {
  let i = start;
  let value = 0;
  let intDigits = 0;
  while (i < end && isDigit(text.charCodeAt(i))) {
    value = value * 10 + (text.charCodeAt(i) - 48);
    intDigits++;
    i++;
  }
  if (i === end) return intDigits > 0 && intDigits <= 15 ? value : intDigits > 0 ? Number(text.slice(start, end)) : NaN;
  let fracDigits = 0;
  if (text.charCodeAt(i) === 46) {
    i++;
    while (i < end && isDigit(text.charCodeAt(i))) {
      fracDigits++;
      i++;
    }
  }
  if (intDigits + fracDigits === 0) return NaN;
  if (i < end) {
    const e = text.charCodeAt(i);
    if (e !== 101 && e !== 69) return NaN;
    i++;
    if (i < end && (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45)) i++;
    const expStart = i;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    if (i === expStart || i !== end) return NaN;
  }
  return Number(text.slice(start, end));
}

/** the unsigned integer spelled by text[start, end) (digits only, at most 15 of them), or -1 */
export function integerAt(text: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

/** the value of `width` digits at text[at…], or -1 if any is not a digit or the text ends */
export function digitsAt(text: string, at: number, width: number): number {
  if (at + width > text.length) return -1;
  let value = 0;
  for (let i = at; i < at + width; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

/** whether `year` is a Gregorian leap year */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** the number of days of `month` (1-12) in `year` */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

/** whether year-month-day is a real date (month 1-12, day within its month) */
export function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** whether hour:minute:second is a time of day (0-23, 0-59, 0-59: no leap second, no 24:00) */
export function isValidTime(hour: number, minute: number, second: number): boolean {
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

/** days from 1970-01-01 to year-month-day in the proleptic Gregorian calendar (H. Hinnant's days_from_civil) */
export function epochDays(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
