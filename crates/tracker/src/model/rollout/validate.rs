//! Semantic checks of the rollout data: closed vocabularies, unique ids,
//! references that resolve, no dependency cycles, dates in order, and
//! evidence behind every "done" and "met". Every problem is reported, with
//! the position of the value at fault.

use super::evidence::Checker;
use super::{CriterionStatus, Date, MilestoneStatus, PhaseStatus, RiskStatus, Rollout, Severity};
use crate::base::diag::Diagnostics;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use toml::Spanned;

/// Runs every rule; `checker` verifies evidence.
pub fn validate(r: &Rollout, checker: &Checker<'_>, diags: &mut Diagnostics) {
    let mut v = Validator { r, diags };
    v.meta();
    v.phases();
    v.milestones(checker);
    v.criteria(checker);
    v.risks();
    v.platforms();
    v.toolchain();
    super::review_rules::check(r, diags);
}

struct Validator<'a, 'd> {
    r: &'a Rollout,
    diags: &'d mut Diagnostics,
}

impl Validator<'_, '_> {
    fn err(&mut self, span: Range<usize>, message: impl Into<String>) {
        let pos = self.r.pos(span);
        self.diags.error(&self.r.path, pos, message);
    }

    fn vocab<T>(
        &mut self,
        value: &Spanned<String>,
        what: &str,
        parse: fn(&str) -> Option<T>,
        expected: String,
    ) {
        if parse(value.as_ref()).is_none() {
            self.err(
                value.span(),
                format!(
                    "unknown {what} `{}` (expected one of {expected})",
                    value.as_ref()
                ),
            );
        }
    }

    fn date(&mut self, value: &Spanned<toml::value::Datetime>) -> Option<Date> {
        let date = Date::from_toml(value.as_ref());
        if date.is_none() {
            self.err(value.span(), "expected a date like 2026-11-24 (no time)");
        }
        date
    }

    /// An https URL, or a `source` written as a repository path that
    /// resolved (an unresolved one is reported with why).
    fn url(&mut self, value: &Spanned<String>) {
        if let Some(why) = self.r.unresolved_source(&value.span()) {
            self.err(value.span(), why.to_owned());
            return;
        }
        if !super::evidence::is_https_url(value.as_ref()) {
            self.err(
                value.span(),
                format!("not an https URL: `{}`", value.as_ref()),
            );
        }
    }

    fn unique<'x>(&mut self, what: &str, ids: impl Iterator<Item = &'x Spanned<String>>) {
        let mut seen = HashSet::new();
        for id in ids {
            let text = id.as_ref();
            let shape_ok = !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
            if !shape_ok {
                self.err(
                    id.span(),
                    format!("{what} id `{text}`: use lowercase letters, digits, `-` and `.`"),
                );
            }
            if !seen.insert(text.clone()) {
                self.err(id.span(), format!("duplicate {what} id `{text}`"));
            }
        }
    }

    fn meta(&mut self) {
        let m = &self.r.data.meta;
        if *m.schema.as_ref() != 2 {
            self.err(
                m.schema.span(),
                format!(
                    "unsupported schema {} (this tracker reads 2)",
                    m.schema.as_ref()
                ),
            );
        }
        self.date(&m.as_of);
        if m.first_revision.as_ref().trim().is_empty() {
            self.err(
                m.first_revision.span(),
                "first-revision must name a git revision",
            );
        }
    }

    fn phases(&mut self) {
        let r = self.r;
        self.unique("phase", r.data.phase.iter().map(|p| &p.id));
        let mut previous: Option<(Date, String)> = None;
        for p in &r.data.phase {
            self.vocab(
                &p.status,
                "phase status",
                PhaseStatus::parse,
                PhaseStatus::expected(),
            );
            self.url(&p.source);
            let python = p.python.as_ref();
            let version_ok = python == "fork"
                || python == "none"
                || python.split_once('.').is_some_and(|(a, b)| {
                    a == "3" && !b.is_empty() && b.chars().all(|c| c.is_ascii_digit())
                });
            if !version_ok {
                self.err(
                    p.python.span(),
                    format!("python `{python}`: expected `3.N`, `fork` or `none`"),
                );
            }
            let start = p.start.as_ref().and_then(|s| self.date(s));
            let end = p.end.as_ref().and_then(|e| self.date(e));
            if let (Some(s), Some(e), Some(end_span)) = (start, end, p.end.as_ref())
                && e < s
            {
                self.err(
                    end_span.span(),
                    format!(
                        "phase `{}` ends ({e}) before it starts ({s})",
                        p.id.as_ref()
                    ),
                );
            }
            if let (Some(s), Some((prev, prev_id)), Some(span)) =
                (start, &previous, p.start.as_ref())
                && s < *prev
            {
                self.err(
                    span.span(),
                    format!(
                        "phase `{}` starts ({s}) before the phase before it, `{prev_id}` ({prev})",
                        p.id.as_ref()
                    ),
                );
            }
            if let Some(s) = start {
                previous = Some((s, p.id.as_ref().clone()));
            }
        }
    }

    fn milestones(&mut self, checker: &Checker<'_>) {
        let r = self.r;
        self.unique("milestone", r.data.milestone.iter().map(|m| &m.id));
        let as_of = Date::from_toml(r.data.meta.as_of.as_ref());
        for m in &r.data.milestone {
            self.vocab(
                &m.status,
                "milestone status",
                MilestoneStatus::parse,
                MilestoneStatus::expected(),
            );
            if r.phase(m.phase.as_ref()).is_none() {
                self.err(
                    m.phase.span(),
                    format!("unknown phase `{}`", m.phase.as_ref()),
                );
            }
            for dep in &m.depends_on {
                if r.milestone(dep.as_ref()).is_none() {
                    self.err(
                        dep.span(),
                        format!(
                            "`{}` depends on unknown milestone `{}`",
                            m.id.as_ref(),
                            dep.as_ref()
                        ),
                    );
                }
            }
            for pep in &m.peps {
                if !checker
                    .drafts
                    .iter()
                    .any(|d| d.number() == Some(*pep.as_ref()))
                {
                    self.err(
                        pep.span(),
                        format!("no draft pep-drafts/pep-{}.md", pep.as_ref()),
                    );
                }
            }
            if let Some(src) = &m.source {
                self.url(src);
            }
            let date = m.date.as_ref().and_then(|d| self.date(d));
            if let Some(due) = &m.due {
                self.date(due);
            }
            let done = m.status() == Some(MilestoneStatus::Done);
            if done && date.is_none() {
                self.err(
                    m.status.span(),
                    format!("milestone `{}` is done but has no `date`", m.id.as_ref()),
                );
            }
            if let (true, Some(d), Some(now), Some(span)) = (done, date, as_of, m.date.as_ref())
                && d > now
            {
                self.err(
                    span.span(),
                    format!("done on {d}, after the data's as-of date {now}"),
                );
            }
            if done {
                for dep in &m.depends_on {
                    let Some(dm) = r.milestone(dep.as_ref()) else {
                        continue;
                    };
                    let dep_date = dm.date.as_ref().and_then(|d| Date::from_toml(d.as_ref()));
                    if dm.status() != Some(MilestoneStatus::Done) {
                        self.err(
                            dep.span(),
                            format!(
                                "`{}` is done but depends on `{}`, which is {}",
                                m.id.as_ref(),
                                dep.as_ref(),
                                dm.status.as_ref()
                            ),
                        );
                    } else if let (Some(a), Some(b)) = (date, dep_date)
                        && a < b
                    {
                        self.err(
                            dep.span(),
                            format!(
                                "`{}` was done ({a}) before `{}`, which it depends on ({b})",
                                m.id.as_ref(),
                                dep.as_ref()
                            ),
                        );
                    }
                }
            }
            self.evidence(&m.id, done, "done", &m.evidence, checker);
        }
        self.cycles();
    }

    fn evidence(
        &mut self,
        id: &Spanned<String>,
        claimed: bool,
        claim: &str,
        evidence: &[Spanned<super::Evidence>],
        checker: &Checker<'_>,
    ) {
        if claimed && evidence.is_empty() {
            self.err(
                id.span(),
                format!("`{}` is {claim} but names no evidence", id.as_ref()),
            );
        }
        for ev in evidence {
            let e = ev.as_ref();
            let kinds = [
                e.link.is_some(),
                e.pep.is_some(),
                e.milestone.is_some(),
                e.measure.is_some(),
                e.platforms_rust_tier_at_most.is_some(),
            ];
            if kinds.iter().filter(|k| **k).count() != 1 {
                self.err(ev.span(), "evidence names exactly one of `link`, `pep`, `milestone`, `measure`, `platforms-rust-tier-at-most`");
                continue;
            }
            if let Some(key) = &e.key {
                self.err(
                    ev.span(),
                    format!(
                        "`key = \"{key}\"` addresses a value by its position, which a new case \
                         silently shifts: name it with `of = {{ ... }}` (see src/status/data.md)"
                    ),
                );
                continue;
            }
            if e.measure.is_some() && (e.of.is_none() || e.expect.is_none()) {
                self.err(ev.span(), "`measure` evidence needs `of` and `expect`");
                continue;
            }
            if e.measure.is_none()
                && (e.of.is_some() || e.expect.is_some() || !e.sources.is_empty())
            {
                self.err(
                    ev.span(),
                    "`of`, `expect` and `sources` belong to `measure` evidence",
                );
                continue;
            }
            // Evidence must hold for what is claimed done or met. For other
            // items it shows progress, so only a dangling reference (a typo)
            // is an error.
            let checked = checker.check(e);
            let fatal = claimed || checked.state == super::evidence::State::Missing;
            if let (true, Some(detail)) = (fatal, &checked.detail) {
                self.err(
                    ev.span(),
                    format!(
                        "evidence for `{}` is {}: {detail}",
                        id.as_ref(),
                        checked.state.as_str()
                    ),
                );
            }
        }
    }

    /// Depth-first search for a cycle in `depends-on`.
    fn cycles(&mut self) {
        let r = self.r;
        let edges: HashMap<&str, Vec<&Spanned<String>>> = r
            .data
            .milestone
            .iter()
            .map(|m| (m.id.as_ref().as_str(), m.depends_on.iter().collect()))
            .collect();
        let mut state: HashMap<&str, u8> = HashMap::new(); // 1 visiting, 2 done
        let mut reported = HashSet::new();
        for m in &r.data.milestone {
            let mut stack: Vec<(&str, usize)> = vec![(m.id.as_ref().as_str(), 0)];
            let mut path: Vec<&str> = Vec::new();
            while let Some((node, next)) = stack.pop() {
                if next == 0 {
                    match state.get(node) {
                        Some(2) => continue,
                        Some(1) => continue,
                        _ => {}
                    }
                    state.insert(node, 1);
                    path.push(node);
                }
                let deps = edges.get(node).map(Vec::as_slice).unwrap_or(&[]);
                if let Some(dep) = deps.get(next) {
                    stack.push((node, next + 1));
                    let d = dep.as_ref().as_str();
                    match state.get(d) {
                        Some(1) => {
                            let start = path.iter().position(|p| *p == d).unwrap_or(0);
                            let mut cycle: Vec<&str> = path[start..].to_vec();
                            cycle.push(d);
                            let key: Vec<String> = {
                                let mut k: Vec<String> =
                                    cycle.iter().map(|s| s.to_string()).collect();
                                k.sort();
                                k
                            };
                            if reported.insert(key) {
                                let span = dep.span();
                                self.err(span, format!("dependency cycle: {}", cycle.join(" -> ")));
                            }
                        }
                        Some(_) => {}
                        None => stack.push((d, 0)),
                    }
                } else {
                    state.insert(node, 2);
                    path.pop();
                }
            }
        }
    }

    fn criteria(&mut self, checker: &Checker<'_>) {
        let r = self.r;
        self.unique("criterion", r.data.criterion.iter().map(|c| &c.id));
        for c in &r.data.criterion {
            self.vocab(
                &c.status,
                "criterion status",
                CriterionStatus::parse,
                CriterionStatus::expected(),
            );
            let parts: Vec<&str> = c.id.as_ref().split('.').collect();
            let shape_ok =
                parts.len() == 3 && matches!(parts[1], "entry" | "exit") && !parts[2].is_empty();
            if !shape_ok {
                self.err(
                    c.id.span(),
                    format!(
                        "criterion id `{}`: expected `PHASE.entry.NAME` or `PHASE.exit.NAME`",
                        c.id.as_ref()
                    ),
                );
            } else if r.phase(parts[0]).is_none() {
                self.err(
                    c.id.span(),
                    format!(
                        "criterion `{}` names unknown phase `{}`",
                        c.id.as_ref(),
                        parts[0]
                    ),
                );
            }
            if let Some(src) = &c.source {
                self.url(src);
            }
            if c.evidence.is_empty() && c.source.is_none() {
                self.err(
                    c.id.span(),
                    format!(
                        "criterion `{}` cites neither evidence nor a source",
                        c.id.as_ref()
                    ),
                );
            }
            let met = c.status() == Some(CriterionStatus::Met);
            self.evidence(&c.id, met, "met", &c.evidence, checker);
        }
    }

    fn risks(&mut self) {
        let r = self.r;
        self.unique("risk", r.data.risk.iter().map(|x| &x.id));
        for risk in &r.data.risk {
            self.vocab(
                &risk.severity,
                "severity",
                Severity::parse,
                Severity::expected(),
            );
            self.vocab(
                &risk.status,
                "risk status",
                RiskStatus::parse,
                RiskStatus::expected(),
            );
            self.url(&risk.source);
            for m in &risk.milestones {
                if r.milestone(m.as_ref()).is_none() {
                    self.err(
                        m.span(),
                        format!(
                            "risk `{}` names unknown milestone `{}`",
                            risk.id.as_ref(),
                            m.as_ref()
                        ),
                    );
                }
            }
        }
    }

    fn platforms(&mut self) {
        let mut seen = HashSet::new();
        for p in &self.r.data.platform {
            for (tier, what) in [(&p.pep11_tier, "PEP 11 tier"), (&p.rust_tier, "Rust tier")] {
                if !(1..=3).contains(tier.as_ref()) {
                    self.err(
                        tier.span(),
                        format!("{what} {} (expected 1, 2 or 3)", tier.as_ref()),
                    );
                }
            }
            if !seen.insert((p.cpython.as_ref().clone(), p.compiler.clone())) {
                self.err(
                    p.cpython.span(),
                    format!(
                        "duplicate platform `{}` ({})",
                        p.cpython.as_ref(),
                        p.compiler
                    ),
                );
            }
            let mut last: Option<Date> = None;
            for change in &p.changes {
                match Date::from_toml(&change.as_ref().date) {
                    None => self.err(
                        change.span(),
                        "change date: expected a date like 2026-11-24",
                    ),
                    Some(d) => {
                        if let Some(prev) = last
                            && d < prev
                        {
                            self.err(
                                change.span(),
                                format!("change dated {d} listed after one dated {prev}"),
                            );
                        }
                        last = Some(d);
                    }
                }
            }
        }
    }

    fn toolchain(&mut self) {
        let is_version = |s: &str| {
            matches!(s, "none" | "unknown")
                || s.split('.')
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        };
        for t in &self.r.data.toolchain {
            for v in [&t.python, &t.uses, &t.requires] {
                if !is_version(v.as_ref()) {
                    self.err(
                        v.span(),
                        format!(
                            "`{}`: expected a version such as 1.95, `none` or `unknown`",
                            v.as_ref()
                        ),
                    );
                }
            }
            self.url(&t.source);
        }
    }
}
