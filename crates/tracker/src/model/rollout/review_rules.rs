//! The rules that make the data fit for a Steering Council review: every
//! item has a scope; upstream milestones, risks and decisions name an owner;
//! upstream facts say when their source was last checked, and a check older
//! than [`STALE_AFTER_DAYS`] before the as-of date is a warning; this
//! project's milestones say which upstream milestones they inform; open
//! decisions carry their options and a due date; reviews are in order.

use super::{Date, DecisionStatus, Rollout, Scope};
use crate::base::diag::Diagnostics;
use std::collections::HashSet;
use std::ops::Range;
use toml::Spanned;
use toml::value::Datetime;

/// An upstream fact whose source was last checked more than this many days
/// before the data's as-of date draws a warning (fatal in CI).
pub const STALE_AFTER_DAYS: i64 = 90;

pub fn check(r: &Rollout, diags: &mut Diagnostics) {
    let as_of = Date::from_toml(r.data.meta.as_of.as_ref());
    let mut rules = Rules { r, diags, as_of };
    rules.phases();
    rules.milestones();
    rules.criteria();
    rules.risks();
    rules.decisions();
    rules.reviews();
    rules.platforms();
}

struct Rules<'a, 'd> {
    r: &'a Rollout,
    diags: &'d mut Diagnostics,
    as_of: Option<Date>,
}

impl Rules<'_, '_> {
    fn err(&mut self, span: Range<usize>, message: impl Into<String>) {
        let pos = self.r.pos(span);
        self.diags.error(&self.r.path, pos, message);
    }

    fn warn(&mut self, span: Range<usize>, message: impl Into<String>) {
        let pos = self.r.pos(span);
        self.diags.warning(&self.r.path, pos, message);
    }

    fn scope(&mut self, scope: &Spanned<String>) -> Option<Scope> {
        let parsed = Scope::parse(scope.as_ref());
        if parsed.is_none() {
            self.err(
                scope.span(),
                format!(
                    "unknown scope `{}` (expected one of {})",
                    scope.as_ref(),
                    Scope::expected()
                ),
            );
        }
        parsed
    }

    fn owner(&mut self, what: &str, id: &Spanned<String>, owner: Option<&Spanned<String>>) {
        match owner {
            Some(o) if !o.as_ref().trim().is_empty() => {}
            Some(o) => self.err(o.span(), format!("{what} `{}`: empty owner", id.as_ref())),
            None => self.err(
                id.span(),
                format!(
                    "upstream {what} `{}` has no owner (a role or a named group)",
                    id.as_ref()
                ),
            ),
        }
    }

    /// The freshness rule: required upstream, never after as-of, a warning
    /// when older than [`STALE_AFTER_DAYS`] before it.
    fn checked(
        &mut self,
        what: &str,
        id: &str,
        at: Range<usize>,
        upstream: bool,
        checked: Option<&Spanned<Datetime>>,
    ) {
        let Some(value) = checked else {
            if upstream {
                self.err(
                    at,
                    format!("upstream {what} `{id}` has no `checked` date (when its source was last checked)"),
                );
            }
            return;
        };
        let Some(date) = Date::from_toml(value.as_ref()) else {
            self.err(value.span(), "expected a date like 2026-11-24 (no time)");
            return;
        };
        let Some(as_of) = self.as_of else { return };
        let age = as_of.days() - date.days();
        if age < 0 {
            self.err(
                value.span(),
                format!("{what} `{id}` checked on {date}, after the data's as-of date {as_of}"),
            );
        } else if upstream && age > STALE_AFTER_DAYS {
            self.warn(
                value.span(),
                format!(
                    "{what} `{id}` was last checked on {date}, {age} days before as-of {as_of} \
                     (more than {STALE_AFTER_DAYS}): check its source again and update `checked`"
                ),
            );
        }
    }

    /// An https URL, or a `source` written as a repository path that
    /// resolved (an unresolved one is reported with why).
    fn url(&mut self, value: &Spanned<String>) {
        if let Some(why) = self.r.unresolved_source(&value.span()) {
            self.err(value.span(), why.to_owned());
            return;
        }
        let ok = value
            .as_ref()
            .strip_prefix("https://")
            .is_some_and(|rest| rest.contains('.') && !rest.contains(char::is_whitespace));
        if !ok {
            self.err(
                value.span(),
                format!("not an https URL: `{}`", value.as_ref()),
            );
        }
    }

    fn phases(&mut self) {
        for p in &self.r.data.phase {
            let upstream = self.scope(&p.scope) == Some(Scope::Upstream);
            self.checked(
                "phase",
                p.id.as_ref(),
                p.id.span(),
                upstream,
                p.checked.as_ref(),
            );
        }
    }

    fn milestones(&mut self) {
        let r = self.r;
        for m in &r.data.milestone {
            let scope = self.scope(&m.scope);
            let upstream = scope == Some(Scope::Upstream);
            if upstream {
                self.owner("milestone", &m.id, m.owner.as_ref());
                if let Some(first) = m.informs.first() {
                    self.err(
                        first.span(),
                        format!(
                            "upstream milestone `{}`: `informs` is for this project's milestones",
                            m.id.as_ref()
                        ),
                    );
                }
            }
            if scope == Some(Scope::Project) && m.informs.is_empty() {
                self.err(
                    m.scope.span(),
                    format!(
                        "project milestone `{}` must say which upstream milestones it informs (`informs`)",
                        m.id.as_ref()
                    ),
                );
            }
            for target in &m.informs {
                let ok = r
                    .milestone(target.as_ref())
                    .is_some_and(|t| Scope::parse(t.scope.as_ref()) == Some(Scope::Upstream));
                if !ok {
                    self.err(
                        target.span(),
                        format!(
                            "`{}` informs `{}`, which is not an upstream milestone",
                            m.id.as_ref(),
                            target.as_ref()
                        ),
                    );
                }
            }
            self.checked(
                "milestone",
                m.id.as_ref(),
                m.id.span(),
                upstream,
                m.checked.as_ref(),
            );
        }
    }

    fn criteria(&mut self) {
        for c in &self.r.data.criterion {
            let upstream = self.scope(&c.scope) == Some(Scope::Upstream);
            self.checked(
                "criterion",
                c.id.as_ref(),
                c.id.span(),
                upstream,
                c.checked.as_ref(),
            );
        }
    }

    fn risks(&mut self) {
        for x in &self.r.data.risk {
            let upstream = self.scope(&x.scope) == Some(Scope::Upstream);
            if upstream {
                self.owner("risk", &x.id, x.owner.as_ref());
            }
            self.checked(
                "risk",
                x.id.as_ref(),
                x.id.span(),
                upstream,
                x.checked.as_ref(),
            );
        }
    }

    fn decisions(&mut self) {
        let r = self.r;
        let mut seen = HashSet::new();
        let mut last: Option<Date> = None;
        for d in &r.data.decision {
            if DecisionStatus::parse(d.status.as_ref()) == Some(DecisionStatus::Decided)
                && let Some(span) = &d.date
                && let Some(date) = Date::from_toml(span.as_ref())
            {
                if let Some(prev) = last
                    && date < prev
                {
                    self.err(
                        span.span(),
                        format!("decision dated {date} comes after one dated {prev}: keep the log in date order"),
                    );
                }
                last = Some(date);
            }
            let id = d.id.as_ref();
            if !seen.insert(id.clone()) {
                self.err(d.id.span(), format!("duplicate decision id `{id}`"));
            }
            let upstream = self.scope(&d.scope) == Some(Scope::Upstream);
            if d.owner.as_ref().trim().is_empty() {
                self.err(d.owner.span(), format!("decision `{id}`: empty owner"));
            }
            let status = DecisionStatus::parse(d.status.as_ref());
            match status {
                None => self.err(
                    d.status.span(),
                    format!(
                        "unknown decision status `{}` (expected one of {})",
                        d.status.as_ref(),
                        DecisionStatus::expected()
                    ),
                ),
                Some(DecisionStatus::Open) => {
                    if d.options.len() < 2 {
                        self.err(
                            d.id.span(),
                            format!("open decision `{id}` needs at least two `options`"),
                        );
                    }
                    if d.due.is_none() {
                        self.err(
                            d.id.span(),
                            format!(
                                "open decision `{id}` has no `due` date (by when it must be taken)"
                            ),
                        );
                    }
                    if d.source.is_none() {
                        self.err(
                            d.id.span(),
                            format!("open decision `{id}` cites no `source`"),
                        );
                    }
                    if let Some(a) = &d.answer {
                        self.err(
                            a.span(),
                            format!("open decision `{id}` has an `answer`: mark it decided"),
                        );
                    }
                }
                Some(DecisionStatus::Decided) => {
                    if d.answer.is_none() {
                        self.err(d.id.span(), format!("decided `{id}` has no `answer`"));
                    }
                    if d.record.is_none() {
                        self.err(
                            d.id.span(),
                            format!(
                                "decided `{id}` has no `record` (a link to where it was decided)"
                            ),
                        );
                    }
                }
            }
            for date in [&d.due, &d.date].into_iter().flatten() {
                if Date::from_toml(date.as_ref()).is_none() {
                    self.err(date.span(), "expected a date like 2026-11-24 (no time)");
                }
            }
            for link in [&d.source, &d.record].into_iter().flatten() {
                self.url(link);
            }
            for b in &d.blocks {
                let known = r.milestone(b.as_ref()).is_some()
                    || r.data.criterion.iter().any(|c| c.id.as_ref() == b.as_ref());
                if !known {
                    self.err(
                        b.span(),
                        format!(
                            "decision `{id}` blocks unknown milestone or criterion `{}`",
                            b.as_ref()
                        ),
                    );
                }
            }
            self.checked("decision", id, d.id.span(), upstream, d.checked.as_ref());
        }
    }

    fn reviews(&mut self) {
        let mut last: Option<Date> = None;
        for review in &self.r.data.review {
            let rev = review.revision.as_ref();
            let hex = (7..=40).contains(&rev.len()) && rev.chars().all(|c| c.is_ascii_hexdigit());
            if !hex {
                self.err(
                    review.revision.span(),
                    format!(
                        "review revision `{rev}`: expected a git commit id (7 to 40 hex digits)"
                    ),
                );
            }
            if let Some(record) = &review.record {
                self.url(record);
            }
            let Some(date) = Date::from_toml(review.date.as_ref()) else {
                self.err(
                    review.date.span(),
                    "expected a date like 2026-11-24 (no time)",
                );
                continue;
            };
            if self.as_of.is_some_and(|a| date > a) {
                self.err(
                    review.date.span(),
                    format!("review dated {date}, after the as-of date"),
                );
            }
            if last.is_some_and(|l| date < l) {
                self.err(review.date.span(), "reviews must be listed oldest first");
            }
            last = Some(date);
        }
    }

    fn platforms(&mut self) {
        // Platform rows are upstream facts too; their age is shown on the
        // dashboard, and a date after as-of is an error.
        for p in &self.r.data.platform {
            self.checked(
                "platform",
                p.cpython.as_ref(),
                p.cpython.span(),
                false,
                p.checked.as_ref(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::base::diag::Diagnostics;
    use crate::model::rollout::Rollout;
    use std::path::Path;

    const BASE: &str = r#"
[meta]
schema = 2
as-of = 2026-12-02
first-revision = "abc1234"

[[phase]]
id = "phase-0"
title = "Groundwork"
scope = "upstream"
python = "fork"
status = "in-progress"
source = "https://example.org/p0"
checked = 2026-12-01

[[milestone]]
id = "up"
phase = "phase-0"
scope = "upstream"
title = "Upstream"
owner = "Rust for CPython team"
status = "planned"
due = 2026-07-31
checked = 2026-12-01

[[decision]]
id = "first-module"
scope = "upstream"
status = "open"
question = "Which module?"
options = ["zlib", "base64"]
owner = "Python Steering Council"
due = 2027-05-04
blocks = ["up"]
source = "https://example.org/30"
checked = 2026-12-01
"#;

    fn messages(text: &str) -> Vec<String> {
        let mut d = Diagnostics::new();
        let r = Rollout::parse(Path::new("r.toml"), text, &mut d).expect("parses");
        super::check(&r, &mut d);
        d.sorted().into_iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn the_base_case_is_clean() {
        assert_eq!(messages(BASE), Vec::<String>::new());
    }

    #[test]
    fn each_rule_reports_its_problem() {
        let cases = [
            ("owner = \"Rust for CPython team\"\n", "", "has no owner"),
            (
                "scope = \"upstream\"\ntitle = \"Upstream\"",
                "scope = \"cpython\"\ntitle = \"Upstream\"",
                "unknown scope `cpython`",
            ),
            (
                "checked = 2026-12-01\n\n[[decision]]",
                "checked = 2026-08-01\n\n[[decision]]",
                "123 days before as-of",
            ),
            (
                "checked = 2026-12-01\n\n[[decision]]",
                "\n[[decision]]",
                "has no `checked` date",
            ),
            (
                "checked = 2026-12-01\n\n[[decision]]",
                "checked = 2026-12-03\n\n[[decision]]",
                "after the data's as-of date",
            ),
            (
                "options = [\"zlib\", \"base64\"]\n",
                "options = [\"zlib\"]\n",
                "at least two `options`",
            ),
            ("due = 2027-05-04\n", "", "has no `due` date"),
            (
                "blocks = [\"up\"]",
                "blocks = [\"nope\"]",
                "unknown milestone or criterion `nope`",
            ),
            (
                "status = \"open\"",
                "status = \"pending\"",
                "unknown decision status",
            ),
        ];
        for (from, to, expect) in cases {
            assert!(BASE.contains(from), "{from}");
            let text = BASE.replacen(from, to, 1);
            let got = messages(&text);
            assert!(got.iter().any(|m| m.contains(expect)), "{expect}: {got:?}");
        }
    }

    #[test]
    fn a_stale_check_is_a_warning_not_an_error() {
        let text = BASE.replacen(
            "checked = 2026-12-01\n\n[[decision]]",
            "checked = 2026-08-01\n\n[[decision]]",
            1,
        );
        let mut d = Diagnostics::new();
        let r = Rollout::parse(Path::new("r.toml"), &text, &mut d).expect("parses");
        super::check(&r, &mut d);
        assert!(!d.fails(false));
        assert!(d.fails(true));
    }

    #[test]
    fn criteria_texts_are_whole_and_plain() {
        let page = "Intro.\n\n- `phase-0.exit.offline`: `cargo build --offline` succeeds for the\n  [whole tree](../x.md) with *no* network.\n- `phase-0.exit.static`: both builds.\n";
        let texts = crate::base::markdown::criteria_texts(page);
        assert_eq!(
            texts,
            vec![
                (
                    "phase-0.exit.offline".to_owned(),
                    "cargo build --offline succeeds for the whole tree with no network.".to_owned()
                ),
                ("phase-0.exit.static".to_owned(), "both builds.".to_owned()),
            ]
        );
    }

    #[test]
    fn project_items_inform_upstream_ones() {
        let project = "\n[[milestone]]\nid = \"proto\"\nphase = \"phase-0\"\nscope = \"project\"\ntitle = \"Prototype\"\nstatus = \"planned\"\n";
        let missing = messages(&format!("{BASE}{project}"));
        assert!(
            missing
                .iter()
                .any(|m| m.contains("which upstream milestones it informs")),
            "{missing:?}"
        );
        let wrong = messages(&format!("{BASE}{project}informs = [\"proto\"]\n"));
        assert!(
            wrong
                .iter()
                .any(|m| m.contains("not an upstream milestone")),
            "{wrong:?}"
        );
        let right = messages(&format!("{BASE}{project}informs = [\"up\"]\n"));
        assert_eq!(right, Vec::<String>::new());
    }
}
