import { useEffect, useState } from 'preact/hooks';
import './qr-code.css';

export interface QrCodeProps {
  value: string;
  /** What the code opens, for screen readers (the link itself is printed next to it). */
  label: string;
}

/**
 * A QR code drawn as SVG by the `qrcode` package, fetched on first use so it never weighs on
 * a page that shows no code. Dark modules on white whatever the colour scheme: phone cameras
 * read dark-on-light codes best.
 */
export function QrCode({ value, label }: QrCodeProps) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import('qrcode')
      .then((qrcode) => qrcode.toString(value, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } }))
      .then(
        (markup) => live && setSvg(markup),
        () => live && setSvg(null),
      );
    return () => {
      live = false;
    };
  }, [value]);
  return (
    <div class="qr-code" role="img" aria-label={label}>
      {/* Markup generated here from our own URL, not from user input. */}
      {svg && <div class="qr-code__svg" aria-hidden="true" dangerouslySetInnerHTML={{ __html: svg }} />}
    </div>
  );
}
