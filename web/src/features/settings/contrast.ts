// WCAG 2 contrast of a brand colour with white text (the career site puts white text on it).

/** Relative luminance of a #rrggbb colour, or undefined when it is not one. */
export function luminance(hex: string): number | undefined {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return undefined;
  const [r, g, b] = [m[1], m[2], m[3]].map((part) => {
    const c = Number.parseInt(part ?? '0', 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of white on this colour (1 to 21), or undefined for an invalid colour. */
export function contrastWithWhite(hex: string): number | undefined {
  const l = luminance(hex);
  return l === undefined ? undefined : 1.05 / (l + 0.05);
}

export const isHexColor = (value: string) => /^#[0-9a-f]{6}$/i.test(value.trim());
