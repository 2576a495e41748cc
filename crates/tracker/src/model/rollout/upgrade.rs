//! Data written for an older schema, read as the current one, so that
//! "changes since the last review" can compare with old revisions. Only
//! what a comparison needs is carried over; evidence is dropped, because
//! old revisions are not re-checked.

use toml::{Table, Value};

/// The text of `text` upgraded to the current schema, or `None` when it
/// already is current (or is not TOML: the parser reports that).
pub fn upgrade(text: &str) -> Option<String> {
    let mut data: Table = text.parse().ok()?;
    let meta = data.get_mut("meta")?.as_table_mut()?;
    if meta.get("schema")?.as_integer()? >= 2 {
        return None;
    }
    meta.insert("schema".into(), Value::Integer(2));
    let first = meta
        .remove("review-baseline")
        .unwrap_or_else(|| Value::String("unknown".into()));
    meta.insert("first-revision".into(), first);
    for kind in ["phase", "milestone", "criterion", "risk"] {
        for item in tables(&mut data, kind) {
            item.entry("scope")
                .or_insert_with(|| Value::String("upstream".into()));
            item.remove("evidence");
        }
    }
    let mut decisions = Vec::new();
    for (i, old) in tables(&mut data, "decision").into_iter().enumerate() {
        let what = old
            .remove("what")
            .unwrap_or_else(|| Value::String(String::new()));
        let mut new = Table::new();
        new.insert("id".into(), Value::String(format!("decision-{i}")));
        new.insert("scope".into(), Value::String("upstream".into()));
        new.insert("status".into(), Value::String("decided".into()));
        new.insert("question".into(), what.clone());
        new.insert("answer".into(), what);
        if let Some(who) = old.remove("who") {
            new.insert("owner".into(), who);
        }
        if let Some(link) = old.remove("link") {
            new.insert("record".into(), link);
        }
        for key in ["date", "note"] {
            if let Some(v) = old.remove(key) {
                new.insert(key.into(), v);
            }
        }
        decisions.push(Value::Table(new));
    }
    if !decisions.is_empty() {
        data.insert("decision".into(), Value::Array(decisions));
    }
    toml::to_string(&data).ok()
}

fn tables<'a>(data: &'a mut Table, kind: &str) -> Vec<&'a mut Table> {
    match data.get_mut(kind).and_then(Value::as_array_mut) {
        Some(items) => items.iter_mut().filter_map(Value::as_table_mut).collect(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::upgrade;
    use crate::base::diag::Diagnostics;
    use crate::model::rollout::Rollout;
    use std::path::Path;

    #[test]
    fn schema_one_reads_as_schema_two() {
        let old = r#"
[meta]
schema = 1
as-of = 2026-11-24
review-baseline = "8c0909e"

[[phase]]
id = "phase-0"
title = "Groundwork"
python = "fork"
status = "in-progress"
source = "https://example.org/p0"

[[milestone]]
id = "m1"
phase = "phase-0"
title = "First"
status = "done"
date = 2025-11-14
evidence = [{ measure = "examples/results/bench.json", key = "a.b", expect = ">= 1" }]

[[decision]]
date = 2025-11-14
what = "Use bindgen"
who = "The team"
link = "https://example.org/11"
"#;
        let text = upgrade(old).expect("upgraded");
        let mut d = Diagnostics::new();
        let r = Rollout::parse(Path::new("old.toml"), &text, &mut d).expect("parses");
        assert!(d.is_empty());
        assert_eq!(r.data.meta.first_revision.as_ref(), "8c0909e");
        assert_eq!(
            r.data.decision[0]
                .answer
                .as_ref()
                .map(|a| a.as_ref().as_str()),
            Some("Use bindgen")
        );
        assert!(r.data.milestone[0].evidence.is_empty());
        assert!(upgrade(&text).is_none(), "current data is left alone");
    }
}
