//! Horizontal bar charts in groups.

use crate::layout::{self, LINE_PX, font};
use crate::svg::{self, C_MODULE, GRID, INK, OTHER, PEER, Paint, RUST};
use crate::{ChartError, backend};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// What a bar stands for; it sets the bar's colour and class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The Rust module being evaluated.
    Rust,
    /// The best other implementation (pybase64, zlib-ng).
    Peer,
    /// CPython's C module, the one a Rust module would replace.
    C,
    /// Anything else shown for context.
    Other,
}

impl Role {
    fn paint(self) -> Paint {
        match self {
            Role::Rust => RUST,
            Role::Peer => PEER,
            Role::C => C_MODULE,
            Role::Other => OTHER,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub role: Role,
}

/// Bars that belong together, under a heading (one benchmark case).
#[derive(Debug, Clone, PartialEq)]
pub struct BarGroup {
    pub label: String,
    pub bars: Vec<Bar>,
}

/// A vertical line across the plot, e.g. at 1.0 for "as fast as the C module".
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub value: f64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Unique on its page: the ids of the title and description derive from it.
    pub id: String,
    pub title: String,
    /// What a screen reader says instead of the picture.
    pub description: String,
    /// The value axis' caption, with its unit.
    pub axis_label: String,
    /// Printed after each value, e.g. `×` or ` KiB`.
    pub unit_suffix: String,
    pub decimals: usize,
    pub reference: Option<Reference>,
    pub groups: Vec<BarGroup>,
}

const WIDTH: u32 = 760;
const BAR_PX: f64 = 14.0;
const BAR_GAP_PX: f64 = 5.0;
const GROUP_HEAD_PX: f64 = 22.0;
const GROUP_GAP_PX: f64 = 8.0;
const TOP_PX: f64 = 8.0;
const AXIS_PX: u32 = 44;
const VALUE_PX: f64 = 70.0;
const GUTTER_PX: f64 = 10.0;
/// The label column never takes more than this share of the width.
const LABEL_SHARE: f64 = 0.42;

struct Row {
    lines: Vec<String>,
    top: f64,
    height: f64,
    bar: Option<(f64, Role, String)>,
}

impl BarChart {
    /// Draws the chart as an `<svg>` element.
    pub fn render(&self) -> Result<String, ChartError> {
        let bars = self.groups.iter().flat_map(|g| &g.bars);
        if bars.clone().next().is_none() {
            return Err(ChartError::Empty(self.id.clone()));
        }
        for bar in bars.clone() {
            if !bar.value.is_finite() || bar.value < 0.0 {
                return Err(ChartError::BadValue {
                    label: bar.label.clone(),
                    value: bar.value,
                });
            }
        }
        let max_value = bars
            .map(|b| b.value)
            .chain(self.reference.iter().map(|r| r.value))
            .fold(0.0, f64::max);
        let ticks = layout::ticks(max_value, 5);
        let x_max = ticks.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE);

        let label_max = f64::from(WIDTH) * LABEL_SHARE;
        let label_w = self
            .groups
            .iter()
            .flat_map(|g| &g.bars)
            .map(|b| layout::text_width(&b.label))
            .fold(0.0, f64::max)
            .min(label_max)
            .max(60.0);
        let (rows, rows_h) = self.layout_rows(label_w);

        let height = (TOP_PX + rows_h).ceil() as u32 + AXIS_PX;
        let left = (label_w + GUTTER_PX).ceil() as u32;
        let mut raw = String::new();
        {
            let root = SVGBackend::with_string(&mut raw, (WIDTH, height)).into_drawing_area();
            let plot = root.margin(TOP_PX as u32, 0, left, VALUE_PX as u32);
            let mut chart = ChartBuilder::on(&plot)
                .x_label_area_size(AXIS_PX)
                .build_cartesian_2d(0f64..x_max, 0f64..rows_h)
                .map_err(backend)?;
            let decimals = self.decimals;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .disable_y_axis()
                .x_labels(ticks.len())
                .x_label_formatter(&|v| layout::number(*v, decimals))
                .x_desc(self.axis_label.as_str())
                .axis_style(INK)
                .bold_line_style(GRID)
                .light_line_style(TRANSPARENT)
                .label_style(font(HPos::Center, VPos::Top))
                .axis_desc_style(font(HPos::Center, VPos::Top))
                .draw()
                .map_err(backend)?;

            for row in &rows {
                let Some((value, role, text)) = &row.bar else {
                    continue;
                };
                let y_top = rows_h - row.top - (row.height - BAR_PX) / 2.0;
                let y_bottom = y_top - BAR_PX;
                let paint = role.paint();
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y_top), (*value, y_bottom)],
                        paint.color.filled(),
                    )))
                    .map_err(backend)?;
                chart
                    .draw_series(std::iter::once(
                        EmptyElement::at((*value, (y_top + y_bottom) / 2.0))
                            + Text::new(text.clone(), (5, 0), font(HPos::Left, VPos::Center)),
                    ))
                    .map_err(backend)?;
            }
            if let Some(reference) = &self.reference {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(reference.value, 0.0), (reference.value, rows_h)],
                        INK.stroke_width(1),
                    )))
                    .map_err(backend)?;
            }
            // Labels, in the left column of the whole drawing.
            let right = label_w as i32;
            for row in &rows {
                let bold = row.bar.is_none();
                let first = TOP_PX + row.top + row.height / 2.0
                    - (row.lines.len() as f64 - 1.0) * LINE_PX / 2.0;
                for (i, line) in row.lines.iter().enumerate() {
                    let y = (first + i as f64 * LINE_PX).round() as i32;
                    let (x, style) = if bold {
                        (0, layout::bold(HPos::Left, VPos::Center))
                    } else {
                        (right, font(HPos::Right, VPos::Center))
                    };
                    root.draw(&Text::new(line.clone(), (x, y), style))
                        .map_err(backend)?;
                }
            }
            root.present().map_err(backend)?;
        }
        Ok(svg::finish(
            &raw,
            &self.id,
            "bar-chart",
            &self.title,
            &self.description,
        ))
    }

    fn layout_rows(&self, label_w: f64) -> (Vec<Row>, f64) {
        let mut rows = Vec::new();
        let mut top = 0.0;
        for (gi, group) in self.groups.iter().enumerate() {
            if gi > 0 {
                top += GROUP_GAP_PX;
            }
            // The heading stays in the label column, clear of the plot.
            let lines = layout::wrap(&group.label, label_w);
            let height = GROUP_HEAD_PX.max(lines.len() as f64 * LINE_PX);
            rows.push(Row {
                lines,
                top,
                height,
                bar: None,
            });
            top += height;
            for bar in &group.bars {
                let lines = layout::wrap(&bar.label, label_w);
                let height = (BAR_PX + BAR_GAP_PX).max(lines.len() as f64 * LINE_PX + 2.0);
                let text = format!(
                    "{}{}",
                    layout::number(bar.value, self.decimals),
                    self.unit_suffix
                );
                rows.push(Row {
                    lines,
                    top,
                    height,
                    bar: Some((bar.value, bar.role, text)),
                });
                top += height;
            }
        }
        (rows, top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(values: &[(&str, f64, Role)]) -> BarChart {
        BarChart {
            id: "t".into(),
            title: "Speed".into(),
            description: "Speed of each implementation".into(),
            axis_label: "times as fast as the C module".into(),
            unit_suffix: "×".into(),
            decimals: 2,
            reference: Some(Reference {
                value: 1.0,
                label: "C module".into(),
            }),
            groups: vec![BarGroup {
                label: "encode 64 B".into(),
                bars: values
                    .iter()
                    .map(|(l, v, r)| Bar {
                        label: (*l).into(),
                        value: *v,
                        role: *r,
                    })
                    .collect(),
            }],
        }
    }

    #[test]
    fn renders_every_bar_with_its_label_value_and_class() {
        let svg = chart(&[
            ("rs_base64.b64encode", 2.36, Role::Rust),
            ("pybase64.b64encode (best peer)", 0.8, Role::Peer),
            ("binascii.b2a_base64 (C module)", 1.0, Role::C),
        ])
        .render()
        .expect("renders");
        assert!(svg.starts_with("<svg class=\"tracker-chart bar-chart\""));
        assert!(svg.contains("<title id=\"t-title\">Speed</title>"));
        for text in [
            "rs_base64.b64encode",
            "pybase64.b64encode (best peer)",
            "2.36×",
            "0.8×",
        ] {
            assert!(svg.contains(text), "missing {text}");
        }
        for class in ["mark-rust", "mark-peer", "mark-c"] {
            assert!(
                svg.contains(&format!("class=\"{class}\"")),
                "missing {class}"
            );
        }
        assert!(!svg.contains("#000000"), "ink must be currentColor");
        assert!(!svg.contains("\n\n"));
    }

    #[test]
    fn the_value_axis_starts_at_zero() {
        // 322 KiB against 480 KiB: the shorter bar must be two thirds of the
        // longer one, not a sliver.
        let svg = chart(&[("a", 322.0, Role::Rust), ("b", 480.0, Role::C)])
            .render()
            .expect("renders");
        let widths: Vec<f64> = svg
            .lines()
            .filter(|l| l.starts_with("<rect") && l.contains("mark-"))
            .filter_map(|l| {
                let w = l.split("width=\"").nth(1)?.split('"').next()?;
                w.parse().ok()
            })
            .collect();
        assert_eq!(widths.len(), 2, "{svg}");
        let ratio = widths[0] / widths[1];
        assert!((ratio - 322.0 / 480.0).abs() < 0.02, "ratio {ratio}");
        assert!(
            svg.contains(">\n0\n<") || svg.contains(">0<"),
            "no zero tick: {svg}"
        );
    }

    #[test]
    fn bad_values_are_errors_not_panics() {
        let err = chart(&[("nan", f64::NAN, Role::Rust)])
            .render()
            .expect_err("bad value accepted");
        assert!(matches!(err, ChartError::BadValue { .. }));
        let err = chart(&[("neg", -1.0, Role::Rust)])
            .render()
            .expect_err("bad value accepted");
        assert!(err.to_string().contains("neg"));
        let empty = BarChart {
            groups: vec![],
            ..chart(&[])
        };
        assert!(matches!(empty.render(), Err(ChartError::Empty(_))));
    }

    #[test]
    fn long_labels_wrap_instead_of_overlapping() {
        let long = "rs_zlib.compressobj streaming level 6 of the standard library source";
        let svg = chart(&[(long, 1.2, Role::Rust), ("zlib (C module)", 1.0, Role::C)])
            .render()
            .expect("renders");
        // Every word is drawn, the label is split over more than one line.
        for word in long.split(' ') {
            assert!(svg.contains(word), "missing {word}");
        }
        assert!(!svg.contains(long), "the long label should wrap");
    }
}
