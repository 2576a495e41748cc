//! Text measurement and wrapping for the label column.
//!
//! The SVG is drawn without fonts, so widths are estimated: an average glyph
//! of a proportional sans-serif face is about 0.55 em wide, and wide glyphs
//! (capitals, `m`, `w`) about 0.8 em. The estimate errs wide, so a label
//! never runs into the bars.

use crate::svg::INK;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Font size of every label, in pixels.
pub const FONT_PX: f64 = 13.0;
/// Distance between two lines of one wrapped label.
pub const LINE_PX: f64 = 16.0;

/// Estimated width of `text` at [`FONT_PX`], in pixels.
pub fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            let em = match c {
                'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | '(' | ')' | ' ' => {
                    0.32
                }
                'm' | 'w' | 'M' | 'W' | '@' | '%' | '—' => 0.9,
                c if c.is_uppercase() || c.is_ascii_digit() => 0.66,
                _ => 0.56,
            };
            em * FONT_PX
        })
        .sum()
}

/// Splits `text` into lines no wider than `max_px`, at spaces; a single word
/// wider than that stays whole on its own line (it is never cut).
pub fn wrap(text: &str, max_px: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if line.is_empty() {
            line.push_str(word);
            continue;
        }
        let candidate = format!("{line} {word}");
        if text_width(&candidate) <= max_px {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line.push_str(word);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Round tick values from zero to at least `max`: steps of 1, 2 or 5 times
/// a power of ten, at most `want` + 1 ticks.
pub fn ticks(max: f64, want: usize) -> Vec<f64> {
    let max = if max > 0.0 { max } else { 1.0 };
    let raw = max / want.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    let count = (max / step).ceil() as usize;
    (0..=count).map(|i| i as f64 * step).collect()
}

/// A number for a label: no trailing zeros beyond `decimals`.
pub fn number(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// The label font. plotters' SVG backend writes sizes divided by 1.24, so
/// ask for that much more to get [`FONT_PX`].
pub fn font(h: HPos, v: VPos) -> TextStyle<'static> {
    ("sans-serif", FONT_PX * 1.24)
        .into_font()
        .color(&INK)
        .pos(Pos::new(h, v))
}

/// The heading font: [`font`] in bold.
pub fn bold(h: HPos, v: VPos) -> TextStyle<'static> {
    ("sans-serif", FONT_PX * 1.24)
        .into_font()
        .style(FontStyle::Bold)
        .color(&INK)
        .pos(Pos::new(h, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_word_and_respects_the_width() {
        let text = "Prototype: rs_zlib at least as fast as zlib-ng on every benchmark case";
        let lines = wrap(text, 200.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), text);
        for line in &lines {
            assert!(text_width(line) <= 200.0 || !line.contains(' '), "{line}");
        }
    }

    #[test]
    fn a_long_word_is_never_cut() {
        assert_eq!(
            wrap("supercalifragilistic", 20.0),
            vec!["supercalifragilistic"]
        );
        assert_eq!(wrap("", 20.0), vec![String::new()]);
    }

    #[test]
    fn ticks_start_at_zero_and_cover_the_maximum() {
        for (max, want) in [(3.79, 5), (0.42, 4), (480.0, 5), (1.0, 5), (0.0, 5)] {
            let t = ticks(max, want);
            assert_eq!(t[0], 0.0);
            assert!(*t.last().unwrap_or(&0.0) >= max, "{max}: {t:?}");
            assert!(t.len() <= want + 2, "{max}: {t:?}");
        }
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(number(1.50, 2), "1.5");
        assert_eq!(number(2.0, 2), "2");
        assert_eq!(number(322.4, 0), "322");
    }
}
