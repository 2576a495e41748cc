//! A milestone timeline: one row per item, grouped in lanes, the label in a
//! left column and the mark at the item's date.

use crate::date::Day;
use crate::layout::{self, LINE_PX, font};
use crate::svg::{self, DONE, DUE, GRID, INK, OVERDUE};
use crate::{ChartError, backend};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// How an item is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Done on its date: a filled circle.
    Done,
    /// Not done, due on its date: a hollow diamond.
    Due,
    /// Not done and its due date has passed: a hollow diamond, warning colour.
    Overdue,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimelineItem {
    pub label: String,
    pub date: Day,
    pub mark: Mark,
}

/// A group of rows under a heading (upstream, this project).
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub label: String,
    pub items: Vec<TimelineItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// Unique on its page.
    pub id: String,
    pub title: String,
    pub description: String,
    /// The data's as-of date, drawn as a vertical line.
    pub today: Day,
    pub lanes: Vec<Lane>,
}

const WIDTH: u32 = 760;
const TOP_PX: f64 = 22.0;
const AXIS_PX: u32 = 30;
const LANE_HEAD_PX: f64 = 24.0;
const ROW_PX: f64 = 20.0;
const GUTTER_PX: f64 = 12.0;
const RIGHT_PX: u32 = 36;
const LABEL_SHARE: f64 = 0.40;
const MARK_R: i32 = 5;

struct Row {
    lines: Vec<String>,
    top: f64,
    height: f64,
    item: Option<TimelineItem>,
}

impl Timeline {
    /// Draws the timeline as an `<svg>` element.
    pub fn render(&self) -> Result<String, ChartError> {
        let items: Vec<&TimelineItem> = self.lanes.iter().flat_map(|l| &l.items).collect();
        let (Some(first), Some(last)) = (
            items.iter().map(|i| i.date).min(),
            items.iter().map(|i| i.date).max(),
        ) else {
            return Err(ChartError::Empty(self.id.clone()));
        };
        let start = first.min(self.today).quarter_start();
        let end = last.max(self.today).next_quarter();
        let (x0, x1) = (start.number() as f64, end.number() as f64);

        let label_w = items
            .iter()
            .map(|i| layout::text_width(&i.label))
            .fold(0.0, f64::max)
            .min(f64::from(WIDTH) * LABEL_SHARE)
            .max(80.0);
        let (rows, rows_h) = self.layout_rows(label_w);
        let height = (TOP_PX + rows_h).ceil() as u32 + AXIS_PX;
        let left = (label_w + GUTTER_PX).ceil() as u32;

        let mut raw = String::new();
        {
            let root = SVGBackend::with_string(&mut raw, (WIDTH, height)).into_drawing_area();
            let plot = root.margin(TOP_PX as u32, 0, left, RIGHT_PX);
            let mut chart = ChartBuilder::on(&plot)
                .x_label_area_size(AXIS_PX)
                .build_cartesian_2d(x0..x1, 0f64..rows_h)
                .map_err(backend)?;
            chart
                .configure_mesh()
                .disable_mesh()
                .disable_y_axis()
                .x_labels(0)
                .axis_style(INK)
                .draw()
                .map_err(backend)?;

            // Quarter ticks with grid lines; every k-th one labelled, k chosen
            // so that labels never touch, and none that would be cut at the edge.
            let mut quarters = vec![start];
            while let Some(q) = quarters.last().copied().filter(|q| *q < end) {
                quarters.push(q.next_quarter());
            }
            let (qx0, _) = chart.backend_coord(&(x0, 0.0));
            let (qx1, _) = chart.backend_coord(&(x1, 0.0));
            let per_quarter = f64::from(qx1 - qx0) / (quarters.len().max(2) - 1) as f64;
            let every = (layout::text_width("Mmm 2000") * 1.3 / per_quarter)
                .ceil()
                .max(1.0) as usize;
            for (i, q) in quarters.iter().enumerate() {
                let x = q.number() as f64;
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(x, 0.0), (x, rows_h)],
                        GRID.stroke_width(1),
                    )))
                    .map_err(backend)?;
                let text = q.month_label();
                let (px, _) = chart.backend_coord(&(x, 0.0));
                let fits = f64::from(px) + layout::text_width(&text) / 2.0 <= f64::from(WIDTH);
                if i % every == 0 && fits {
                    chart
                        .draw_series(std::iter::once(
                            EmptyElement::at((x, 0.0))
                                + Text::new(text, (0, 6), font(HPos::Center, VPos::Top)),
                        ))
                        .map_err(backend)?;
                }
            }

            // The as-of line, labelled above the plot.
            let today = self.today.number() as f64;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(today, 0.0), (today, rows_h)],
                    INK.stroke_width(2),
                )))
                .map_err(backend)?;
            let (tx, _) = chart.backend_coord(&(today, rows_h));
            let as_of = format!("as of {}", self.today.label());
            let anchor = if f64::from(tx) + layout::text_width(&as_of) > f64::from(WIDTH) {
                HPos::Right
            } else {
                HPos::Left
            };
            root.draw(&Text::new(
                as_of,
                (tx, (TOP_PX / 2.0) as i32),
                font(anchor, VPos::Center),
            ))
            .map_err(backend)?;

            for row in &rows {
                // Label column.
                let first_line = TOP_PX + row.top + row.height / 2.0
                    - (row.lines.len() as f64 - 1.0) * LINE_PX / 2.0;
                let head = row.item.is_none();
                for (i, line) in row.lines.iter().enumerate() {
                    let y = (first_line + i as f64 * LINE_PX).round() as i32;
                    let style = if head {
                        layout::bold(HPos::Left, VPos::Center)
                    } else {
                        font(HPos::Right, VPos::Center)
                    };
                    let x = if head { 0 } else { label_w as i32 };
                    root.draw(&Text::new(line.clone(), (x, y), style))
                        .map_err(backend)?;
                }
                let Some(item) = &row.item else { continue };
                let y = rows_h - row.top - row.height / 2.0;
                let x = item.date.number() as f64;
                let (px, _) = chart.backend_coord(&(x, y));
                let text = match item.mark {
                    Mark::Done => format!("done {}", item.date.label()),
                    Mark::Due => format!("due {}", item.date.label()),
                    Mark::Overdue => format!("overdue since {}", item.date.label()),
                };
                let right_room = f64::from(WIDTH) - f64::from(px) - 12.0;
                let (dx, anchor) = if layout::text_width(&text) < right_room {
                    (MARK_R + 5, HPos::Left)
                } else {
                    (-(MARK_R + 5), HPos::Right)
                };
                let label =
                    EmptyElement::at((x, y)) + Text::new(text, (dx, 0), font(anchor, VPos::Center));
                match item.mark {
                    Mark::Done => {
                        let m = EmptyElement::at((x, y))
                            + Circle::new((0, 0), MARK_R, DONE.color.filled());
                        chart.draw_series(std::iter::once(m)).map_err(backend)?;
                    }
                    Mark::Due | Mark::Overdue => {
                        let paint = if item.mark == Mark::Due { DUE } else { OVERDUE };
                        let r = MARK_R + 1;
                        let m = EmptyElement::at((x, y))
                            + Polygon::new(vec![(0, -r), (r, 0), (0, r), (-r, 0)], WHITE.mix(0.0))
                            + PathElement::new(
                                vec![(0, -r), (r, 0), (0, r), (-r, 0), (0, -r)],
                                paint.color.stroke_width(2),
                            );
                        chart.draw_series(std::iter::once(m)).map_err(backend)?;
                    }
                }
                chart.draw_series(std::iter::once(label)).map_err(backend)?;
            }
            root.present().map_err(backend)?;
        }
        Ok(svg::finish(
            &raw,
            &self.id,
            "timeline-chart",
            &self.title,
            &self.description,
        ))
    }

    fn layout_rows(&self, label_w: f64) -> (Vec<Row>, f64) {
        let mut rows = Vec::new();
        let mut top = 0.0;
        for lane in &self.lanes {
            if lane.items.is_empty() {
                continue;
            }
            rows.push(Row {
                lines: vec![lane.label.clone()],
                top,
                height: LANE_HEAD_PX,
                item: None,
            });
            top += LANE_HEAD_PX;
            for item in &lane.items {
                let lines = layout::wrap(&item.label, label_w);
                let height = ROW_PX.max(lines.len() as f64 * LINE_PX + 4.0);
                rows.push(Row {
                    lines,
                    top,
                    height,
                    item: Some(item.clone()),
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

    fn timeline() -> Timeline {
        let item = |label: &str, (y, m, d), mark| TimelineItem {
            label: label.into(),
            date: Day::new(y, m, d),
            mark,
        };
        Timeline {
            id: "tl".into(),
            title: "Timeline".into(),
            description: "Milestones by date".into(),
            today: Day::new(2026, 12, 2),
            lanes: vec![
                Lane {
                    label: "CPython and the fork".into(),
                    items: vec![
                        item("Proof of concept", (2025, 11, 14), Mark::Done),
                        item(
                            "Submit the PEP to python/peps",
                            (2026, 7, 31),
                            Mark::Overdue,
                        ),
                        item(
                            "The first Rust module merged before 3.16.0 beta 1",
                            (2027, 5, 4),
                            Mark::Due,
                        ),
                    ],
                },
                Lane {
                    label: "This project".into(),
                    items: vec![item("rs_zlib passes test_zlib", (2026, 11, 24), Mark::Done)],
                },
            ],
        }
    }

    #[test]
    fn each_mark_has_its_own_style_and_every_label_is_whole() {
        let svg = timeline().render().expect("renders");
        assert!(svg.contains("class=\"mark-done\""));
        assert!(svg.contains("class=\"mark-due-line\""));
        assert!(svg.contains("class=\"mark-overdue-line\""));
        for text in [
            "Proof of concept",
            "Submit the PEP to python/peps",
            "overdue since 31 Jul 2026",
            "due 4 May 2027",
            "done 14 Nov 2025",
            "as of 2 Dec 2026",
            "CPython and the fork",
            "This project",
            "Oct 2025",
        ] {
            assert!(svg.contains(text), "missing {text}");
        }
    }

    #[test]
    fn an_empty_timeline_is_an_error() {
        let empty = Timeline {
            lanes: vec![],
            ..timeline()
        };
        assert!(matches!(empty.render(), Err(ChartError::Empty(_))));
    }
}
