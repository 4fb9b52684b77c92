// The authenticator set-up link as a QR code, drawn as SVG from uqr's module matrix (React
// elements, no markup strings, so nothing bypasses escaping or the CSP). One path of unit squares
// keeps the DOM small; the quiet zone of 4 modules is what scanners need around the code.
import { useMemo } from 'react';
import { encode } from 'uqr';

const QUIET = 4;

export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = useMemo(() => {
    const { data } = encode(text, { ecc: 'M', border: 0 });
    let d = '';
    data.forEach((row, y) => {
      row.forEach((dark, x) => {
        if (dark) d += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
      });
    });
    return { size: data.length + QUIET * 2, path: d };
  }, [text]);
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      width="200"
      height="200"
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
