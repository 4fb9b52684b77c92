// XML text helpers shared by the feeds and sitemaps. Every piece of text that goes into an XML document
// passes through xmlText first, so that no user input can make a document that an XML 1.0 parser rejects.

/**
 * Characters XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets): C0 controls other than tab, LF
 * and CR; lone surrogates (paired ones form a valid astral code point, which the u flag keeps together);
 * and the non-characters U+FFFE and U+FFFF.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu;

/** The text with every character XML 1.0 does not allow removed. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML_CHAR, '');
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text for element content or an attribute value: cleaned, with the five predefined entities escaped. */
export function escapeXml(s: string): string {
  return xmlText(s).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/**
 * A CDATA section holding the text. A "]]>" inside the text would end the section early, so it is split
 * across two sections ("]]" ends the first, ">" starts the second); a parser joins them back.
 */
export function cdata(s: string): string {
  return `<![CDATA[${xmlText(s).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * An RFC 2822 date in UTC ("Tue, 05 Mar 2024 09:00:00 +0000"), which is also a valid RFC 822 date with a
 * four-digit year, as RSS 2.0 wants. Throws a RangeError for an unparseable date.
 */
export function rfc2822(date: Date | string): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date: ${String(date)}`);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(
    d.getUTCHours(),
  )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** `<name>text</name>` with the text escaped, or '' when the text is missing or blank. */
export function element(name: string, text: string | null | undefined): string {
  if (text === null || text === undefined || text.trim() === '') return '';
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/** `<name><![CDATA[text]]></name>`, or '' when the text is missing or blank. */
export function cdataElement(name: string, text: string | null | undefined): string {
  if (text === null || text === undefined || text.trim() === '') return '';
  return `<${name}>${cdata(text)}</${name}>`;
}
