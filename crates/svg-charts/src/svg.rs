//! Turns plotters' SVG into markup for an HTML page: theme-following colours,
//! CSS classes on marks, an accessible title and description, no blank lines
//! (a blank line would end the HTML block in Markdown).

use plotters::style::RGBColor;

/// Text, axes and outlines: drawn as `currentColor`.
pub const INK: RGBColor = RGBColor(0, 0, 0);
/// Grid lines: `currentColor` at low opacity.
pub const GRID: RGBColor = RGBColor(0x80, 0x80, 0x80);

/// A colour for marks, with the class a stylesheet can use to restyle it.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub color: RGBColor,
    pub class: &'static str,
}

// Fills readable on white and on the dark mdBook themes (Okabe-Ito hues);
// each pair differs in lightness too, so a grey print still tells them apart.
pub const RUST: Paint = Paint {
    color: RGBColor(0xD5, 0x5E, 0x00),
    class: "mark-rust",
};
pub const PEER: Paint = Paint {
    color: RGBColor(0x00, 0x72, 0xB2),
    class: "mark-peer",
};
pub const C_MODULE: Paint = Paint {
    color: RGBColor(0x8C, 0x8C, 0x8C),
    class: "mark-c",
};
pub const OTHER: Paint = Paint {
    color: RGBColor(0xCC, 0x79, 0xA7),
    class: "mark-other",
};
pub const DONE: Paint = Paint {
    color: RGBColor(0x00, 0x9E, 0x73),
    class: "mark-done",
};
pub const DUE: Paint = Paint {
    color: RGBColor(0x00, 0x72, 0xB1),
    class: "mark-due",
};
pub const OVERDUE: Paint = Paint {
    color: RGBColor(0xD5, 0x5E, 0x01),
    class: "mark-overdue",
};

const PAINTS: [Paint; 7] = [RUST, PEER, C_MODULE, OTHER, DONE, DUE, OVERDUE];

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Rewrites the raw plotters output into the final `<svg>` element.
pub fn finish(raw: &str, id: &str, kind: &str, title: &str, description: &str) -> String {
    let mut out = raw.to_owned();
    for attr in ["fill", "stroke"] {
        out = out.replace(
            &format!("{attr}=\"{}\"", hex(INK)),
            &format!("{attr}=\"currentColor\""),
        );
        out = out.replace(
            &format!("{attr}=\"{}\"", hex(GRID)),
            &format!("{attr}=\"currentColor\" {attr}-opacity=\"0.22\""),
        );
        for paint in PAINTS {
            let suffix = if attr == "stroke" { "-line" } else { "" };
            out = out.replace(
                &format!("{attr}=\"{}\"", hex(paint.color)),
                &format!(
                    "class=\"{}{suffix}\" {attr}=\"{}\"",
                    paint.class,
                    hex(paint.color)
                ),
            );
        }
    }
    let id = escape(id);
    let head = format!(
        "<svg class=\"tracker-chart {kind}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         font-family=\"sans-serif\" "
    );
    out = out.replacen("<svg ", &head, 1);
    if let Some(end) = out.find('>') {
        let titles = format!(
            "\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>",
            escape(title),
            escape(description)
        );
        out.insert_str(end + 1, &titles);
    }
    out.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}
