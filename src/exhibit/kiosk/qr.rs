//! QR codes for the links a kiosk must not follow: the visitor scans the address instead.

use qrcodegen::{QrCode, QrCodeEcc};

/// A QR code for `text` as an SVG path (`M x y h1 v1 h-1 z` per dark module) and its size in
/// modules with the 4-module quiet zone, or `None` when the text is too long for any QR code.
pub fn svg_path(text: &str) -> Option<(String, i32)> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                path.push_str(&format!("M{} {}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    Some((path, size + 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_makes_a_square_code_with_its_quiet_zone() {
        let (path, size) = svg_path("https://www.wikidata.org/wiki/Q39286").unwrap();
        // version 3 (29 modules) at level M for a 36-byte URL, plus 4 modules each side
        assert_eq!(size, 29 + 8);
        // the top-left finder pattern starts at the quiet zone's edge
        assert!(path.starts_with("M4 4h1v1h-1z"));
        assert!(path.matches('M').count() > 200);
    }

    #[test]
    fn too_long_a_text_has_no_code() {
        assert!(svg_path(&"x".repeat(5000)).is_none());
    }
}
